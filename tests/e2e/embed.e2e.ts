import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { useGatewayStack } from './gateway-stack';

const PORTAL = 4191; // allowed to frame Radfolio (RADFOLIO_FRAME_ANCESTORS)
const STRANGER = 4192; // not allowed
const PASSPHRASE = 'embedded portal correct horse';

/**
 * A hospital's patient portal (another local origin) frames Radfolio and hands it the patient's enrollment code by
 * postMessage (src/lib/embed/protocol.ts); a page on an origin the server does not name cannot frame it at all.
 */
test.describe('inside a provider’s portal', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');

	const stack = useGatewayStack(
		{ app: 4189, archive: 18149, dicom: 14349 },
		{
			RADFOLIO_PROVIDER_NAME: 'Portal Imaging',
			RADFOLIO_FRAME_ANCESTORS: `http://127.0.0.1:${PORTAL}`
		}
	);
	const portals: Server[] = [];
	test.beforeAll(async () => {
		for (const port of [PORTAL, STRANGER]) {
			const server = createServer((_req, res) => {
				res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
				res.end(portalPage(stack.server.url));
			});
			await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
			portals.push(server);
		}
	});
	test.afterAll(() => {
		for (const server of portals) server.close();
	});

	const messages = (page: Page) => page.getByRole('list', { name: 'Messages from Radfolio' });

	test('the portal frames Radfolio, sends the code, and hears that the patient connected', async ({
		page
	}) => {
		const code = stack.code(ARCHIVE_PATIENTS.alice.id);
		await page.goto(`http://127.0.0.1:${PORTAL}/?code=${code}`);
		const radfolio = page.frameLocator('iframe[title="Radfolio"]');
		await expect(messages(page)).toContainText('ready');
		// First visit: the patient makes a vault inside the frame; the code waits in memory meanwhile.
		await expect(radfolio.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await expect(radfolio.getByText('inside your provider’s portal')).toBeVisible();
		await radfolio.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await radfolio.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		await radfolio.getByRole('button', { name: 'Create vault' }).click();
		await expect(radfolio.getByRole('textbox', { name: 'Enrollment code' })).toHaveValue(code, {
			timeout: 30_000
		});
		await expect(messages(page)).toContainText('enrollment-received');

		await radfolio.getByRole('button', { name: 'Connect' }).click();
		await expect(messages(page)).toContainText('connected Portal Imaging', { timeout: 30_000 });
		await expect(radfolio.getByRole('status').filter({ hasText: /Last sync/ })).toContainText(
			`${ARCHIVE_STUDIES.alice.length} studies updated`,
			{ timeout: 60_000 }
		);
		// The portal heard of a connection, never of the patient's data.
		const heard = await messages(page).textContent();
		expect(heard).not.toContain(ARCHIVE_PATIENTS.alice.id);
		expect(heard).not.toContain(code);
	});

	test('a code that does not work is reported to the portal as a failed enrollment', async ({
		page
	}) => {
		await page.goto(`http://127.0.0.1:${PORTAL}/?code=AAAA-BBBB-CCCC`);
		const radfolio = page.frameLocator('iframe[title="Radfolio"]');
		await radfolio.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await radfolio.getByLabel('Confirm passphrase').fill(PASSPHRASE);
		await radfolio.getByRole('button', { name: 'Create vault' }).click();
		await expect(radfolio.getByRole('textbox', { name: 'Enrollment code' })).toHaveValue(
			'AAAA-BBBB-CCCC',
			{ timeout: 30_000 }
		);
		await radfolio.getByRole('button', { name: 'Connect' }).click();
		await expect(radfolio.getByRole('alert')).not.toBeEmpty();
		await expect(messages(page)).toContainText('enrollment-failed');
	});

	test('a page on an origin the server does not name cannot frame Radfolio', async ({ page }) => {
		const refused = page.waitForEvent('console', {
			predicate: (m) => /frame-ancestors|Refused to frame/i.test(m.text()),
			timeout: 15_000
		});
		await page.goto(`http://127.0.0.1:${STRANGER}/?code=AAAA-BBBB-CCCC`);
		await refused;
		await expect(
			page
				.frameLocator('iframe[title="Radfolio"]')
				.getByRole('heading', { name: 'Create your vault' })
		).toHaveCount(0);
		await expect(messages(page)).toBeEmpty();
	});
});

/** The portal's page: frames Radfolio's Providers page and answers its "ready" with the code in its own URL. */
function portalPage(app: string): string {
	return `<!doctype html>
<html lang="en"><head><title>Patient portal</title></head>
<body>
<h1>My health portal</h1>
<ul aria-label="Messages from Radfolio" id="log"></ul>
<iframe title="Radfolio" src="${app}/providers" width="1100" height="900"></iframe>
<script>
const code = new URLSearchParams(location.search).get('code');
addEventListener('message', (event) => {
	if (event.origin !== ${JSON.stringify(app)} || event.data?.radfolio !== 1) return;
	const item = document.createElement('li');
	item.textContent = event.data.type + (event.data.provider ? ' ' + event.data.provider : '');
	document.getElementById('log').append(item);
	if (event.data.type === 'ready' && code) {
		event.source.postMessage({ radfolio: 1, type: 'enroll', code }, ${JSON.stringify(app)});
	}
});
</script>
</body></html>`;
}
