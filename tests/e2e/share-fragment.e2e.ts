import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * Security issue 15, finding 13 (first part): the share key is read from the link's #fragment once, then kept in
 * memory only, out of the address bar and the history, as the /transfer link's is.
 */
test('the link’s key leaves the address bar and history once read; retries still open; a reload says to open the link again', async ({
	page,
	browser
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Share study' });
	await dialog.getByRole('textbox', { name: 'Passphrase (optional)' }).fill('blue heron 19');
	await dialog.getByRole('button', { name: 'Create link' }).click();
	const field = dialog.getByRole('textbox', { name: 'Share link' });
	await expect(field).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 30_000 });
	const url = await field.inputValue();
	const key = url.split('#')[1]!;

	const context = await browser.newContext();
	const other = await context.newPage();
	await other.goto(url);
	await expect(other.getByRole('button', { name: 'Open shared study' })).toBeVisible();
	const bare = url.split('#')[0]!;
	expect(other.url()).toBe(bare);
	expect(await other.evaluate(() => location.href + document.URL)).not.toContain(key);

	// The key stays in memory: a wrong passphrase, then the right one, opens the study.
	await other.getByRole('button', { name: 'Open shared study' }).click();
	const phrase = other.getByLabel('Passphrase', { exact: true });
	await phrase.fill('blue heron 91');
	await other.getByRole('button', { name: 'Unlock shared study' }).click();
	await expect(other.getByRole('alert')).toContainText('Wrong passphrase');
	await phrase.fill('blue heron 19');
	await other.getByRole('button', { name: 'Unlock shared study' }).click();
	await expect(other.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	expect(other.url()).toBe(bare);

	// The history entry holds no key either: going back and forward lands on the bare address.
	await other.goBack();
	await other.goForward();
	expect(other.url()).toBe(bare);
	await expect(other.getByRole('alert')).toContainText('Open the link again from the message');

	// A reload cannot open it (the key is gone) and says what to do, not that the link is damaged.
	await other.reload();
	const told = other.getByRole('alert');
	await expect(told).toContainText('removed the link’s key from the address bar');
	await expect(told).not.toContainText('incomplete');
	await expect(other.getByRole('button', { name: 'Open shared study' })).toHaveCount(0);
	await context.close();
});
