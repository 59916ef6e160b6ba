// What fills the long frames of a P10 scroll: imports a CT study, opens it as a 4 GiB phone (through the slice
// window), scrolls it at 30 slices/s with the CPU throttled, under a Chromium performance trace (devtools.timeline
// plus V8's sampling profiler, as DevTools' Performance panel records) and long-animation-frame entries. Prints,
// for each frame over the threshold, its main-thread tasks and where their time went (JS by function, GC, style,
// paint), and writes the trace for DevTools.
//
//   node bench/trace-scroll.js [--slices 300] [--rate 4] [--by wheel|keys] [--steps 150] [--over 50]
//                              [--build <dir>] [--port 4291] [--out <file.json>]
//
// Needs a build (`npm run build`, or RADFOLIO_BUILD_DIR's copy); a tool for finding time, not a bench row.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { runnerImport } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { newVaultWithFolder } from './pairs/app-steps.js';
import { DEVICE_MEMORY, frameStats, openStudy, scrollAtRate } from './pairs/p10-scroll.js';
import { QUIET } from './pairs/viewer-steps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
	options: {
		slices: { type: 'string', default: '300' },
		rate: { type: 'string', default: '4' },
		by: { type: 'string', default: 'wheel' },
		steps: { type: 'string', default: '150' },
		over: { type: 'string', default: '50' },
		build: { type: 'string', default: join(root, 'build') },
		port: { type: 'string', default: '4291' },
		device: { type: 'string', default: '4' },
		reps: { type: 'string', default: '1' },
		out: { type: 'string' }
	}
});
const count = Number(args.slices);
const over = Number(args.over);

/** Long-animation-frame entries with their scripts, from the page's first load on. */
const LOAF = `(() => {
	window.__loaf = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries())
			window.__loaf.push({
				startTime: e.startTime,
				duration: e.duration,
				blockingDuration: e.blockingDuration,
				renderStart: e.renderStart,
				styleAndLayoutStart: e.styleAndLayoutStart,
				scripts: e.scripts.map((s) => ({
					invoker: s.invoker,
					invokerType: s.invokerType,
					fn: s.sourceFunctionName,
					url: s.sourceURL.split('/').pop(),
					char: s.sourceCharPosition,
					start: s.startTime,
					duration: s.duration,
					forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration
				}))
			});
	}).observe({ type: 'long-animation-frame', buffered: true });
})()`;

