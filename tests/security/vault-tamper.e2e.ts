import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from '../e2e/fixtures';
import { RadfolioPage } from '../e2e/pages/radfolio';

/**
 * Finding 12, as a patient meets it: a program that writes IndexedDB deletes the vault's ledger (the sealed record
 * of every row's revision). The vault refuses to list what it can no longer vouch for — and the patient is told
 * so, and can still reach Settings to restore a backup, instead of an unlock that fails forever.
 */
test('a vault changed outside Radfolio says so on unlock and still lets the patient restore a backup', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await expect(app.entries.first()).toBeVisible();
	await page.evaluate(async () => {
		const name = localStorage.getItem('radfolio.activeDb') ?? 'radfolio';
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction('meta', 'readwrite');
			tx.objectStore('meta').delete('ledger');
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	});
	await page.reload();
	await app.unlock(PASSPHRASE);
	await expect(page.getByRole('alert')).toContainText('changed outside Radfolio');
	await expect(app.entries).toHaveCount(0); // nothing it cannot vouch for is shown
	await page.getByRole('alert').getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { name: 'Restore' })).toBeVisible();
});
