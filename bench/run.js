// `npm run bench`: Radfolio against raw baselines, side by side in one run (README: Benchmarks).
//
//   npm run bench                      every benchmark, full size, results written to bench/results/
//   npm run bench -- --only P5         one benchmark
//   npm run bench -- --quick           smoke mode: tiny data, one repetition, nothing written
//   npm run bench -- --reps 7          repetitions per pair (default 5)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';
import { startOrthanc } from '../scripts/archive/orthanc.js';
import { pickedBy, runPairs, runSingles, table, writeResults } from './harness.js';
import { p1p2Vault } from './pairs/p1p2-vault.js';
import { p3Open } from './pairs/p3-open.js';
import { p4Share } from './pairs/p4-share.js';
import { p5Sync } from './pairs/p5-sync.js';
import { p6Memory } from './pairs/p6-memory.js';
import { p6Receive } from './pairs/p6-receive.js';
import { p7Js } from './pairs/p7-js.js';
import { p8Timeline } from './pairs/p8-timeline.js';
import { p6View } from './pairs/p6-view.js';
import { p10Scroll } from './pairs/p10-scroll.js';
import { p9Cold } from './pairs/p9-cold.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
	options: {
		only: { type: 'string' },
		quick: { type: 'boolean' },
		reps: { type: 'string' },
		'skip-build': { type: 'boolean' }
	}
});
const quick = Boolean(args.quick);
const reps = quick ? 1 : Number(args.reps ?? 5);

const must = (cmd, argv) => {
	const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
};
must('node', ['scripts/ensure-system.js']);
if (!args['skip-build']) must('npm', ['run', '-s', 'build']);

const tmp = mkdtempSync(join(tmpdir(), 'radfolio-bench-'));
const profiles = join(root, 'bench', '.profiles');
mkdirSync(profiles, { recursive: true });
const archive = await startOrthanc({
	dir: join(tmp, 'orthanc'),
	httpPort: 18190,
	dicomPort: 14290
});
/** Starts scripts/start.js on the next free bench port with extra environment; resolves once it answers. */
let nextPort = 4288;
async function startServer(env, buildDir = join(root, 'build')) {
	const port = nextPort++;
	const url = `http://127.0.0.1:${port}`;
	const child = spawn('node', ['scripts/start.js'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, ...env, PORT: String(port), RADFOLIO_BUILD_DIR: buildDir }
	});
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(url)).ok) break;
		} catch (error) {
			if (i > 300) throw new Error('the app server did not start', { cause: error });
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	return {
		url,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
		}
	};
}

const appDataDir = join(tmp, 'server');
let server;
try {
	server = await startServer({
		RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
		RADFOLIO_ARCHIVE_USER: archive.user,
		RADFOLIO_ARCHIVE_PASSWORD: archive.password,
		RADFOLIO_DATA_DIR: appDataDir
	});
	const app = { url: server.url, dataDir: appDataDir };
	const { module: generate } = await runnerImport(join(root, 'tests/fixtures/dicom/generate.ts'));
	const { module: seed } = await runnerImport(join(root, 'tests/fixtures/archive-seed.ts'));
	const ctx = { archive, app, generate, seed, profiles, tmp, root, startServer };
	const pairs = [
		...p1p2Vault({ ...ctx, slices: quick ? 5 : 300 }),
		...p3Open({ ...ctx, sizes: quick ? [3, 6] : [30, 300, 1000] }),
		p4Share({ ...ctx, slices: quick ? 3 : 50 }),
		p5Sync({ ...ctx, slices: quick ? 5 : 200 }),
		p9Cold(ctx),
		p10Scroll({ ...ctx, slices: quick ? 20 : 300 })
	].filter((p) => pickedBy(args.only, p.id));
	const singles = [
		...p6Memory({ ...ctx, megabytes: Number(process.env.BENCH_P6_MB) || (quick ? 4 : 1024) }),
		p6Receive({ ...ctx, megabytes: Number(process.env.BENCH_P6_MB) || (quick ? 4 : 1024) }),
		p7Js(ctx),
		...p8Timeline({ ...ctx, count: quick ? 20 : 1000 }),
		...p6View({ ...ctx, megabytes: Number(process.env.BENCH_P6_MB) || (quick ? 4 : 1024) })
	].filter((p) => pickedBy(args.only, p.id));
	const rows = [...(await runPairs(pairs, reps)), ...(await runSingles(singles, reps))];
	console.log(`\n${table(rows)}\n`);
	if (!quick) {
		writeResults(join(root, 'bench', 'results'), rows, { reps });
		console.log('Written to bench/results/latest.md and latest.json');
	}
} finally {
	await server?.stop();
	await archive.stop();
	rmSync(tmp, { recursive: true, force: true });
}
