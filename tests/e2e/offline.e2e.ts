import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';
import { OwnServer } from './server';

test('the installed app opens, unlocks and shows the timeline after its server is gone', async ({
	page
}) => {
	const server = new OwnServer(4181);
	await server.start();
	try {
		const app = new RadfolioPage(page);
		await page.goto(server.url);
		await app.createVault(PASSPHRASE);
		await app.importFiles([paths.zip]);
		await expect(app.entries).toHaveCount(1);
		await page.evaluate(() => navigator.serviceWorker.ready);

		await server.stop();
		await page.reload();
		await app.unlock(PASSPHRASE);
		await expect(app.entries).toHaveCount(1);
		await expect(app.entries.first()).toContainText('MRI left knee');
		// A deep link works offline too: the study page's shell comes from the cache.
		await app.entries.first().getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
		await page.reload();
		await app.unlock(PASSPHRASE);
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
	} finally {
		await server.dispose();
	}
});

test('is installable: manifest with icons, a service worker in control', async ({
	page,
	request
}) => {
	await page.goto('/');
	const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await request.get(manifestHref!)).json();
	expect(manifest).toMatchObject({
		display: 'standalone',
		start_url: '/',
		name: expect.any(String)
	});
	const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
	expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
	expect(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable')).toBe(true);
	for (const icon of manifest.icons) {
		const response = await request.get(icon.src);
		expect(response.ok(), icon.src).toBe(true);
	}
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
});

test('offers "Reload to update" when a new version is waiting, and loads it on click', async ({
	page
}) => {
	const server = new OwnServer(4182, { copyBuild: true });
	await server.start();
	try {
		await page.goto(server.url);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);

		// Deploy a "new version": different worker bytes (and no stale precompressed copies), server restarted.
		await server.stop();
		const worker = join(server.buildDir, 'client/service-worker.js');
		rmSync(`${worker}.br`, { force: true });
		rmSync(`${worker}.gz`, { force: true });
		appendFileSync(worker, '\n// next version\n');
		await server.start();
		await page.evaluate(async () => (await navigator.serviceWorker.ready).update());

		const reload = page.getByRole('button', { name: 'Reload to update' });
		await expect(reload).toBeVisible();
		const navigation = page.waitForEvent('framenavigated');
		await reload.click();
		await navigation;
		await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
	} finally {
		await server.dispose();
	}
});
