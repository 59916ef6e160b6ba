import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnServer } from '../e2e/server';
import { startRoundRobin } from '../fixtures/round-robin';
import { loadServer, type LoadResult } from '../reliability/load';
import { RELIABILITY_SCALE, reportRow } from '../reliability/report';
import { freshDatabase, testPostgres, type Postgres } from './postgres';
import { freshBucket, s3Client, s3Env, testS3, type S3Server } from './s3';

/**
 * R5 at N=2: the relay's load (concurrent share uploads, then each share downloaded by its own recipient) on two
 * instances on PostgreSQL + one S3 bucket behind a round-robin balancer — a share's parts land on both — against one
 * embedded instance (SQLite + local disk), in the same run on the same machine. `npm test`: 10 senders of 2 MB shares;
 * `npm run test:reliability` (scale ≥ 5): 50 senders of 20 MB shares, as R5. 0 errors; every instance's memory
 * stays bounded (it streams: it never holds a share). The built server is run (`npm run build` first).
 */
const MiB = 1024 * 1024;
const full = RELIABILITY_SCALE >= 5;
const clients = full ? 50 : 10;
const shareBytes = (full ? 20 : 2) * MiB;
/** R5's bound on what a server may grow by: it holds read-aheads and socket buffers, never the shares. */
const bound = Math.max(128, (clients * shareBytes) / MiB / 2);

function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

/** Each process's resident memory, sampled every 100 ms until `stop`: its start and its peak, in MiB. */
function sampleMemory(pids: number[]) {
	const base = pids.map(rssMiB);
	const peak = [...base];
	const timer = setInterval(() => {
		pids.forEach((pid, i) => (peak[i] = Math.max(peak[i]!, rssMiB(pid))));
	}, 100);
	return {
		stop() {
			clearInterval(timer);
			return pids.map((_, i) => ({ base: base[i]!, peak: peak[i]! }));
		}
	};
}

const figures = (r: LoadResult) =>
	`uploads ${r.uploads.throughput.toFixed(0)} MB/s (p99 ${r.uploads.p99ms.toFixed(0)} ms), downloads ${r.downloads.throughput.toFixed(0)} MB/s (p99 ${r.downloads.p99ms.toFixed(0)} ms)`;

describe(`R5 at N=2: ${clients} concurrent ${shareBytes / MiB} MB shares, PostgreSQL + S3 vs SQLite + disk`, () => {
	let postgres: Postgres;
	let s3: S3Server;
	const dirs: string[] = [];
	let single: OwnServer;
	let pair: OwnServer[] = [];
	let proxy: Awaited<ReturnType<typeof startRoundRobin>>;

	beforeAll(async () => {
		if (!existsSync('build/handler.js'))
			throw new Error('no build: run `npm run build` before the load test');
		// The OSD keeps objects in RAM: room for every share at once (deleted ones are freed within a minute).
		[postgres, s3] = await Promise.all([
			testPostgres(),
			testS3({ memoryBytes: 4 * clients * shareBytes + 1024 * MiB })
		]);
		const objects = await s3Client(s3);
		const bucket = await freshBucket(objects);
		objects.destroy();
		const database = await freshDatabase(postgres);
		const dir = () => {
			const made = mkdtempSync(join(tmpdir(), 'rf-load-'));
			dirs.push(made);
			return made;
		};
		single = new OwnServer(4313, { env: { RADFOLIO_DATA_DIR: dir() } });
		const scaled = () => ({
			RADFOLIO_DATA_DIR: dir(),
			RADFOLIO_DATABASE_URL: database,
			...s3Env(s3, bucket),
			RADFOLIO_TRUSTED_PROXIES: '127.0.0.1'
		});
		pair = [new OwnServer(4314, { env: scaled() }), new OwnServer(4315, { env: scaled() })];
		await Promise.all([single, ...pair].map((s) => s.start()));
		proxy = await startRoundRobin(pair.map((s) => s.url));
	}, 120_000);

	afterAll(async () => {
		await proxy?.close();
		for (const s of [single, ...pair]) await s?.stop();
		await Promise.all([postgres?.stop(), s3?.stop()]);
		for (const d of dirs) rmSync(d, { recursive: true, force: true });
	});

	it('moves every share through both instances with 0 errors, each instance’s memory bounded; N=1 beside it', async () => {
		// N=1 first, then N=2, one after the other: the same machine, nothing else competing.
		const n1Memory = sampleMemory([single.pid]);
		const n1 = await loadServer({
			base: single.url,
			pid: single.pid,
			clients,
			shareBytes,
			gateway: null
		});
		const [n1Rss] = n1Memory.stop();
		const n2Memory = sampleMemory(pair.map((s) => s.pid));
		const n2 = await loadServer({
			base: proxy.url,
			pid: pair[0]!.pid,
			clients,
			shareBytes,
			gateway: null
		});
		const n2Rss = n2Memory.stop();
		// Both instances took parts and served downloads.
		for (const i of [0, 1]) {
			expect(proxy.log.some((r) => r.upstream === i && r.method === 'PUT')).toBe(true);
			expect(proxy.log.some((r) => r.upstream === i && r.path.endsWith('/blob'))).toBe(true);
		}
		const rss = (m: { base: number; peak: number }) =>
			`${m.base.toFixed(0)} → ${m.peak.toFixed(0)} MiB`;
		const notes =
			`N=1 (SQLite + disk): ${figures(n1)}, RSS ${rss(n1Rss!)}; ` +
			`N=2 (PostgreSQL + S3 behind round robin): ${figures(n2)}, RSS ${n2Rss.map(rss).join(' and ')}`;
		console.log(notes);
		const errors = (r: LoadResult) => r.uploads.errors + r.downloads.errors;
		const cases = [n1, n2].reduce((n, r) => n + r.uploads.requests + r.downloads.requests, 0);
		reportRow('R5n2', {
			check: `R5 at N=2: ${clients} concurrent ${shareBytes / MiB} MB share uploads + downloads on 2 instances (PostgreSQL + S3, round robin), and on 1 (SQLite + disk)`,
			cases,
			passed: cases - errors(n1) - errors(n2),
			lost: 0,
			notes
		});
		expect(errors(n1)).toBe(0);
		expect(errors(n2)).toBe(0);
		expect(n2.downloads.requests).toBe(clients);
		for (const m of [n1Rss!, ...n2Rss]) expect(m.peak - m.base).toBeLessThan(bound);
	}, 900_000);
});
