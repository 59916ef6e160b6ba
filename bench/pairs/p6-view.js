// P6-view: peak page memory with a 1 GiB, 2,048-slice CT open in the viewer and scrolled from the first slice to
// the last, as a 4 GiB phone gets it (`navigator.deviceMemory` 4: the series is read through the bounded window of
// slices, src/lib/viewer/slice-window.ts and slice-swap.ts). Sampled through the DevTools protocol as P6 samples
// it: the JS heap plus ArrayBuffer backing stores. P10-2048 / P10t-2048: the same study scrolled at 30 slices/s
// through the window (unthrottled, and with the CPU throttled 4×): the longest frame, no frame over 100 ms. P6-whole,
// the "before": the same open and scroll with the whole series handed to dwv (a device reporting 64 GiB).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { newVaultWithFolder } from './app-steps.js';
import { DEVICE_MEMORY, frameStats, openStudy, scrollAtRate } from './p10-scroll.js';
import { pickedBy } from '../harness.js';

const MiB = 1024 * 1024;

/** Samples page memory every 50 ms until `work` settles; resolves to the peak in MiB (and logs what a GC leaves). */
async function peakDuring(page, work) {
	const cdp = await page.context().newCDPSession(page);
	const usage = async () => {
		const u = await cdp.send('Runtime.getHeapUsage');
		return { heap: u.usedSize / MiB, buffers: (u.backingStorageSize ?? 0) / MiB };
	};
	let peak = { heap: 0, buffers: 0 };
	let running = true;
	const sampler = (async () => {
		while (running) {
			const u = await usage().catch(() => null);
			if (u && u.heap + u.buffers > peak.heap + peak.buffers) peak = u;
			await new Promise((r) => setTimeout(r, 50));
		}
	})();
	try {
		await work();
	} finally {
		running = false;
		await sampler;
		await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
		const after = await usage().catch(() => null);
		console.log(
			`  peak ${(peak.heap + peak.buffers).toFixed(0)} MiB = JS heap ${peak.heap.toFixed(0)} + ArrayBuffers ${peak.buffers.toFixed(0)}` +
				(after ? `; after a full GC: ${after.heap.toFixed(0)} + ${after.buffers.toFixed(0)}` : '')
		);
		await cdp.detach().catch(() => {});
	}
	return peak.heap + peak.buffers;
}

/**
 * Which of `ids` this run measures, by bench/run.js's own `--only` rule: the last of them closes the browser and
 * server (with another rule, `--only P10` left them open and the bench never exited).
 */
function planned(ids) {
	const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: false });
	return ids.filter((id) =>
		pickedBy(typeof values.only === 'string' ? values.only : undefined, id)
	);
}