const tmp = mkdtempSync(join(tmpdir(), 'radfolio-trace-'));
const port = Number(args.port);
const url = `http://127.0.0.1:${port}`;
const server = spawn('node', ['scripts/start.js'], {
	cwd: root,
	stdio: ['ignore', 'ignore', 'inherit'],
	env: {
		...process.env,
		PORT: String(port),
		RADFOLIO_BUILD_DIR: args.build,
		RADFOLIO_DATA_DIR: join(tmp, 'data')
	}
});
let context;
try {
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(url)).ok) break;
		} catch (error) {
			if (i > 300) throw error;
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const { module: generate } = await runnerImport(join(root, 'tests/fixtures/dicom/generate.ts'));
	const study = generate.syntheticStudy(961, {
		description: 'Scroll CT study',
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.961.1',
				description: 'Axial',
				count,
				rows: 512,
				columns: 512
			}
		]
	});
	const folder = join(tmp, 'study');
	mkdirSync(folder, { recursive: true });
	for (let i = 0; i < count; i++)
		writeFileSync(join(folder, `IM${i}.dcm`), generate.imageFile(study, 0, i));
	context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
		executablePath: CHROMIUM_PATH,
		args: CHROMIUM_ARGS,
		viewport: { width: 1280, height: 900 }
	});
	await context.addInitScript(DEVICE_MEMORY);
	await context.addInitScript(LOAF);
	const page = context.pages()[0] ?? (await context.newPage());
	const t0 = Date.now();
	await newVaultWithFolder(page, { url, passphrase: 'trace scroll', folder, timeout: 1_800_000 });
	console.log(`imported ${count} slices in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	const cdp = await context.newCDPSession(page);
	for (let rep = 0; rep < Number(args.reps); rep++) {
		await page.evaluate((g) => (window.__benchDeviceGiB = g), Number(args.device));
		const from = await openStudy(page, /Scroll CT study/, count);
		await page.evaluate(QUIET);
		await page.evaluate(() => (window.__loaf.length = 0));
		const events = [];
		cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
		const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
		await cdp.send('Tracing.start', {
			transferMode: 'ReportEvents',
			traceConfig: {
				includedCategories: [
					'devtools.timeline',
					'disabled-by-default-devtools.timeline',
					'disabled-by-default-devtools.timeline.frame',
					'v8.execute',
					'v8',
					'disabled-by-default-v8.cpu_profiler',
					'disabled-by-default-v8.gc',
					'blink.user_timing',
					'toplevel'
				]
			}
		});
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(args.rate) });
		const steps = Math.min(Number(args.steps), args.by === 'wheel' ? count - from : from - 1);
		const direction = args.by === 'wheel' ? 1 : -1;
		await page.evaluate(() => performance.mark('trace-scroll-start'));
		const frames = await scrollAtRate(page, { by: args.by, steps, direction, count, from });
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		await cdp.send('Tracing.end');
		await complete;
		cdp.removeAllListeners('Tracing.dataCollected');
		const loaf = await page.evaluate(() => window.__loaf);
		const stats = frameStats(frames);
		console.log(
			`\nrep ${rep}: ${steps} slices by ${args.by}, CPU ${args.rate}×: longest frame ${stats.longest.toFixed(0)} ms, over 50 ms ${stats.over50.toFixed(1)}% of ${frames.length}`
		);
		const out = args.out ?? join(tmp, `trace-${rep}.json`);
		writeFileSync(out, JSON.stringify({ traceEvents: events }));
		writeFileSync(out.replace(/\.json$/, '.loaf.json'), JSON.stringify(loaf, null, 1));
		console.log(`trace: ${out}`);
		summarise(events, loaf);
		// Back to the list for the next rep.
		await page.getByRole('link', { name: 'History', exact: true }).click();
	}
} finally {
	await context?.close();
	server.kill('SIGTERM');
	if (!args.out) console.log(`(traces kept in ${tmp}; remove it when done)`);
	else rmSync(join(tmp, 'profile'), { recursive: true, force: true });
}

/** Prints the long animation frames and, for each, what the main thread spent its time on. */
function summarise(events, loaf) {
	const main = mainThread(events);
	const samples = cpuSamples(events, main);
	const tasks = events
		.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur)
		.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
	const mark = events.find((e) => e.name === 'trace-scroll-start');
	const toTrace = (ms) => (mark ? mark.ts : 0) + ms * 1000;
	const markMs = loaf.length ? null : null;
	void markMs;
	const long = loaf.filter((f) => f.duration >= over).sort((a, b) => b.duration - a.duration);
	console.log(`long animation frames ≥ ${over} ms: ${long.length}`);
	for (const f of long.slice(0, 8)) {
		console.log(
			`  LoAF ${f.duration.toFixed(0)} ms (blocking ${f.blockingDuration.toFixed(0)}), render at +${(f.renderStart - f.startTime).toFixed(0)}, style/layout at +${(f.styleAndLayoutStart - f.startTime).toFixed(0)}`
		);
		for (const s of f.scripts)
			console.log(
				`    script ${s.duration.toFixed(0)} ms at +${(s.start - f.startTime).toFixed(0)}: ${s.invokerType} ${s.invoker} ${s.fn}@${s.url}:${s.char}`
			);
	}
	// The slowest main-thread tasks during the scroll, each broken down by what ran in it.
	const begin = mark?.ts ?? 0;
	const slow = tasks
		.filter((t) => t.ts >= begin)
		.sort((a, b) => b.dur - a.dur)
		.slice(0, 10);
	console.log(`\nslowest main-thread tasks:`);
	for (const t of slow) {
		const inside = events.filter(
			(e) =>
				e.tid === main.tid &&
				e.pid === main.pid &&
				e.ts >= t.ts &&
				e.ts < t.ts + t.dur &&
				e !== t &&
				e.ph === 'X'
		);
		const names = new Map();
		for (const e of inside) {
			const key =
				e.name === 'FunctionCall'
					? `FunctionCall ${e.args?.data?.functionName || ''}@${(e.args?.data?.url || '').split('/').pop()}`
					: e.name === 'EventDispatch'
						? `EventDispatch ${e.args?.data?.type}`
						: e.name;
			names.set(key, (names.get(key) ?? 0) + e.dur / 1000);
		}
		const top = [...names].sort((a, b) => b[1] - a[1]).slice(0, 8);
		console.log(
			`  task ${(t.dur / 1000).toFixed(0)} ms at +${((t.ts - begin) / 1000).toFixed(0)}: ${top.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(' | ')}`
		);
		const fns = selfTimes(samples, t.ts, t.ts + t.dur).slice(0, 8);
		console.log(`    JS self: ${fns.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(' | ')}`);
	}
	void toTrace;
}

function mainThread(events) {
	const names = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	// The renderer with the most events is the page's.
	let best = names[0];
	let most = -1;
	for (const n of names) {
		const k = events.filter((e) => e.pid === n.pid && e.tid === n.tid).length;
		if (k > most) {
			most = k;
			best = n;
		}
	}
	return { pid: best.pid, tid: best.tid };
}

/** The V8 sampling profiler's samples on the main thread as [time µs, "function file:line"]. */
function cpuSamples(events, main) {
	const nodes = new Map();
	const out = [];
	const profiles = new Map();
	for (const e of events) {
		if (e.pid !== main.pid) continue;
		if (e.name === 'Profile') profiles.set(e.id, { time: e.args.data.startTime, tid: e.tid });
		if (e.name !== 'ProfileChunk') continue;
		const p = profiles.get(e.id);
		if (!p || p.tid !== main.tid) continue;
		const cpu = e.args.data.cpuProfile ?? {};
		for (const n of cpu.nodes ?? []) {
			const f = n.callFrame;
			nodes.set(
				`${e.id}:${n.id}`,
				`${f.functionName || '(anonymous)'} ${(f.url || '').split('/').pop()}:${(f.lineNumber ?? 0) + 1}`
			);
		}
		const deltas = e.args.data.timeDeltas ?? [];
		(cpu.samples ?? []).forEach((s, i) => {
			p.time += deltas[i] ?? 0;
			out.push([p.time, `${e.id}:${s}`]);
		});
	}
	return out.map(([t, id], i) => [t, nodes.get(id) ?? '?', (out[i + 1]?.[0] ?? t) - t]);
}

function selfTimes(samples, from, to) {
	const by = new Map();
	for (const [t, name, d] of samples)
		if (t >= from && t < to) by.set(name, (by.get(name) ?? 0) + Math.min(d, 50_000) / 1000);
	return [...by].sort((a, b) => b[1] - a[1]);
}
