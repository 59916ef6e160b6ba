import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/** axe finds nothing, and the page reflows into the window: no sideways scrolling (WCAG 1.4.10). */
async function checkPage(page: Page, width: number, where: string) {
	await expectNoAxeViolations(page, where);
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `sideways scrolling on ${where}`).toBeLessThanOrEqual(width);
}

// 640 × 450 is what a 1280 × 900 window shows at 200% zoom: nothing may need sideways scrolling there either.
for (const viewport of [
	{ width: 1280, height: 900 },
	{ width: 640, height: 450 },
	{ width: 360, height: 740 }
]) {
	test(`every page passes axe at ${viewport.width}px and stays usable by keyboard`, async ({
		page
	}) => {
		await page.setViewportSize(viewport);
		const foreign: string[] = [];
		// Any request over the network that is not to our own server (the browser's built-in PDF viewer loads
		// from chrome-extension:// and chrome://, which never leave the machine).
		page.on('request', (r) => {
			const url = new URL(r.url());
			if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1')
				foreign.push(r.url());
		});
		const app = new RadfolioPage(page);
		await app.open();
		await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await checkPage(page, viewport.width, 'create');

		// Create the vault by keyboard only.
		await page.getByLabel('Passphrase', { exact: true }).focus();
		await page.keyboard.type(PASSPHRASE);
		await page.keyboard.press('Tab'); // Show
		await page.keyboard.press('Tab');
		await page.keyboard.type(PASSPHRASE);
		await page.keyboard.press('Enter');
		await expect(app.lockButton).toBeVisible({ timeout: 30_000 });

		await app.importFolder(paths.cd);
		await checkPage(page, viewport.width, 'timeline');
		const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(scrollWidth).toBeLessThanOrEqual(viewport.width);

		await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').focus();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await checkPage(page, viewport.width, 'study');

		// The viewer and sharing by keyboard: the image slider moves with the arrows, the dialog opens with Enter,
		// a link is made with Enter and the dialog closes with Escape, giving focus back.
		const viewer = page.getByRole('region', { name: 'Image viewer' });
		const stage = viewer.getByRole('slider');
		await expect(stage).toHaveAttribute('aria-valuenow', /\d+/, { timeout: 30_000 });
		const before = Number(await stage.getAttribute('aria-valuenow'));
		await stage.focus();
		await page.keyboard.press('ArrowDown');
		await expect(stage).not.toHaveAttribute('aria-valuenow', String(before));
		const share = page.getByRole('button', { name: 'Share', exact: true });
		await share.focus();
		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', { name: 'Share study' });
		await dialog.getByRole('button', { name: 'Create link' }).focus();
		await page.keyboard.press('Enter');
		const link = dialog.getByRole('textbox', { name: 'Share link' });
		await expect(link).toHaveValue(/#/, { timeout: 30_000 });
		await checkPage(page, viewport.width, 'share dialog');
		const shareUrl = await link.inputValue();
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(share).toBeFocused();

		await page.getByRole('link', { name: 'Providers' }).click();
		await expect(page.getByRole('heading', { name: 'Connect a provider' })).toBeVisible();
		await checkPage(page, viewport.width, 'providers');

		await page.goto(shareUrl);
		await expect(page.getByRole('button', { name: 'Open shared study' })).toBeVisible();
		await checkPage(page, viewport.width, 'shared study landing');
		await page.getByRole('button', { name: 'Open shared study' }).click();
		await expect(page.getByRole('region', { name: 'Image viewer' })).toBeVisible({
			timeout: 30_000
		});
		await checkPage(page, viewport.width, 'shared study');
		// Leaving the app locked the vault (pagehide): unlock again.
		await page.goto('/');
		await app.unlock(PASSPHRASE);
		await expect(app.lockButton).toBeVisible({ timeout: 30_000 });

		await page.getByRole('link', { name: 'Settings' }).click();
		await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: 'Storage used' })).toBeVisible();
		await checkPage(page, viewport.width, 'settings');
		await page.getByRole('button', { name: 'Add a device' }).click();
		const deviceLink = await page
			.getByRole('textbox', { name: 'Link for your new device' })
			.inputValue();
		await expect(page.getByRole('img', { name: 'QR code' })).toBeVisible();
		await checkPage(page, viewport.width, 'add a device');
		await page.getByRole('button', { name: 'Cancel' }).click();

		await app.lockButton.click();
		await checkPage(page, viewport.width, 'unlock');
		await app.unlock('wrong one');
		await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
		await checkPage(page, viewport.width, 'unlock with error');
		await page.goto(deviceLink);
		await expect(page.getByRole('heading', { name: 'Receive your vault' })).toBeVisible();
		await checkPage(page, viewport.width, 'receive a vault');
		expect(foreign).toEqual([]);
	});
}

test('every response carries the security headers', async ({ request }) => {
	for (const path of [
		'/',
		'/settings',
		'/study?id=x',
		'/manifest.webmanifest',
		'/service-worker.js',
		'/nope'
	]) {
		const response = await request.get(path);
		const headers = response.headers();
		expect(headers['referrer-policy'], path).toBe('no-referrer');
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		const csp = headers['content-security-policy'] ?? '';
		expect(csp, path).toContain("default-src 'self'");
		expect(csp, path).toContain("frame-ancestors 'none'");
		expect(csp, path).not.toMatch(/https?:\/\//);
		expect(csp, path).not.toContain("'unsafe-eval'");
	}
});
