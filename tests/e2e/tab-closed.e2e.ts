import { expect, test } from '@playwright/test';
import { reportRow } from '../reliability/report';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * R3: the tab closed in the middle of an import (writes in flight, the vault's write queue holding sealed files).
 * Reopened, the vault opens, the study says it is incomplete, every image it holds shows, and importing the same
 * folder again completes it without storing anything twice.
 */
test('a tab closed mid-import leaves a whole vault; the same folder completes the study without duplicates', async ({
	context
}) => {
	test.setTimeout(180_000);
	const first = await context.newPage();
	await RadfolioPage.withNewVault(first, PASSPHRASE);
	const chooser = first.waitForEvent('filechooser');
	await first.getByRole('button', { name: 'Import folder' }).click();
	await (await chooser).setFiles(paths.big);
	const progress = first.getByRole('progressbar', { name: 'Import progress' });
	await expect
		.poll(async () => Number(await progress.getAttribute('value')), { timeout: 30_000 })
		.toBeGreaterThan(0.2);
	await first.close();

	const page = await context.newPage();
	const app = new RadfolioPage(page);
	await app.open();
	await app.unlock(PASSPHRASE);
	const entry = app.entries.filter({ hasText: 'Large CT' });
	await expect(entry).toContainText('Incomplete import');
	const stored = Number((await entry.textContent())?.match(/(\d+) images?/)?.[1] ?? 0);
	expect(stored).toBeGreaterThan(0);
	expect(stored).toBeLessThan(120);

	// What was stored opens: the viewer counts exactly those images.
	await entry.getByRole('link').first().click();
	await expect(page.getByText(new RegExp(`^Image \\d+ / ${stored}$`))).toBeVisible({
		timeout: 60_000
	});
	await page.getByRole('link', { name: 'History', exact: true }).click();

	await app.importFolder(paths.big);
	await expect(app.importStatus).toContainText(`Imported ${120 - stored} files`);
	await expect(app.importStatus).toContainText(`${stored} already in your vault`);
	await expect(entry).not.toContainText('Incomplete import');
	await expect(entry).toContainText('120 images');
	reportRow('R3-tab', {
		check: 'R3 tab closed mid-import, reopened, same folder imported again',
		cases: 1,
		passed: 1,
		lost: 0,
		notes: `${stored} of 120 stored when the tab closed; all shown; the rest added without duplicates`
	});
});
