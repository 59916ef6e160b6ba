// What a patient does before a measure starts, shared by the benchmark pairs: a new vault, then a folder imported.

/**
 * @param {import('@playwright/test').Page} page
 * @param {{ url: string, passphrase: string, folder: string, timeout?: number }} options
 */
export async function newVaultWithFolder(page, options) {
	await page.goto(options.url);
	await page.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
	await page.getByLabel('Confirm passphrase').fill(options.passphrase);
	await page.getByRole('button', { name: 'Create vault' }).click();
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Import folder' }).click();
	await (await chooser).setFiles(options.folder);
	await page
		.getByRole('status')
		.filter({ hasText: /Imported \d+/ })
		.waitFor({ timeout: options.timeout ?? 120_000 });
}
