import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { PASSPHRASE, paths } from './fixtures';

// A browser whose first language is Spanish.
test.use({ locale: 'es-ES' });

/**
 * The interface follows the browser's language (English or Spanish) until the patient picks one in Settings, which
 * holds across visits, the locked screen included.
 */
test('a Spanish browser gets the Spanish interface; Settings switches it, and the choice stays', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Crea tu bóveda' })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
	await page.getByLabel('Frase de contraseña', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Confirma la frase de contraseña').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Crear bóveda' }).click();

	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Importar carpeta' }).click();
	await (await chooser).setFiles(paths.cd);
	await expect(page.getByRole('status').filter({ hasText: /Importados \d+ archivos/ })).toBeVisible(
		{
			timeout: 60_000
		}
	);
	const history = page.getByRole('list', { name: 'Historial de imágenes' });
	await expect(history.getByRole('listitem').first()).toContainText(/\d+ imágenes?/);
	await expectNoAxeViolations(page, 'the timeline in Spanish');

	// A study, its viewer and its report speak Spanish too.
	await history.getByRole('link').first().click();
	const viewer = page.getByRole('region', { name: 'Visor de imágenes' });
	await expect(viewer.getByText(/^Imagen \d+ \/ \d+$/)).toBeVisible({ timeout: 30_000 });
	await expect(viewer.getByRole('button', { name: 'Restablecer vista' })).toBeEnabled();
	await expect(page.getByRole('button', { name: 'Borrar estudio' })).toBeVisible();
	await expectNoAxeViolations(page, 'a study in Spanish');

	// A report's words are explained in Spanish (the report itself is as the radiologist wrote it).
	await page.getByRole('link', { name: 'Historial', exact: true }).click();
	await history.getByRole('listitem').filter({ hasText: 'MRI brain' }).getByRole('link').click();
	const report = page.getByRole('region', { name: 'Informe' });
	await report.getByRole('button', { name: 'nodule' }).click();
	const word = page.getByRole('dialog', { name: 'nodule' });
	await expect(word).toContainText('Una mancha o bulto pequeño y redondo');
	await expect(word).toContainText('no tu diagnóstico');
	await word.getByRole('button', { name: 'Cerrar' }).click();

	await page.getByRole('link', { name: 'Ajustes' }).click();
	await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
	await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

	// The choice outlives the visit: the locked screen after a reload is in English.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('combobox', { name: 'Language' }).selectOption('browser');
	await expect(page.getByRole('heading', { name: 'Ajustes', level: 1 })).toBeVisible();
});
