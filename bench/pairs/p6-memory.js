// P6: peak memory of the page while importing a 1 GiB study into the vault, and while sharing it (encrypt + upload
// to the relay), in Chromium with an on-disk profile. Sampled every 50 ms through the DevTools protocol: the JS heap
// *plus* ArrayBuffer backing stores (where file bytes live; a design that held the study in memory would show here,
// not in the JS heap proper). The crypto workers' own heaps are not included: each holds one batch (≤ 8 MiB) at a
// time by design.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';

const MiB = 1024 * 1024;

/**
 * Samples the page's heap until `work` settles; resolves to the peak in MiB — above the level held before it
 * started (after a full GC) when `added` is set, for work done on a page that already holds other things.
 */
async function peakDuring(page, work, { added = false } = {}) {
	const cdp = await page.context().newCDPSession(page);
	let base = 0;
	if (added) {
		await cdp.send('HeapProfiler.collectGarbage');
		const usage = await cdp.send('Runtime.getHeapUsage');
		base = (usage.usedSize + (usage.backingStorageSize ?? 0)) / MiB;
		console.log(`  held before: ${base.toFixed(0)} MiB`);
	}
	let peak = { total: 0, heap: 0, buffers: 0 };
	let running = true;
	const sampler = (async () => {
		while (running) {
			const usage = await cdp.send('Runtime.getHeapUsage').catch(() => null);
			if (usage) {
				const heap = usage.usedSize / MiB;
				const buffers = (usage.backingStorageSize ?? 0) / MiB;
				if (heap + buffers > peak.total) peak = { total: heap + buffers, heap, buffers };
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	})();
	let after;
	try {
		await work();
	} finally {
		running = false;
		await sampler;
		// What is still held once garbage is collected: tells retained memory from garbage not yet collected.
		await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
		after = await cdp.send('Runtime.getHeapUsage').catch(() => null);
		await cdp.detach().catch(() => {});
	}
	console.log(
		`  peak ${peak.total.toFixed(0)} MiB = JS heap ${peak.heap.toFixed(0)} + ArrayBuffers ${peak.buffers.toFixed(0)}` +
			(after
				? `; after a full GC: ${(after.usedSize / MiB).toFixed(0)} + ${((after.backingStorageSize ?? 0) / MiB).toFixed(0)}`
				: '')
	);
	return peak.total - base;
}

/** @param {{ app: { url: string }, generate: any, profiles: string, tmp: string, megabytes: number }} ctx */
export function p6Memory(ctx) {
	const dir = join(ctx.profiles, 'p6');
	const folder = join(ctx.tmp, 'p6-study');
	const sliceBytes = 512 * 512 * 2;
	const count = Math.max(2, Math.ceil((ctx.megabytes * MiB) / sliceBytes));
	const label =
		ctx.megabytes >= 1024 ? `${(ctx.megabytes / 1024).toFixed(0)} GiB` : `${ctx.megabytes} MiB`;
	let context;
	let page;
	return [
		{
			id: 'P6-import',
			title: `peak page memory (JS heap + ArrayBuffers) importing a ${label} study (${count} CT slices)`,
			target: 256,
			unit: 'MiB',
			reps: 1,
			async setup() {
				const study = ctx.generate.syntheticStudy(906, {
					description: 'Bench memory study',
					series: [
						{
							uid: '1.2.826.0.1.3680043.10.1337.906.1',
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
				rmSync(dir, { recursive: true, force: true });
				context = await chromium.launchPersistentContext(dir, {
					executablePath: CHROMIUM_PATH,
					args: CHROMIUM_ARGS,
					viewport: { width: 1280, height: 900 }
				});
				page = context.pages()[0] ?? (await context.newPage());
				await page.goto(ctx.app.url);
				await page.getByLabel('Passphrase', { exact: true }).fill('bench memory p6');
				await page.getByLabel('Confirm passphrase').fill('bench memory p6');
				await page.getByRole('button', { name: 'Create vault' }).click();
				await page.getByRole('button', { name: 'Import folder' }).waitFor();
			},
			async measure() {
				return peakDuring(page, async () => {
					const chooser = page.waitForEvent('filechooser');
					await page.getByRole('button', { name: 'Import folder' }).click();
					await (await chooser).setFiles(folder);
					await page
						.getByRole('status')
						.filter({ hasText: /Imported \d+/ })
						.waitFor({ timeout: 1_800_000 });
				});
			}
		},
		{
			id: 'P6-share',
			title: `peak page memory (JS heap + ArrayBuffers) that sharing it adds (encrypt + upload to the relay)`,
			target: 256,
			unit: 'MiB',
			reps: 1,
			async measure() {
				// The Share button is on the study's page, whose viewer loads the series: let it finish first, and
				// count only what sharing adds on top.
				await page.getByRole('link', { name: /Bench memory study/ }).click();
				await page.getByText(new RegExp(`^Image \\d+ / ${count}$`)).waitFor({ timeout: 1_800_000 });
				await page.getByRole('button', { name: 'Share', exact: true }).click();
				const dialog = page.getByRole('dialog', { name: 'Share study' });
				const createLink = async () => {
					await dialog.getByRole('button', { name: 'Create link' }).click();
					await dialog.getByRole('textbox', { name: 'Share link' }).waitFor({ timeout: 1_800_000 });
				};
				return peakDuring(page, createLink, { added: true });
			},
			async teardown() {
				await context?.close();
				rmSync(dir, { recursive: true, force: true });
				rmSync(folder, { recursive: true, force: true });
			}
		}
	];
}
