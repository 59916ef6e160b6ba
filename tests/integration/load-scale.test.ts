import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnServer } from '../e2e/server';
import { asSharePart } from '../fixtures/share-header';
import { loadServer, type LoadResult } from '../reliability/load';
import { RELIABILITY_SCALE, reportRow } from '../reliability/report';
import { freshDatabase, testPostgres, type Postgres } from './postgres';
import { freshBucket, s3Client, s3Env, testS3, type S3Server } from './s3';

/**
 * R5 at N=2: the relay's load (concurrent share uploads, then each share downloaded by its own recipient) on two
 * instances on PostgreSQL + one S3 bucket behind a round-robin balancer — a share's parts land on both — against one
 * embedded instance (SQLite + local disk), in the same run on the same machine. `npm test`: 10 senders of 2 MB shares;
 * `npm run test:reliability` (scale ≥ 5): 50 senders of 20 MB shares, as R5. 0 errors; every instance's memory
 * stays bounded (it streams: it never holds a share). Then whole small one-open shares, one after another from many
 * clients, for the shares per second the databases and blob stores allow. The same balancer stands in front of N=1 and
 * N=2. The built server is run (`npm run build` first).
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

/**
 * Whole one-open shares, small (64 KiB), `count` of them, `concurrency` at a time, each from a client of its own (as
 * the balancer says): create, upload, complete, open, download, say it arrived — after which the share ends and its
 * ciphertext is deleted. What the database and the blob store's small operations allow, in shares per second.
 */
async function shareRoundTrips(base: string, count: number, concurrency: number) {
	const part = asSharePart(new Uint8Array(64 * 1024).fill(7));
	let next = 0;
	let errors = 0;
	const started = performance.now();
	const one = async (n: number) => {
		const from = { 'X-Forwarded-For': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
		const json = { ...from, 'Content-Type': 'application/json' };
		const step = async (path: string, init: RequestInit, status: number) => {
			const response = await fetch(`${base}/api/relay/${path}`, init);
			if (response.status !== status) throw new Error(`${path}: ${response.status}`);
			return response.status === 204 ? null : await response.arrayBuffer();
		};
		const created = await step(
			'shares',
			{ method: 'POST', headers: json, body: '{"expiresInSeconds":3600,"maxOpens":1}' },
			201
		);
		const { id, ownerToken } = JSON.parse(Buffer.from(created!).toString()) as {
			id: string;
			ownerToken: string;
		};
		const owner = { ...from, Authorization: `Bearer ${ownerToken}` };
		await step(
			`shares/${id}/parts/0`,
			{
				method: 'PUT',
				headers: { ...owner, 'Content-Type': 'application/octet-stream' },
				body: part as BodyInit
			},
			200
		);
		await step(`shares/${id}/complete`, { method: 'POST', headers: owner }, 200);
		const opened = await step(
			`shares/${id}/open`,
			{ method: 'POST', headers: json, body: '{}' },
			201
		);
		const { ticket } = JSON.parse(Buffer.from(opened!).toString()) as { ticket: string };
		const holder = { ...from, Authorization: `Bearer ${ticket}` };
		const got = await step(`shares/${id}/blob`, { headers: holder }, 200);
		if (got!.byteLength !== part.length) throw new Error('short download');
		await step(`shares/${id}/opened`, { method: 'POST', headers: holder }, 204);
	};
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) await one(next++).catch(() => errors++);
		})
	);
	return { perSecond: count / ((performance.now() - started) / 1000), errors };
}

/**
 * scripts/round-robin.js in a process of its own, as a real balancer is: in the test's process it would share one
 * thread with the load it forwards. `stop` returns what each upstream answered.
 */
