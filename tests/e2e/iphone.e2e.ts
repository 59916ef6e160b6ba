import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * A Safari-like context: Chromium sending iPhone Safari's user agent, on a phone-sized touch screen, in a tab (no
 * standalone display mode). The real engine is exercised by tests/engines (WebKitGTK); this checks what the
 * patient is told on an iPhone.
 */
const IPHONE_SAFARI =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
test.use({
	userAgent: IPHONE_SAFARI,
	viewport: { width: 390, height: 844 },
	hasTouch: true,
	isMobile: true
});

test('in a Safari tab on iPhone: the 7-day rule and Home Screen steps, files and zips only, a CD explained, a backup reminder', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	const keep = page.getByRole('note', { name: 'Keeping your scans on iPhone' });
	await expect(keep).toContainText('7 days without a visit');
	await expect(keep).toContainText('Add to Home Screen');
	// No folder picker on iOS: files and zips, and how to bring a CD.
	await expect(page.getByRole('button', { name: 'Import folder' })).toHaveCount(0);
	await expect(page.getByText('Choose your DICOM files or a zip in the Files app')).toBeVisible();
	await expect(page.getByText('An iPhone cannot read it')).toBeVisible();

	await app.importFiles([paths.zip]);
	await expect(app.entries).toHaveCount(1);
	await expect(page.getByText('1 study is not in a backup yet.')).toBeVisible();

	// A backup saved: its date in Settings, and no reminder until a new study arrives.
	await page.getByRole('link', { name: 'Make a backup now' }).click();
	await expect(page.getByText('No backup saved yet.')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export encrypted backup' }).click();
	await download;
	await expect(page.getByText(/^Last backup: /)).toBeVisible();
	await expect(page.getByText('Add Radfolio to your Home Screen (Share')).toBeVisible();
	await page.getByRole('link', { name: 'History' }).click();
	await expect(app.entries).toHaveCount(1);
	await expect(page.getByText(/not in a backup yet|since your last backup/)).toHaveCount(0);
	await app.importFiles([join(paths.loose, 'xray-1.dcm'), join(paths.loose, 'xray-2.dcm')]);
	await expect(page.getByText(/1 study added since your last backup \(/)).toBeVisible();
});

test.describe('in Spanish', () => {
	test.use({ locale: 'es-ES' });
	test('the iPhone guidance speaks Spanish', async ({ page }) => {
		await page.goto('/');
		await page.getByLabel('Frase de contraseña', { exact: true }).fill(PASSPHRASE);
		await page.getByLabel('Confirma la frase de contraseña').fill(PASSPHRASE);
		await page.getByRole('button', { name: 'Crear bóveda' }).click();
		const keep = page.getByRole('note', { name: 'Conservar tus estudios en el iPhone' });
		await expect(keep).toContainText('tras 7 días sin visitarlo');
		await expect(keep).toContainText('Añadir a pantalla de inicio');
		await expect(page.getByText('Un iPhone no puede leerlo')).toBeVisible();
	});
});

/** IndexedDB refusing Blob values as WebKit does in a private session (the put's request fails, the transaction aborts). */
const PRIVATE_WEBKIT_STORAGE = () => {
	const original = IDBObjectStore.prototype.put;
	IDBObjectStore.prototype.put = function (
		this: IDBObjectStore,
		value: unknown,
		key?: IDBValidKey
	) {
		const data = (value as { data?: unknown } | null)?.data;
		if (value instanceof Blob || data instanceof Blob)
			throw new DOMException(
				'Error preparing Blob/File data to be stored in object store',
				'UnknownError'
			);
		return original.call(this, value, key);
	};
};

test('a private window that refuses Blobs: said before the import, and the import stores every file', async ({
	page
}) => {
	await page.addInitScript(PRIVATE_WEBKIT_STORAGE);
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await expect(page.getByRole('note', { name: 'This window forgets your scans' })).toContainText(
		'open Radfolio in a normal window or add it to your Home Screen'
	);
	await app.importFiles([paths.zip]);
	await expect(app.importStatus).toContainText(/Imported \d+ files into 1 study\./);
	await expect(app.importStatus).not.toContainText('stopped');
	await expect(app.entries).toHaveCount(1);
	await expect(app.entries).not.toContainText('Incomplete');
	await app.entries.getByRole('link').first().click();
	await expect(page.getByRole('region', { name: 'Image viewer' })).toBeVisible();
	await expect(page.getByText(/^Image \d+ \/ \d+$/)).toBeVisible({ timeout: 30_000 });
});
