import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

test('a long import shows progress and can be cancelled; the study stays marked incomplete', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Import folder' }).click();
	await (await chooser).setFiles(paths.big);
	const progress = page.getByRole('progressbar', { name: 'Import progress' });
	await expect(progress).toBeVisible();
	await expect
		.poll(async () => Number(await progress.getAttribute('value')), { timeout: 30_000 })
		.toBeGreaterThan(0);
	await page.getByRole('button', { name: 'Cancel import' }).click();
	await expect(app.importStatus).toContainText('Import cancelled');
	await expect(progress).toBeHidden();
	await expect(app.entries.first()).toContainText('Incomplete import');

	// Importing the same folder again completes the study without storing anything twice.
	await app.importFolder(paths.big);
	await expect(app.importStatus).toContainText('already in your vault');
	await expect(app.entries.first()).not.toContainText('Incomplete import');
	await expect(app.entries.first()).toContainText('120 images');
});

test('the vault locks itself after the chosen idle time, and activity postpones it', async ({
	page
}) => {
	await page.clock.install();
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Auto-lock after').selectOption({ label: '1 minute' });
	await page.getByRole('link', { name: 'History' }).click();

	await page.clock.fastForward('00:50');
	await page.getByRole('textbox', { name: 'Search history' }).click();
	await page.clock.fastForward('00:50');
	await expect(app.lockButton).toBeVisible();

	await page.clock.fastForward('01:05');
	await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
	await expect(app.history).toBeHidden();
	await app.unlock(PASSPHRASE);
	await expect(app.lockButton).toBeVisible();
});
