import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { imageFile, syntheticStudy } from '../fixtures/dicom/generate';
import { PASSPHRASE, paths } from './fixtures';
import { litFraction } from './pages/canvas';
import { RadfolioPage } from './pages/radfolio';

const MiB = 1024 * 1024;

/**
 * A series larger than the device's budget is read through a bounded window (src/lib/viewer/slice-window.ts) and
 * shown one slice at a time in one dwv dataset (slice-swap.ts). The device here reports 0.5 GiB
 * (`navigator.deviceMemory`), so the 120-slice, 60 MiB "Large CT" is such a series: the viewer may hold a 16 MiB
 * window, where the whole series handed to dwv holds over twice its 60 MiB. The same code path as the 1 GiB,
 * 2,048-slice study of `npm run bench` (P6-view), scaled down so it runs in seconds. Memory is sampled as bench P6
 * samples it: the JS heap plus ArrayBuffer backing stores, through the DevTools protocol.
 */
const DEVICE_GIB = 0.5;
/**
 * Peak page memory allowed while scrolling: the app itself (~30 MiB here), the 16 MiB window, dwv's one slice, and
 * garbage V8 has not collected yet (each slice shown passes through a few short-lived buffers: its decrypted bytes,
 * dwv's decoded image, the canvas's RGBA data), measured 87 MiB. The whole series handed to dwv holds the
 * prepared files and dwv's volume, over 120 MiB, before scrolling begins.
 */
const PEAK_MIB = 110;
/** What may stay held after a full scroll, over what was held before it: not a slice per slice shown. */
const KEPT_MIB = 8;

async function heapMiB(cdp: CDPSession, collect: boolean): Promise<number> {
	if (collect) await cdp.send('HeapProfiler.collectGarbage');
	const usage = await cdp.send('Runtime.getHeapUsage');
	return (usage.usedSize + (usage.backingStorageSize ?? 0)) / MiB;
}

/**
 * What a full GC leaves once the page has settled: the window still filling around the first slice shown (its
 * read-ahead) would otherwise be counted as kept by the scroll (seen: 17 MiB measured before the window filled, where
 * a settled page holds 27 MiB).
 */
async function settledMiB(cdp: CDPSession): Promise<number> {
	let last = await heapMiB(cdp, true);
	for (let i = 0; i < 40; i++) {
		await new Promise((r) => setTimeout(r, 250));
		const now = await heapMiB(cdp, true);
		if (Math.abs(now - last) < 0.5) return now;
		last = now;
	}
	return last;
}

/** Samples page memory every 25 ms until stopped; stop() gives the peak and what a full GC leaves. */
async function sampleMemory(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	const before = await settledMiB(cdp);
	let peak = before;
	let running = true;
	const sampler = (async () => {
		while (running) {
			peak = Math.max(peak, await heapMiB(cdp, false).catch(() => 0));
			await new Promise((r) => setTimeout(r, 25));
		}
	})();
	return async () => {
		running = false;
		await sampler;
		const after = await settledMiB(cdp);
		await cdp.detach().catch(() => {});
		return { before, peak, after };
	};
}

