// P6-receive: peak page memory opening a 1 GiB shared study (2,048 CT slices) from its link until the first image
// shows, and then scrolling it from the first slice to the last, as a 4 GiB phone gets it (`navigator.deviceMemory`
// 4, as P6-view). The recipient verifies the share into a sealed spool (src/lib/vault/spool.ts) and the viewer reads
// slices from there through its window. Sampled through the DevTools protocol as P6 samples it: JS heap plus
// ArrayBuffer backing stores. The share is made straight on the relay by the app's own bundle, share-stream and
// upload code (tests/fixtures/large-share.ts), not through a sender's browser.
//
// BENCH_P6R_BUILD=<dir> measures another build of the app (e.g. one from before the spool, for a before/after).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { loadLargeShare } from '../../tests/fixtures/large-share-loader.js';
import { DEVICE_MEMORY } from './p10-scroll.js';

const MiB = 1024 * 1024;

/** Samples page memory every 50 ms until `work` settles; the peak in MiB (logged with its parts). */
async function peakDuring(page, work) {
	const cdp = await page.context().newCDPSession(page);
	let peak = { heap: 0, buffers: 0 };
	let running = true;
	const sampler = (async () => {
		while (running) {
			const u = await cdp.send('Runtime.getHeapUsage').catch(() => null);
			if (u) {
				const now = { heap: u.usedSize / MiB, buffers: (u.backingStorageSize ?? 0) / MiB };
				if (now.heap + now.buffers > peak.heap + peak.buffers) peak = now;
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	})();
	try {
		await work();
	} finally {
		running = false;
		await sampler;
		await cdp.detach().catch(() => {});
	}
	console.log(
		`  peak ${(peak.heap + peak.buffers).toFixed(0)} MiB = JS heap ${peak.heap.toFixed(0)} + ArrayBuffers ${peak.buffers.toFixed(0)}`
	);
	return peak.heap + peak.buffers;
}

/** Presses `key` `moves` times, checking every 64 that the viewer keeps pace, ending on image `to`. */
async function step(page, viewer, key, to, moves, count) {
	for (let i = 1; i <= moves; i++) {
		await page.keyboard.press(key);
		if (i % 64 === 0 || i === moves) {
			const at = key === 'ArrowDown' ? to - moves + i : to + moves - i;
			await viewer.getByText(`Image ${at} / ${count}`).waitFor({ timeout: 120_000 });
		}
	}
}

/** @param {{ profiles: string, tmp: string, startServer: Function, megabytes: number }} ctx */
export function p6Receive(ctx) {
	const count = Math.max(2, Math.ceil((ctx.megabytes * MiB) / (512 * 512 * 2)));
	const label =
		ctx.megabytes >= 1024 ? `${(ctx.megabytes / 1024).toFixed(0)} GiB` : `${ctx.megabytes} MiB`;
	const dir = join(ctx.profiles, 'p6-receive');
	let server;
	let share;
	return {
		id: 'P6-receive',
		title: `peak page memory opening a ${label} shared study (${count} CT slices) from its link to the first image, then scrolling it first to last`,
		target: 384,
		unit: 'MiB',
		reps: 1,
		async setup() {
			server = await ctx.startServer(
				{ RADFOLIO_DATA_DIR: join(ctx.tmp, 'p6-receive-data') },
				process.env.BENCH_P6R_BUILD || undefined
			);
			const t0 = Date.now();
			const { uploadLargeShare } = await loadLargeShare();
			share = await uploadLargeShare({ origin: server.url, slices: count, seed: 908 });
			console.log(
				`  ${label} share (${(share.plainBytes / MiB).toFixed(0)} MiB of files) made in ${((Date.now() - t0) / 1000).toFixed(1)} s`
			);
		},
		async measure() {
			rmSync(dir, { recursive: true, force: true });
			const context = await chromium.launchPersistentContext(dir, {
				executablePath: CHROMIUM_PATH,
				args: CHROMIUM_ARGS,
				viewport: { width: 1280, height: 900 }
			});
			try {
				await context.addInitScript(DEVICE_MEMORY);
				const page = context.pages()[0] ?? (await context.newPage());
				await page.goto(share.url);
				const open = page.getByRole('button', { name: 'Open shared study' });
				await open.waitFor();
				await page.waitForLoadState('networkidle');
				const viewer = page.getByRole('region', { name: 'Image viewer' });
				const shown = viewer.getByText(new RegExp(`^Image \\d+ / ${count}$`));
				const t0 = Date.now();
				const opening = await peakDuring(page, async () => {
					await open.click();
					await shown.waitFor({ timeout: 1_800_000 });
				});
				console.log(`  first image ${((Date.now() - t0) / 1000).toFixed(1)} s after Open`);
				const start = Number(/Image (\d+)/.exec(await shown.innerText())[1]);
				const t1 = Date.now();
				const scrolling = await peakDuring(page, async () => {
					await viewer.getByRole('slider').focus();
					await step(page, viewer, 'ArrowUp', 1, start - 1, count);
					await step(page, viewer, 'ArrowDown', count, count - 1, count);
				});
				console.log(
					`  scrolled ${start - 1 + count - 1} slices in ${((Date.now() - t1) / 1000).toFixed(1)} s; opening ${opening.toFixed(0)} MiB, scrolling ${scrolling.toFixed(0)} MiB`
				);
				return Math.max(opening, scrolling);
			} finally {
				await context.close();
				rmSync(dir, { recursive: true, force: true });
			}
		},
		async teardown() {
			await server?.stop();
		}
	};
}
