import { expect, test, type Page } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

// The app's code held back, as on a slow start: requests are seen here only without the service worker (it would
// answer them from its cache first), and the HTML shell is the same either way.
test.use({ serviceWorkers: 'block' });

/** Holds every request for the app's code until the returned function is called. */
async function holdAppCode(page: Page): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/**/*.js', async (route) => {
		await released;
		await route.continue().catch(() => {});
	});
	return release;
}

test('a returning patient types the passphrase before the app has loaded, and the study opens', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFiles([paths.zip]);
	await app.entries.first().getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
	const studyUrl = page.url();

	// Back at the study's address with none of the app's code: the locked screen is already there. (From another
	// page: from the study's own, its address would only scroll, its study being named in the fragment.)
	const release = await holdAppCode(page);
	await page.goto('about:blank');
	await page.goto(studyUrl, { waitUntil: 'commit' });
	const field = page.getByLabel('Passphrase', { exact: true });
	await expect(field).toBeVisible();
	await expect(field).toBeFocused();
	await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
	await field.pressSequentially(PASSPHRASE);
	await field.press('Enter');
	await expect(page.getByRole('button', { name: 'Unlocking…' })).toBeDisabled();

	// The app arrives, takes the screen over and unlocks with what was typed: no second press.
	release();
	await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
	await expect(page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
	await expect(page.locator('#unlock-shell')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('half a passphrase typed before the app loads is kept, and a wrong one is said', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	const release = await holdAppCode(page);
	await page.goto('/', { waitUntil: 'commit' });
	// Typed once the patient can see the field: the shell is in the page (hidden) before unlock-shell.js shows it,
	// and keys sent to it then would go nowhere, as they would for a patient who cannot see it.
	const shellField = page.getByLabel('Passphrase', { exact: true });
	await expect(shellField).toBeVisible();
	await expect(shellField).toBeFocused();
	await shellField.pressSequentially('not my');
	await expect(shellField).toHaveValue('not my');
	release();
	// One field, the app's, holding what was typed; typing goes on in it.
	await expect(page.locator('#unlock-shell')).toHaveCount(0);
	const field = page.getByLabel('Passphrase', { exact: true });
	await expect(field).toHaveValue('not my');
	await field.pressSequentially(' passphrase');
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
	await app.unlock(PASSPHRASE);
	await expect(app.lockButton).toBeVisible();
});

test('the locked screen before the app only where there is a vault, and never on a shared study’s page', async ({
	page
}) => {
	const release = await holdAppCode(page);
	await page.goto('/', { waitUntil: 'commit' });
	await expect(page.locator('#unlock-shell')).toHaveCount(0);
	release();
	const app = new RadfolioPage(page);
	await app.createVault(PASSPHRASE);
	await expect(app.lockButton).toBeVisible();

	// Now there is one: the locked screen comes before the app, except on a shared study's page.
	const hold = await holdAppCode(page);
	await page.goto('/', { waitUntil: 'commit' });
	await expect(page.getByLabel('Passphrase', { exact: true })).toBeVisible();
	await page.goto('/s/abcdefghijklmnop#k', { waitUntil: 'commit' });
	await expect(page.locator('#unlock-shell')).toHaveCount(0);
	hold();
});

test.describe('served by the service worker', () => {
	test.use({ serviceWorkers: 'allow' });

	test('the page comes with the locked screen already on it, in the patient’s language, before any script runs', async ({
		page
	}) => {
		await RadfolioPage.withNewVault(page, PASSPHRASE);
		await page.evaluate(() => navigator.serviceWorker.ready);
		// Spanish chosen: the app notes it with the vault's presence when it next starts.
		await page.evaluate(() => localStorage.setItem('radfolio.locale', 'es'));
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Tu bóveda está bloqueada' })).toBeVisible();

		// The app notes it for the service worker in the background.
		await expect
			.poll(() =>
				page.evaluate(async () => {
					const hints = await caches.open('radfolio-hints');
					return (await hints.match('/__radfolio/has-vault'))?.json();
				})
			)
			.toEqual({ locale: 'es' });
		// No script runs on the page now: what shows is what the service worker served.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Tu bóveda está bloqueada' })).toBeVisible();
		await expect(page.getByLabel('Frase de contraseña', { exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Desbloquear' })).toBeVisible();
		expect(await page.locator('html').getAttribute('lang')).toBe('es');
		// Never on a shared study's page.
		await page.goto('/s/abcdefghijklmnop#k');
		await expect(page.locator('#unlock-shell')).toBeHidden();
	});

	test('a study’s address is answered by the browser from the cache, not by the worker’s fetch handler, the locked screen on it', async ({
		page
	}) => {
		const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
		await app.importFiles([paths.zip]);
		await app.entries.first().getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
		const studyUrl = page.url();
		// The study is named in the fragment, which no request carries: the address is the /study shell's.
		expect(new URL(studyUrl).search).toBe('');

		// How the browser answered each request, as DevTools shows it (the static routes' rule and source).
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.enable');
		const sources = new Map<string, string>();
		cdp.on('Network.responseReceived', ({ response }) =>
			sources.set(
				new URL(response.url).pathname,
				response.serviceWorkerRouterInfo?.actualSourceType ?? 'fetch-event or network'
			)
		);
		await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
		await page.goto('about:blank');
		await page.goto(studyUrl);
		await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
		await expect(page.getByLabel('Passphrase', { exact: true })).toBeVisible();
		expect(sources.get('/study')).toBe('cache');

		// The study opens from that address (the locked screen's script from the cache too), and the skip link
		// leaves the address naming it.
		await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
		await page.reload();
		await app.unlock(PASSPHRASE);
		expect(sources.get('/unlock-shell.js')).toBe('cache');
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
		await page.getByRole('link', { name: 'Skip to content' }).focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('#main')).toBeFocused();
		expect(page.url()).toBe(studyUrl);
		await page.reload();
		await app.unlock(PASSPHRASE);
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();

		// An address of the older form (a bookmark) still opens the study, through the worker.
		await page.goto(studyUrl.replace('#id=', '?id='));
		await app.unlock(PASSPHRASE);
		await expect(page.getByRole('heading', { level: 1, name: 'MRI left knee' })).toBeVisible();
	});
});