test('a series over the device’s budget scrolls first to last within a bounded window, the image lit and the window kept', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	await page.addInitScript((gib) => {
		Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => gib });
	}, DEVICE_GIB);
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.big);
	await app.entries.filter({ hasText: 'Large CT' }).getByRole('link').click();

	const viewer = page.getByRole('region', { name: 'Image viewer' });
	const stage = viewer.getByRole('slider');
	await expect(viewer.getByText('Image 61 / 120')).toBeVisible({ timeout: 60_000 });
	await expect(viewer.getByRole('button', { name: 'Scroll' })).toBeEnabled();
	expect(await litFraction(page)).toBeGreaterThan(0.05);

	const stop = await sampleMemory(page);
	await stage.focus();
	// Up to the first slice, then down to the last, as fast as the keys come: the window moves with them.
	for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowUp');
	await expect(viewer.getByText('Image 1 / 120')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
	await expect(viewer.getByText('Image 61 / 120')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	// The wheel steps through the series too (turned up: onwards, as dwv's own Scroll tool does in a stack), into the
	// half the window has never held.
	const box = (await stage.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	for (let i = 0; i < 59; i++) await page.mouse.wheel(0, -100);
	await expect(viewer.getByText('Image 120 / 120')).toBeVisible({ timeout: 30_000 });
	const memory = await stop();
	console.log(
		`page memory scrolling 120 slices (60 MiB): before ${memory.before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB, after a full GC ${memory.after.toFixed(1)} MiB`
	);
	await page.screenshot({ path: testInfo.outputPath('last-slice.png') });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	expect(memory.peak).toBeLessThan(PEAK_MIB);
	expect(memory.after - memory.before).toBeLessThan(KEPT_MIB);

	// A window chosen by the patient stays as they scroll, as in a stack (dwv bounds it to the image's values: this
	// synthetic CT holds 0–255, so "Bone" shows as the widest window those allow).
	const overlay = viewer.getByText(/^W -?\d+ · L -?\d+$/);
	const before = await overlay.textContent();
	await viewer.getByRole('combobox', { name: 'Window preset' }).selectOption('Bone');
	await expect(overlay).not.toHaveText(before!);
	const chosen = await overlay.textContent();
	await stage.focus();
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	await expect(viewer.getByText('Image 118 / 120')).toBeVisible();
	await expect(overlay).toHaveText(chosen!);
});

/**
 * The issue's own case, whole: a 1 GiB, 2,048-slice CT (512² slices) imported (about 45 s here), opened as a 4 GiB
 * phone opens it and scrolled from the first slice to the last, within 384 MiB of page memory (issue 18, P6-view).
 */
test('a 1 GiB, 2,048-slice CT opens and scrolls first to last within 384 MiB of page memory, lit all the way', async ({
	page
}, testInfo) => {
	test.setTimeout(900_000);
	const count = 2048;
	await page.addInitScript(() => {
		Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 4 });
	});
	const folder = testInfo.outputPath('gibibyte-ct');
	const study = syntheticStudy(908, {
		description: 'Gibibyte CT',
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.908.1',
				description: 'Axial',
				count,
				rows: 512,
				columns: 512
			}
		]
	});
	await test.step('generate', () => {
		mkdirSync(folder, { recursive: true });
		for (let i = 0; i < count; i++)
			writeFileSync(join(folder, `IM${i}.dcm`), imageFile(study, 0, i));
	});
	await test.step('new vault', () => RadfolioPage.withNewVault(page, PASSPHRASE));
	await test.step('import', async () => {
		const chooser = page.waitForEvent('filechooser');
		await page.getByRole('button', { name: 'Import folder' }).click();
		await (await chooser).setFiles(folder);
		await expect(page.getByRole('status').filter({ hasText: /Imported \d+/ })).toBeVisible({
			timeout: 600_000
		});
	});
	rmSync(folder, { recursive: true, force: true });

	const stop = await sampleMemory(page);
	const viewer = page.getByRole('region', { name: 'Image viewer' });
	const stage = viewer.getByRole('slider');
	await test.step('open', async () => {
		await page.getByRole('link', { name: /Gibibyte CT/ }).click();
		await expect(viewer.getByRole('button', { name: 'Measure' })).toBeEnabled({ timeout: 120_000 });
	});
	const label = viewer.getByText(new RegExp(`^Image \\d+ / ${count}$`));
	const from = Number(/^Image (\d+)/.exec((await label.textContent())!)![1]);
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	await stage.focus();
	// The arrow keys held down, as a patient scrolls a long series: one repeated keydown per slice (half the
	// DevTools round trips of a press each, which over 3,000 slices is a good part of the test's time).
	await test.step('scroll to the first', async () => {
		for (let i = from; i > 1; i--) await page.keyboard.down('ArrowUp');
		await page.keyboard.up('ArrowUp');
		await expect(viewer.getByText(`Image 1 / ${count}`)).toBeVisible({ timeout: 60_000 });
	});
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	await test.step('scroll to the last', async () => {
		for (let i = 1; i < count; i++) await page.keyboard.down('ArrowDown');
		await page.keyboard.up('ArrowDown');
		await expect(viewer.getByText(`Image ${count} / ${count}`)).toBeVisible({ timeout: 60_000 });
	});
	const memory = await stop();
	console.log(
		`page memory opening and scrolling ${count} slices (1 GiB): before ${memory.before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB, after a full GC ${memory.after.toFixed(1)} MiB`
	);
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	expect(memory.peak).toBeLessThanOrEqual(384);
});