async function balancer(port: number, upstreams: string[]) {
	const child: ChildProcess = spawn(
		process.execPath,
		['scripts/round-robin.js', String(port), ...upstreams],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	let output = '';
	child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	const deadline = Date.now() + 10_000;
	while (!output.includes('"url"')) {
		if (child.exitCode !== null || Date.now() > deadline)
			throw new Error(`the balancer did not start: ${output}`);
		await new Promise((r) => setTimeout(r, 20));
	}
	return {
		url: `http://127.0.0.1:${port}`,
		/** What each upstream answered (by method; `blob`: downloads) and what was refused or failed, by status. */
		async stop(): Promise<{ answered: Record<string, number>[]; refused: Record<string, number> }> {
			if (child.exitCode !== null) return { answered: [], refused: {} };
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
			return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
				answered: Record<string, number>[];
				refused: Record<string, number>;
			};
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
	/** The same balancer in front of each: N=1 and N=2 are measured the same way. */
	let proxy1: Awaited<ReturnType<typeof balancer>>;
	let proxy: Awaited<ReturnType<typeof balancer>>;

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
		single = new OwnServer(4313, {
			env: { RADFOLIO_DATA_DIR: dir(), RADFOLIO_TRUSTED_PROXIES: '127.0.0.1' }
		});
		const scaled = () => ({
			RADFOLIO_DATA_DIR: dir(),
			RADFOLIO_DATABASE_URL: database,
			...s3Env(s3, bucket),
			RADFOLIO_TRUSTED_PROXIES: '127.0.0.1'
		});
		pair = [new OwnServer(4314, { env: scaled() }), new OwnServer(4315, { env: scaled() })];
		await Promise.all([single, ...pair].map((s) => s.start()));
		[proxy1, proxy] = await Promise.all([
			balancer(4316, [single.url]),
			balancer(
				4317,
				pair.map((s) => s.url)
			)
		]);
	}, 120_000);

	afterAll(async () => {
		await Promise.all([proxy1?.stop(), proxy?.stop()]);
		for (const s of [single, ...pair]) await s?.stop();
		await Promise.all([postgres?.stop(), s3?.stop()]);
		for (const d of dirs) rmSync(d, { recursive: true, force: true });
	});

	it('moves every share through both instances with 0 errors, each instance’s memory bounded; N=1 beside it', async () => {
		// N=1 first, then N=2, one after the other: the same machine, nothing else competing.
		const n1Memory = sampleMemory([single.pid]);
		const n1 = await loadServer({
			base: proxy1.url,
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
		// Both instances took parts and served downloads (the balancer says, when stopped; a new one takes over).
		const { answered, refused } = await proxy.stop();
		if (Object.keys(refused).length) console.log('refused or failed at N=2:', refused);
		proxy = await balancer(
			4317,
			pair.map((s) => s.url)
		);
		for (const i of [0, 1]) {
			expect(answered[i]?.PUT).toBeGreaterThan(0);
			expect(answered[i]?.blob).toBeGreaterThan(0);
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
		if (errors(n1) || errors(n2)) {
			console.log(
				`errors: N=1 uploads ${n1.uploads.errors}, downloads ${n1.downloads.errors}; N=2 uploads ${n2.uploads.errors}, downloads ${n2.downloads.errors}`
			);
			for (const s of [single, ...pair]) console.log(s.output.slice(-4000));
		}
		expect(errors(n1)).toBe(0);
		expect(errors(n2)).toBe(0);
		expect(n2.downloads.requests).toBe(clients);
		for (const m of [n1Rss!, ...n2Rss]) expect(m.peak - m.base).toBeLessThan(bound);
	}, 900_000);
	it('completes whole small one-open shares (create … opened) from many clients with 0 errors, on N=1 and N=2', async () => {
		const count = full ? 500 : 40;
		const n1 = await shareRoundTrips(proxy1.url, count, 20);
		const n2 = await shareRoundTrips(proxy.url, count, 20);
		const notes = `${count} one-open 64 KiB shares, 20 at a time: N=1 (SQLite + disk) ${n1.perSecond.toFixed(0)}/s, N=2 (PostgreSQL + S3) ${n2.perSecond.toFixed(0)}/s`;
		console.log(notes);
		reportRow('R5n2s', {
			check: `R5 at N=2, small shares: ${count} whole one-open shares (create, upload, open, download, opened) on 1 and on 2 instances`,
			cases: 2 * count,
			passed: 2 * count - n1.errors - n2.errors,
			lost: 0,
			notes
		});
		expect(n1.errors).toBe(0);
		expect(n2.errors).toBe(0);
	}, 600_000);
});
