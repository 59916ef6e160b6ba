import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { startEhr } from '../../scripts/ehr.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { useGatewayStack } from './gateway-stack';
import { RadfolioPage } from './pages/radfolio';

const PASSPHRASE = 'smart e2e correct horse';
const PORTS = { app: 4191, archive: 18151, dicom: 14351 };
const EHR_PORT = 18191;
const APP = `http://127.0.0.1:${PORTS.app}`;
/** Short enough that the test sees it expire and the refresh token renew it. */
const ACCESS_TTL_S = 20;

/**
 * SMART Imaging Access in a real browser: a patient connects Radfolio to the test EHR (scripts/ehr.js, a real
 * oidc-provider) by its FHIR address or from the EHR's own launch, signs in and allows on the EHR's pages, and the
 * gateway (tests/e2e/gateway-stack.ts, as an imaging server) serves ImagingStudy and WADO-RS behind the token. The
 * studies sync, stay offline, survive an expired access token (refresh) and a withdrawn grant ("Reconnect").
 * The time from pressing the button to the last study stored is printed beside an enrollment code's.
 */
test.describe('SMART on FHIR provider', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
	test.describe.configure({ mode: 'serial' });

	let ehr: Awaited<ReturnType<typeof startEhr>> | undefined;
	const env: Record<string, string> = { RADFOLIO_PROVIDER_NAME: 'Test Imaging Center' };
	// Before the gateway stack's own beforeAll: the gateway needs the EHR's settings, the app its origin (CSP).
	test.beforeAll(async () => {
		ehr = await startEhr({
			port: EHR_PORT,
			redirectUris: [`${APP}/providers/smart/callback`],
			imagingFhirBase: `${APP}/api/gateway/fhir`,
			accessTokenTtlSeconds: ACCESS_TTL_S
		});
		// No reuse of introspection answers: a withdrawn grant is refused at once.
		Object.assign(env, ehr.gatewayEnv(), {
			RADFOLIO_CONNECT_ORIGINS: ehr.issuer,
			RADFOLIO_SMART_CACHE_SECONDS: '0'
		});
	});
	test.afterAll(async () => {
		await ehr?.stop();
	});
	const stack = useGatewayStack(PORTS, env);
	const theEhr = () => {
		if (!ehr) throw new Error('the EHR is not started');
		return ehr;
	};
	const timings: Record<string, number> = {};

	/** The EHR's own pages: sign in, then allow Radfolio. */
	async function signInAtEhr(page: Page, username: string, password: string) {
		await page.getByLabel('Username').fill(username);
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('button', { name: 'Allow' }).click();
	}
	const lastSync = (page: Page) => page.getByRole('status').filter({ hasText: /Last sync/ });

	test('FHIR address → sign in and allow at the EHR → studies sync → offline → refresh → revoked: Reconnect, studies kept', async ({
		page,
		context
	}) => {
		const app = new RadfolioPage(page);
		const alice = ARCHIVE_STUDIES.alice;
		await page.goto(`${stack.server.url}/providers`);
		await app.createVault(PASSPHRASE);
		await page.getByRole('textbox', { name: 'FHIR address' }).fill(theEhr().fhirBase);
		const pressed = Date.now();
		await page.getByRole('button', { name: 'Sign in at provider' }).click();

		// At the EHR: its real sign-in and consent pages.
		await expect(page).toHaveURL(new RegExp(`^${theEhr().issuer}/`));
		await signInAtEhr(page, 'alice', 'alice-demo');

		// Back in Radfolio (a new page load: the vault is locked), the code and state leave the address bar.
		await expect(page).toHaveURL(/\/providers\/smart\/callback/);
		await app.unlock(PASSPHRASE);
		const unlocked = Date.now();
		await expect(page).toHaveURL(`${APP}/providers`, { timeout: 30_000 });
		expect(page.url()).not.toContain('code=');
		await expect(lastSync(page)).toContainText(`${alice.length} studies updated`, {
			timeout: 60_000
		});
		timings.smart = Date.now() - pressed;
		timings.smartAfterApproval = Date.now() - unlocked;
		console.log(
			`SMART: button → last study stored ${timings.smart} ms (after approval and unlock ${timings.smartAfterApproval} ms)`
		);
		await expect(page.getByText('Patient: Alice Demo')).toBeVisible();

		await page.getByRole('link', { name: 'History' }).click();
		await expect(app.entries).toHaveCount(alice.length);
		for (const s of alice) await expect(app.history).toContainText(s.description);
		await expect(app.history).not.toContainText('Hand X-ray'); // the look-alike's
		await expect(app.history).not.toContainText('Incomplete');

		// Offline: the studies are there.
		await context.setOffline(true);
		await page.reload();
		await app.unlock(PASSPHRASE);
		await expect(app.entries).toHaveCount(alice.length);
		await app.history.getByRole('link', { name: /CT chest/ }).click();
		await expect(page.getByRole('region', { name: 'Image viewer' })).toBeVisible({
			timeout: 30_000
		});

		// The access token expires; back online, the refresh token renews it (rotated: the EHR keeps the newest).
		// The page stays loaded meanwhile: a renewal cut off by a reload loses the rotated refresh token.
		const refreshed = page.waitForResponse(
			(response) =>
				response.url() === `${theEhr().issuer}/token` &&
				/grant_type=refresh_token/.test(response.request().postData() ?? ''),
			{ timeout: 60_000 }
		);
		await page.waitForTimeout(Math.max(0, pressed + ACCESS_TTL_S * 1000 + 1000 - Date.now()));
		await context.setOffline(false);
		await page.getByRole('link', { name: 'Providers', exact: true }).first().click();
		await page.getByRole('button', { name: 'Sync now' }).click();
		expect((await refreshed).status()).toBe(200);
		await expect(lastSync(page)).toContainText('Up to date', { timeout: 30_000 });
		await expect(page.getByRole('button', { name: /^Reconnect/ })).toHaveCount(0);

		// The EHR withdraws the grant: the app says "Reconnect" and keeps every study.
		expect(theEhr().revokeGrants('pt-alice')).toBeGreaterThan(0);
		await page.getByRole('button', { name: 'Sync now' }).click();
		await expect(page.getByRole('button', { name: /^Reconnect/ })).toBeVisible({ timeout: 30_000 });
		await expect(lastSync(page)).toContainText('Reconnect');
		await page.getByRole('link', { name: 'History' }).click();
		await expect(app.entries).toHaveCount(alice.length);
	});

	test('EHR launch: the portal opens Radfolio, the patient signs in there, the studies sync', async ({
		browser
	}) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const app = new RadfolioPage(page);
		const bob = ARCHIVE_STUDIES.bob;
		// The portal's menu item: a redirect to <app>/providers?iss=…&launch=…
		await page.goto(theEhr().launchUrl('pt-bob'));
		await expect(page).toHaveURL(/\/providers\?iss=/);
		// A first-time patient creates a vault; the sign-in then goes on to the EHR at once.
		await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		await page.getByRole('button', { name: 'Create vault' }).click();
		await expect(page).toHaveURL(new RegExp(`^${theEhr().issuer}/`), { timeout: 30_000 });
		await signInAtEhr(page, 'bob', 'bob-demo');
		await app.unlock(PASSPHRASE);
		await expect(lastSync(page)).toContainText(`${bob.length} studies updated`, {
			timeout: 60_000
		});
		await expect(page.getByText('Patient: Bob Demo')).toBeVisible();
		await page.getByRole('link', { name: 'History' }).click();
		await expect(app.entries).toHaveCount(bob.length);
		await context.close();
	});

	test('an enrollment code in the same run, for the timing beside SMART', async ({ browser }) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const app = new RadfolioPage(page);
		await page.goto(`${stack.server.url}/providers#code=${stack.code(ARCHIVE_PATIENTS.alice.id)}`);
		await app.createVault(PASSPHRASE);
		const pressed = Date.now();
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(lastSync(page)).toContainText(`${ARCHIVE_STUDIES.alice.length} studies updated`, {
			timeout: 60_000
		});
		timings.enrollment = Date.now() - pressed;
		console.log(
			`connect → last study stored (demo patient Alice, ${ARCHIVE_STUDIES.alice.length} studies): ` +
				`SMART ${timings.smart} ms (of which after the EHR's approval and unlock ${timings.smartAfterApproval} ms), ` +
				`enrollment code ${timings.enrollment} ms`
		);
		await context.close();
	});
});
