import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

test('an encrypted backup restores every study in a fresh browser profile', async ({
	page,
	browser
}, testInfo) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.importFiles([paths.zip]);
	await expect(app.entries).toHaveCount(3);

	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Auto-lock after').selectOption({ label: '5 minutes' });
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export encrypted backup' }).click();
	const file = testInfo.outputPath('vault.rfbackup');
	await (await download).saveAs(file);
	await expect(page.getByRole('status').filter({ hasText: 'Backup saved' })).toBeVisible();

	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	const restored = new RadfolioPage(other);
	await restored.open();
	await expect(other.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
	const chooser = other.waitForEvent('filechooser');
	await other.getByRole('button', { name: 'Restore backup' }).click();
	await (await chooser).setFiles(file);
	await other.getByLabel('Backup passphrase').fill('wrong passphrase');
	await other.getByRole('button', { name: 'Restore this backup' }).click();
	await expect(other.getByRole('alert')).toContainText('Wrong passphrase');
	await other.getByLabel('Backup passphrase').fill(PASSPHRASE);
	await other.getByRole('button', { name: 'Restore this backup' }).click();
	await expect(restored.entries).toHaveCount(3, { timeout: 30_000 });
	await expect(restored.history).toContainText('CT chest with contrast');
	await expect(restored.history).toContainText('MRI left knee');

	// The restored vault opens with the same passphrase after a reload, settings included.
	await other.reload();
	await restored.unlock(PASSPHRASE);
	await expect(restored.entries).toHaveCount(3);
	await other.getByRole('link', { name: 'Settings' }).click();
	await expect(other.getByLabel('Auto-lock after')).toHaveValue('5');
	await fresh.close();
});

test('changing the passphrase keeps the data and retires the old passphrase', async ({ page }) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFiles([paths.zip]);
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Current passphrase').fill(PASSPHRASE);
	await page.getByLabel('New passphrase', { exact: true }).fill('a brand new passphrase');
	await page.getByLabel('Confirm new passphrase').fill('a brand new passphrase');
	await page.getByRole('button', { name: 'Change passphrase' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Passphrase changed' })).toBeVisible({
		timeout: 20_000
	});
	await app.lockButton.click();
	await app.unlock(PASSPHRASE);
	await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
	await app.unlock('a brand new passphrase');
	await page.getByRole('link', { name: 'History' }).click();
	await expect(app.entries).toHaveCount(1);
});

test('changing the passphrase and re-encrypting moves every study under a new key into a new database', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFiles([paths.zip]);
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(
		page.getByText('Backups made before the change still open with the old passphrase')
	).toBeVisible();
	await page.getByLabel('Current passphrase').fill(PASSPHRASE);
	await page.getByLabel('New passphrase', { exact: true }).fill('a brand new passphrase');
	await page.getByLabel('Confirm new passphrase').fill('a brand new passphrase');
	await page.getByLabel('Also re-encrypt everything with a new key').check();
	const activeDb = () =>
		page.evaluate(() => localStorage.getItem('radfolio.activeDb') ?? 'radfolio');
	const before = await activeDb();
	await page.getByRole('button', { name: 'Change passphrase' }).click();
	// The settings page is shown again once the new database is adopted: the outcome is still said.
	await expect(
		page.getByRole('status').filter({ hasText: 'everything re-encrypted with a new key' })
	).toBeVisible({ timeout: 30_000 });
	const after = await activeDb();
	expect(after).not.toBe(before);
	// The old database goes once nothing holds it.
	const names = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
	await expect.poll(names, { timeout: 30_000 }).toEqual([after]);

	await app.lockButton.click();
	await app.unlock(PASSPHRASE);
	await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
	await app.unlock('a brand new passphrase');
	await page.getByRole('link', { name: 'History' }).click();
	await expect(app.entries).toHaveCount(1);
	await app.entries.first().getByRole('link').click();
	const viewer = page.getByRole('region', { name: 'Image viewer' });
	await expect(viewer.getByRole('slider')).toHaveAttribute('aria-valuenow', /\d+/, {
		timeout: 30_000
	});
});
