import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PASSPHRASE, paths } from '../e2e/fixtures';
import { RadfolioPage } from '../e2e/pages/radfolio';

/**
 * The adversarial suite (docs/SECURITY.md maps each promise to its test here): attacks on the real server
 * (scripts/start.js over the build) and the real app in Chromium. `npm test` runs each attack at SECURITY_SCALE=1;
 * `npm run test:security` repeats them at a larger scale (more probes, bigger bursts, more tries).
 */
export const SECURITY_SCALE = Math.max(1, Number(process.env.SECURITY_SCALE ?? 1));

/** The shared test server's data (playwright.config.ts): what the relay's operator can read and change. */
export const SHARED_SERVER_DATA = 'tests/.generated/server-data';

/** The relay's database as its operator holds it. */
export function relayDb(dataDir = SHARED_SERVER_DATA) {
	return new Database(join(dataDir, 'relay.sqlite'));
}

/** A patient with a vault on `origin` (the shared server when empty), the CD imported, on the CT study's page. */
export async function patientOnStudy(page: Page, origin = '') {
	const app = new RadfolioPage(page);
	await page.goto(`${origin}/`);
	await app.createVault(PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'CT chest with contrast' })
	).toBeVisible();
	return app;
}

/** "Share" → settings → "Create link"; the dialog, and the link (or null when the dialog showed a failure). */
export async function shareStudy(
	page: Page,
	options: { maxOpens?: number } = {}
): Promise<{ url: string | null; dialog: ReturnType<Page['getByRole']> }> {
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Share study' });
	await expect(dialog).toBeVisible();
	if (options.maxOpens)
		await dialog.getByRole('spinbutton', { name: 'Maximum opens' }).fill(String(options.maxOpens));
	await dialog.getByRole('button', { name: 'Create link' }).click();
	const link = dialog.getByRole('textbox', { name: 'Share link' });
	// The dialog's alert region, once it says something.
	const failed = dialog.getByRole('alert').filter({ hasText: /\S/ });
	await expect(link.or(failed)).toBeVisible({ timeout: 60_000 });
	if (await failed.isVisible()) return { url: null, dialog };
	await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/, { timeout: 30_000 });
	return { url: await link.inputValue(), dialog };
}

/** Random bytes, for keys and files an attacker makes up. */
export function randomKey(n = 32): Buffer {
	return randomBytes(n);
}
