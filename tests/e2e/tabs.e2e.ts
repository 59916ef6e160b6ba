import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * Two tabs of one profile share one vault (security issue 15, finding 4): restoring a backup in one tab replaces
 * the vault the other tab may be importing into. Real tabs (pages of one browser context), the built app.
 */

/** A vault with the knee MRI, saved as a backup file; the page stays on the timeline. */
async function vaultWithBackup(page: Page, file: string) {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFiles([paths.zip]);
	await page.getByRole('link', { name: 'Settings' }).click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export encrypted backup' }).click();
	await (await download).saveAs(file);
	await page.getByRole('link', { name: 'History' }).click();
	return app;
}

/** Another tab of the same profile, unlocked. */
async function secondTab(context: BrowserContext) {
	const page = await context.newPage();
	const app = new RadfolioPage(page);
	await app.open();
	await app.unlock(PASSPHRASE);
	await expect(app.lockButton).toBeVisible({ timeout: 30_000 });
	return app;
}

/**
 * Starts importing the 120-file CT in tab A, slowed down (CPU throttling) so that it is still running when the
 * other tab restores. The files go by "Import files": Playwright's folder upload stalls once a second page is open.
 */
async function startSlowImport(app: RadfolioPage) {
	const cdp = await app.page.context().newCDPSession(app.page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
	const files = readdirSync(paths.big, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name));
	const chooser = app.page.waitForEvent('filechooser');
	await app.page.getByRole('button', { name: 'Import files' }).click();
	await (await chooser).setFiles(files);
	const progress = app.page.getByRole('progressbar', { name: 'Import progress' });
	await expect
		.poll(async () => Number(await progress.getAttribute('value', { timeout: 5_000 })), {
			timeout: 30_000
		})
		.toBeGreaterThan(0);
	return {
		progress,
		full: async () => {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
			await cdp.detach();
		}
	};
}

/** Settings → Restore backup, the file chosen and the passphrase typed; the returned function submits. */
async function prepareRestore(page: Page, file: string) {
	await page.getByRole('link', { name: 'Settings' }).click();
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Restore backup' }).click();
	await (await chooser).setFiles(file);
	await page.getByLabel('Backup passphrase').fill(PASSPHRASE);
	return () => page.getByRole('button', { name: 'Restore this backup' }).click();
}

async function databases(page: Page): Promise<string[]> {
	return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
}

function activeDb(page: Page): Promise<string | null> {
	return page.evaluate(() => localStorage.getItem('radfolio.activeDb'));
}

test('a backup restored in one tab while another imports: the import is kept or reported, the restore whole, the old database gone', async ({
	context
}, testInfo) => {
	test.setTimeout(300_000);
	const file = testInfo.outputPath('vault.rfbackup');
	const a = await vaultWithBackup(await context.newPage(), file);
	const b = await secondTab(context);
	// Tab C neither hears the tabs' broadcast nor the storage event, as a tab asleep at that moment would not.
	const cPage = await context.newPage();
	await cPage.addInitScript(() => {
		class Deaf {
			onmessage = null;
			postMessage() {}
			addEventListener() {}
			removeEventListener() {}
			close() {}
		}
		(window as unknown as { BroadcastChannel: unknown }).BroadcastChannel = Deaf;
		const add = window.addEventListener.bind(window);
		window.addEventListener = ((type: string, ...rest: [EventListener, unknown?]) => {
			if (type !== 'storage') add(type, ...(rest as [EventListener]));
		}) as typeof window.addEventListener;
	});
	const c = new RadfolioPage(cPage);
	await c.open();
	await c.unlock(PASSPHRASE);
	await expect(c.entries).toHaveCount(1, { timeout: 30_000 });

	const restore = await prepareRestore(b.page, file);
	const importing = await startSlowImport(a);
	await restore();
	// The restore waits for the import (it holds the import lock to its end, as the next test shows): once it says
	// so, the import has what it was slowed down for and finishes at full speed.
	await b.page
		.getByRole('status')
		.filter({ hasText: 'Waiting for the import' })
		.waitFor({ timeout: 60_000 });
	await importing.full();
	await expect(importing.progress).toBeHidden({ timeout: 180_000 });

	// The restored vault is active in tab B, whole.
	await b.page.getByRole('link', { name: 'History' }).click();
	await expect(b.entries.filter({ hasText: 'MRI left knee' })).toHaveCount(1, { timeout: 60_000 });

	// What tab A's import did is either in the vault now active, or told to the patient in tab A.
	const truth = await secondTab(context);
	await expect(truth.entries.filter({ hasText: 'MRI left knee' })).toHaveCount(1);
	const big = truth.entries.filter({ hasText: 'Large CT' });
	if (await big.count()) {
		await expect(big).toContainText('120 images');
		await expect(big).not.toContainText('Incomplete import');
	} else {
		await expect(a.page.getByText('not in your vault')).toBeVisible();
	}
	const count = await truth.entries.count();

	// Tab A was locked and told why; it opens the vault now active.
	await expect(a.page.getByText('Another Radfolio tab replaced this vault')).toBeVisible();
	await a.unlock(PASSPHRASE);
	await expect(a.entries).toHaveCount(count, { timeout: 30_000 });

	// Tab C, which heard nothing, was locked all the same (its database was being deleted under it), and opens
	// the restored vault.
	await expect(cPage.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 30_000 });
	await c.unlock(PASSPHRASE);
	await expect(c.entries).toHaveCount(count, { timeout: 30_000 });

	// Only the restored database is left: the old one went once no tab held it, and no tab made it again.
	const active = await activeDb(b.page);
	expect(active).toMatch(/^radfolio-/);
	await expect.poll(() => databases(b.page), { timeout: 30_000 }).toEqual([active]);
});

test('a restore waiting for an import in another tab can be cancelled: both vaults stay as they were', async ({
	context
}, testInfo) => {
	test.setTimeout(300_000);
	const file = testInfo.outputPath('vault.rfbackup');
	const a = await vaultWithBackup(await context.newPage(), file);
	const b = await secondTab(context);
	const before = await activeDb(b.page);

	const restore = await prepareRestore(b.page, file);
	const importing = await startSlowImport(a);
	await restore();
	// The restore does not pull the vault from under the running import: it says it waits, and can be cancelled.
	await expect(
		b.page.getByRole('status').filter({ hasText: 'Waiting for the import' })
	).toBeVisible({ timeout: 60_000 });
	await b.page.getByRole('button', { name: 'Cancel restore' }).click();
	await expect(b.page.getByRole('status').filter({ hasText: 'Restore cancelled' })).toBeVisible();
	await importing.full();

	await expect(importing.progress).toBeHidden({ timeout: 120_000 });
	await expect(a.importStatus).toContainText('Imported 120 files');
	await expect(a.lockButton).toBeVisible();
	await expect(a.entries.filter({ hasText: 'Large CT' })).toContainText('120 images');
	const truth = await secondTab(context);
	await expect(truth.entries).toHaveCount(2);
	expect(await activeDb(b.page)).toBe(before);
	// The restored copy that was never adopted is gone; the patient's vault is the only database.
	await expect.poll(() => databases(b.page), { timeout: 30_000 }).toEqual([before ?? 'radfolio']);
});