/** @param {{ generate: any, profiles: string, tmp: string, startServer: Function, megabytes: number }} ctx */
export function p6View(ctx) {
	const dir = join(ctx.profiles, 'p6-view');
	const folder = join(ctx.tmp, 'p6-view-study');
	const count = Math.max(2, Math.ceil((ctx.megabytes * MiB) / (512 * 512 * 2)));
	const label =
		ctx.megabytes >= 1024 ? `${(ctx.megabytes / 1024).toFixed(0)} GiB` : `${ctx.megabytes} MiB`;
	const name = /Bench view study/;
	let server;
	let context;
	let page;
	let cdp;
	let ready = null;

	/** The study imported once, for whichever of these rows runs first. */
	const ensure = () =>
		(ready ??= (async () => {
			const study = ctx.generate.syntheticStudy(907, {
				description: 'Bench view study',
				series: [
					{
						uid: '1.2.826.0.1.3680043.10.1337.907.1',
						description: 'Axial',
						count,
						rows: 512,
						columns: 512
					}
				]
			});
			mkdirSync(folder, { recursive: true });
			for (let i = 0; i < count; i++)
				writeFileSync(join(folder, `IM${i}.dcm`), ctx.generate.imageFile(study, 0, i));
			server = await ctx.startServer({ RADFOLIO_DATA_DIR: join(ctx.tmp, 'p6-view-data') });
			rmSync(dir, { recursive: true, force: true });
			context = await chromium.launchPersistentContext(dir, {
				executablePath: CHROMIUM_PATH,
				args: CHROMIUM_ARGS,
				viewport: { width: 1280, height: 900 }
			});
			await context.addInitScript(DEVICE_MEMORY);
			page = context.pages()[0] ?? (await context.newPage());
			const t0 = Date.now();
			await newVaultWithFolder(page, {
				url: server.url,
				passphrase: 'bench view p6',
				folder,
				timeout: 1_800_000
			});
			console.log(
				`  ${label} (${count} slices) imported in ${((Date.now() - t0) / 1000).toFixed(1)} s`
			);
			rmSync(folder, { recursive: true, force: true });
			cdp = await context.newCDPSession(page);
		})());

	const ids = ['P6-view', 'P10-2048', 'P10t-2048', 'P6-whole'];
	const runs = planned(ids);
	const teardown = (id) => async () => {
		if (id !== runs.at(-1)) return;
		await context?.close();
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
		rmSync(folder, { recursive: true, force: true });
	};

	/** Opens the study as a device with `gib` GiB and scrolls it first → last by the keys, as fast as they come. */
	const openAndScroll = async (gib) => {
		await page.evaluate((g) => (window.__benchDeviceGiB = g), gib);
		const viewer = page.getByRole('region', { name: 'Image viewer' });
		const at = (i) =>
			viewer.getByText(`Image ${i} / ${count}`, { exact: true }).waitFor({ timeout: 1_800_000 });
		const from = await openStudy(page, name, count);
		await viewer.getByRole('slider').focus();
		for (let i = from; i > 1; i--) await page.keyboard.press('ArrowUp');
		await at(1);
		for (let i = 1; i < count; i++) await page.keyboard.press('ArrowDown');
		await at(count);
	};

	/** Scrolls 300 slices at 30/s from the slice shown, wheel then keys, with the CPU throttled `rate`×. */
	const scrollFrames = (rate) => async () => {
		await page.evaluate(() => (window.__benchDeviceGiB = 4));
		const from = await openStudy(page, name, count);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		try {
			const steps = Math.min(300, count - from);
			const wheel = await scrollAtRate(page, { by: 'wheel', steps, direction: 1, count, from });
			const keys = await scrollAtRate(page, {
				by: 'keys',
				steps,
				direction: -1,
				count,
				from: from + steps
			});
			const w = frameStats(wheel);
			const k = frameStats(keys);
			console.log(
				`  longest frame: wheel ${w.longest.toFixed(0)} ms, keys ${k.longest.toFixed(0)} ms; over 50 ms: ${w.over50.toFixed(1)}% / ${k.over50.toFixed(1)}%`
			);
			return Math.max(w.longest, k.longest);
		} finally {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		}
	};

	return [
		{
			id: 'P6-view',
			title: `peak page memory (JS heap + ArrayBuffers) with a ${label} study (${count} CT slices) open in the viewer and scrolled first slice → last, as a 4 GiB phone (a bounded window of slices)`,
			target: 384,
			unit: 'MiB',
			reps: 1,
			setup: ensure,
			measure: () => peakDuring(page, () => openAndScroll(4)),
			teardown: teardown('P6-view')
		},
		{
			id: 'P10-2048',
			title: `the ${count}-slice study scrolled at 30 slices/s through the window (300 slices by the wheel, back by the arrow keys): the longest frame`,
			target: 100,
			unit: 'ms',
			setup: ensure,
			measure: scrollFrames(1),
			teardown: teardown('P10-2048')
		},
		{
			id: 'P10t-2048',
			title: `P10-2048 with the CPU throttled 4× (a phone-class CPU): the longest frame`,
			target: 100,
			unit: 'ms',
			setup: ensure,
			measure: scrollFrames(4),
			teardown: teardown('P10t-2048')
		},
		{
			id: 'P6-whole',
			title: `before P6-view: the same open and scroll with the whole series handed to dwv (a device reporting 64 GiB; every series before the window)`,
			target: null,
			unit: 'MiB',
			reps: 1,
			setup: ensure,
			measure: () => peakDuring(page, () => openAndScroll(64)),
			teardown: teardown('P6-whole')
		}
	];
}
