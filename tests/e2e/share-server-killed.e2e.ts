import { expect, test } from '@playwright/test';
import { reportRow } from '../reliability/report';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';
import { OwnServer } from './server';

// The test intercepts the page's uploads; a service worker in control could pass its fetches by the route.
test.use({ serviceWorkers: 'block' });

/**
 * R3: the server killed (SIGKILL) while the patient's page uploads a share. The page says the link could not be
 * created and shows no link; the half-uploaded share never opens; with the server back, a new link works.
 */
test('the server killed mid-upload: no link is shown, the half share never opens, the next link works', async ({
	page
}) => {
	test.setTimeout(120_000);
	const server = new OwnServer(4188);
	await server.start();
	try {
		const app = new RadfolioPage(page);
		await page.goto(server.url);
		await app.createVault(PASSPHRASE);
		await app.importFolder(paths.cd);
		await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();

		let killedShare = '';
		await page.route('**/api/relay/shares/*/parts/*', async (route) => {
			if (!killedShare) {
				killedShare = route
					.request()
					.url()
					.match(/shares\/([^/]+)\/parts/)![1]!;
				await server.stop(); // SIGKILL, with the first part on its way
			}
			await route.continue();
		});
		await page.getByRole('button', { name: 'Share', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Share study' });
		await dialog.getByRole('button', { name: 'Create link' }).click();
		await expect(dialog.getByRole('alert')).toContainText('could not be created', {
			timeout: 30_000
		});
		await expect(dialog.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);

		await server.start();
		await page.unroute('**/api/relay/shares/*/parts/*');
		const meta = await fetch(`${server.url}/api/relay/shares/${killedShare}`);
		expect(meta.status).toBe(404); // never became a share anyone can open
		expect(
			(
				await fetch(`${server.url}/api/relay/shares/${killedShare}/open`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: '{}'
				})
			).status
		).toBe(404);
		await dialog.getByRole('button', { name: 'Create link' }).click();
		const link = dialog.getByRole('textbox', { name: 'Share link' });
		await expect(link).toHaveValue(/\/s\//, { timeout: 30_000 });
		// The new link's share is whole on the relay: an open gets all of it, a share stream from its first byte.
		const id = /\/s\/([^#]+)/.exec(await link.inputValue())![1]!;
		const started = await fetch(`${server.url}/api/relay/shares/${id}/open`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}'
		});
		expect(started.status).toBe(201);
		const { ticket, size } = (await started.json()) as { ticket: string; size: number };
		const cipher = await fetch(`${server.url}/api/relay/shares/${id}/blob`, {
			headers: { Authorization: `Bearer ${ticket}` }
		});
		expect(cipher.status).toBe(200);
		const bytes = Buffer.from(await cipher.arrayBuffer());
		expect(bytes.length).toBe(size);
		expect(bytes.subarray(0, 7).toString('latin1')).toBe('RFSHARE');
		reportRow('R3-upload', {
			check: 'R3 server killed while the patient’s page uploads a share, then restarted',
			cases: 1,
			passed: 1,
			lost: 0,
			notes: 'no link shown; the half share never opens; the next link works'
		});
	} finally {
		await server.dispose();
	}
});
