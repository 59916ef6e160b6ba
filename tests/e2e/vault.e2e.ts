import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths, studies, useSharedCd } from './fixtures';
import { RadfolioPage } from './pages/radfolio';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

test('a patient creates a vault, imports a CD, a zip and loose files, locks, unlocks and reloads offline', async ({
	page,
	context
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);

	// The CD: through its DICOMDIR; the CD's own files (AUTORUN.INF) are neither imported nor errors.
	await app.importFolder(paths.cd);
	await expect(app.importStatus).toContainText('Imported 13 files into 2 studies');
	await expect(app.importStatus).not.toContainText('AUTORUN');
	if (useSharedCd) {
		await app.importFolder(paths.sharedCd);
		await expect(app.importStatus).toContainText('Imported 11 files');
	}

	await app.importFiles([paths.zip]);
	await expect(app.importStatus).toContainText('Imported 3 files into 1 study');

	const loose = readdirSync(paths.loose).map((n) => join(paths.loose, n));
	await app.importFiles(loose);
	const withSharedBad = loose.some((p) => p.includes('shared-bad-'));
	// The corpus's Acuson file is damaged only in a way parsers tolerate: it imports as a study of its own.
	await expect(app.importStatus).toContainText(
		withSharedBad ? 'Imported 4 files into 2 studies' : 'Imported 3 files into 1 study'
	);
	await expect(app.importStatus).toContainText('letter.txt: not a DICOM file');
	await expect(app.importStatus).toContainText('cut-short.dcm: the file is truncated');
	if (withSharedBad) {
		await expect(app.importStatus).toContainText(
			'shared-bad-mr_truncated_pixeldata.dcm: the file is truncated'
		);
		await expect(app.importStatus).toContainText('shared-bad-bulkdata_truncated_3gb_header.dcm');
	}

	// The timeline: newest first, with date, modalities and description.
	const expected = [studies.xray, studies.ct, studies.knee, studies.mr];
	const ours = app.entries.filter({ hasText: /Chest X-ray|CT chest|MRI left knee|MRI brain/ });
	await expect(ours).toHaveCount(4);
	for (const [i, s] of expected.entries()) {
		const entry = ours.nth(i);
		await expect(entry).toContainText(s.description);
		await expect(entry).toContainText(
			`${s.studyDate.slice(0, 4)}-${s.studyDate.slice(4, 6)}-${s.studyDate.slice(6)}`
		);
		await expect(entry).toContainText(s.modality);
	}
	await expect(ours.nth(1)).toContainText('Report');
	await expect(ours.nth(1)).toContainText('8 images');

	// Search filters the history.
	await page.getByRole('textbox', { name: 'Search history' }).fill('knee');
	await expect(app.entries).toHaveCount(1);
	await expect(app.entries.first()).toContainText('MRI left knee');
	await page.getByRole('textbox', { name: 'Search history' }).fill('');

	// The study page.
	await ours.nth(1).getByRole('link').click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'CT chest with contrast' })
	).toBeVisible();
	const series = page.getByRole('list', { name: 'Series' }).getByRole('listitem');
	await expect(series).toHaveCount(3);
	await expect(series.first()).toContainText('Axial 5mm');
	await expect(series.first()).toContainText('5 files');
	await page.goBack();

	// Nothing identifying in IndexedDB in clear.
	const raw = await app.rawIndexedDb();
	expect(raw.length).toBeGreaterThan(50_000);
	for (const secret of [
		'TESTPATIENT',
		'E2E-PID-4242',
		'CT chest with contrast',
		'MRI left knee',
		studies.ct.studyUID,
		'20240612',
		'Axial 5mm',
		'knee-mri.zip'
	]) {
		expect(raw, `IndexedDB holds "${secret}" in clear`).not.toContain(secret);
	}

	// Lock, a wrong passphrase, unlock.
	await app.lockButton.click();
	await expect(app.history).toBeHidden();
	await app.unlock('not my passphrase');
	await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
	await app.unlock(PASSPHRASE);
	await expect(ours).toHaveCount(4);

	// Offline: the installed app reloads from its service worker, and the vault still opens.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
	await app.unlock(PASSPHRASE);
	await expect(ours).toHaveCount(4);
	await page.getByRole('link', { name: /MRI brain/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'MRI brain' })).toBeVisible();
	await context.setOffline(false);
});

test('deleting a study asks first, then removes it', async ({ page }) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFiles([paths.zip]);
	await app.entries.first().getByRole('link').click();
	await page.getByRole('button', { name: 'Delete study' }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete this study?' });
	await dialog.getByRole('button', { name: 'Keep it' }).click();
	await expect(dialog).toBeHidden();
	await page.getByRole('button', { name: 'Delete study' }).click();
	await dialog.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByText('No studies yet')).toBeVisible();
});
