import { expect, test, type Locator } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { litFraction } from './pages/canvas';
import { RadfolioPage } from './pages/radfolio';

async function stageShot(stage: Locator) {
	return (await stage.screenshot()).toString('base64');
}

test('a CT series renders offline and every tool changes what is on screen; reports read as documents', async ({
	page,
	context
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();

	const viewer = page.getByRole('region', { name: 'Image viewer' });
	const stage = viewer.getByRole('slider');
	await expect(viewer.getByText('Image 3 / 5')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	await expect(viewer).toContainText('ALICE TESTPATIENT');
	await expect(viewer).toContainText('2024-06-12');
	await expect(viewer).toContainText('Axial 5mm');

	// Scroll by keyboard.
	await stage.focus();
	await page.keyboard.press('ArrowDown');
	await expect(viewer.getByText('Image 4 / 5')).toBeVisible();
	await page.keyboard.press('PageUp');
	await expect(viewer.getByText('Image 3 / 5')).toBeVisible();

	// Window level by dragging.
	const before = await viewer.getByText(/^W -?\d+ · L -?\d+$/).innerText();
	await viewer.getByRole('button', { name: 'Window level' }).click();
	await expect(viewer.getByRole('button', { name: 'Window level' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	const box = (await stage.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 8 });
	await page.mouse.up();
	await expect(viewer.getByText(/^W -?\d+ · L -?\d+$/)).not.toHaveText(before);

	// Zoom changes the picture; Reset view brings it back.
	const reset = await stageShot(stage);
	await viewer.getByRole('button', { name: 'Zoom and pan' }).click();
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(0, -400);
	await expect.poll(() => stageShot(stage)).not.toBe(reset);

	// Measure draws a ruler.
	await viewer.getByRole('button', { name: 'Reset view' }).click();
	const plain = await stageShot(stage);
	await viewer.getByRole('button', { name: 'Measure' }).click();
	await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6, { steps: 6 });
	await page.mouse.up();
	await expect.poll(() => stageShot(stage)).not.toBe(plain);

	// Cine.
	await viewer.getByRole('button', { name: 'Play' }).click();
	await expect(viewer.getByRole('button', { name: 'Pause' })).toBeVisible();
	await viewer.getByRole('button', { name: 'Pause' }).click();
	await expect(viewer.getByRole('button', { name: 'Play' })).toBeVisible();

	// The PDF report is shown as a document.
	const report = page.getByRole('region', { name: 'Report' });
	await expect(report.locator('iframe[title="Radiology report"]')).toBeVisible();

	// Offline, after a reload: still renders.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await context.setOffline(true);
	await page.reload();
	await app.unlock(PASSPHRASE);
	await expect(viewer.getByText('Image 3 / 5')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	await context.setOffline(false);

	// Each image series shows a thumbnail of its middle image (not blank).
	const thumbs = page.getByRole('list', { name: 'Series' }).locator('img');
	await expect(thumbs).toHaveCount(2);
	expect(await thumbs.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);

	// Another series of the same study.
	await page
		.getByRole('list', { name: 'Series' })
		.getByRole('button', { name: /Coronal/ })
		.click();
	await expect(viewer).toContainText('Coronal');
	await expect(viewer.getByText('Image 2 / 3')).toBeVisible();

	// The SR of the MR study reads as a report, not a tag dump.
	await page.getByRole('link', { name: 'History', exact: true }).click();
	await app.entries.filter({ hasText: 'MRI brain' }).getByRole('link').click();
	// The overlays belong to the study on screen, never the one before.
	await expect(viewer).toContainText('2022-11-03');
	await expect(viewer).not.toContainText('2024-06-12');
	const sr = page.getByRole('region', { name: 'Report' });
	await expect(sr.getByRole('heading', { name: 'Diagnostic imaging report' })).toBeVisible();
	await expect(sr).toContainText('Findings');
	await expect(sr).toContainText('A 12 mm nodule in the right upper lobe.');
	await expect(sr).toContainText('Length: 12.5 mm');
	await expect(sr).toContainText('Follow-up CT in 3 months.');

	// Its medical words explain themselves from the glossary the app ships, offline too.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await context.setOffline(true);
	await expect(sr).toContainText('This explains words, not your diagnosis');
	await sr.getByRole('button', { name: 'nodule' }).click();
	const explained = page.getByRole('dialog', { name: 'nodule' });
	await expect(explained).toContainText('A small, round spot or lump');
	await expect(explained).toContainText('not your diagnosis');
	await expect(explained).toContainText('Source: Fleischner Society');
	await page.keyboard.press('Escape');
	await expect(explained).toBeHidden();
	await expect(sr.getByRole('button', { name: 'nodule' })).toBeFocused();
	// A word the report does not mark (a PDF's, say) can be looked up by name.
	await sr.getByRole('combobox', { name: 'Explain a word' }).fill('Atelectasis');
	await sr.getByRole('button', { name: 'Explain', exact: true }).click();
	await expect(page.getByRole('dialog', { name: 'atelectasis' })).toContainText('collapsed');
	await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
	await sr.getByRole('combobox', { name: 'Explain a word' }).fill('flibbertigibbet');
	await sr.getByRole('button', { name: 'Explain', exact: true }).click();
	await expect(sr.getByRole('status')).toContainText('not in Radfolio’s word list');
	await context.setOffline(false);
});

test('a JPEG-LS image renders, offline too; an image in a format with no decoder says why instead of hanging', async ({
	page,
	context
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.codecs);
	await expect(app.importStatus).toContainText('Imported 2 files into 2 studies');

	await app.entries.filter({ hasText: 'MRI hip (JPEG-LS)' }).getByRole('link').click();
	const viewer = page.getByRole('region', { name: 'Image viewer' });
	await expect(viewer.getByText('Image 1 / 1')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);

	// The JPEG-LS decoder is part of the precached app: it works after an offline reload.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await context.setOffline(true);
	await page.reload();
	await app.unlock(PASSPHRASE);
	await expect(viewer.getByText('Image 1 / 1')).toBeVisible({ timeout: 30_000 });
	expect(await litFraction(page)).toBeGreaterThan(0.05);
	await context.setOffline(false);

	await page.getByRole('link', { name: 'History', exact: true }).click();
	await app.entries.filter({ hasText: 'Ultrasound (JPEG XL)' }).getByRole('link').click();
	await expect(viewer.getByRole('alert')).toContainText(
		"This image can't be displayed: its compression (JPEG XL) has no decoder"
	);
});

test('"Download DICOM files" saves the study as a disc-like zip that Radfolio imports back', async ({
	page,
	browser
}, testInfo) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download DICOM files' }).click();
	const file = testInfo.outputPath('study.zip');
	await (await download).saveAs(file);

	const other = await (await browser.newContext()).newPage();
	const fresh = await RadfolioPage.withNewVault(other, PASSPHRASE);
	await fresh.importFiles([file]);
	await expect(fresh.importStatus).toContainText('Imported 9 files into 1 study');
	await expect(fresh.entries.first()).toContainText('CT chest with contrast');
	await other.context().close();
});
