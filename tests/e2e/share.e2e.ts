import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { asSharePart } from '../fixtures/share-header';
import { reportRow } from '../reliability/report';
import { PASSPHRASE, paths } from './fixtures';
import { litFraction } from './pages/canvas';
import { RadfolioPage } from './pages/radfolio';

const RELAY_DATA = 'tests/.generated/server-data';

/** The patient's side: a vault with the CD imported, on the CT study's page. */
async function patientOnStudy(page: Page) {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'CT chest with contrast' })
	).toBeVisible();
	return app;
}

async function createLink(
	page: Page,
	options: { maxOpens?: number; passphrase?: string; deidentify?: boolean } = {}
) {
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Share study' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('combobox', { name: 'Expires after' })).toHaveValue(
		String(7 * 86_400)
	);
	if (options.maxOpens)
		await dialog.getByRole('spinbutton', { name: 'Maximum opens' }).fill(String(options.maxOpens));
	if (options.passphrase)
		await dialog.getByRole('textbox', { name: 'Passphrase (optional)' }).fill(options.passphrase);
	if (options.deidentify) {
		await dialog.getByRole('checkbox', { name: 'Remove my name and IDs' }).check();
		await expect(dialog).toContainText('burned into the images');
	}
	await dialog.getByRole('button', { name: 'Create link' }).click();
	const link = dialog.getByRole('textbox', { name: 'Share link' });
	await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/, { timeout: 30_000 });
	await expect(dialog.getByRole('img', { name: 'QR code' })).toBeVisible();
	return { dialog, url: await link.inputValue() };
}

/** What a refused blob request answers: a short JSON error, never any of the share's ciphertext. */
function expectNoCiphertext(body: Buffer) {
	expect(body.length).toBeLessThan(512);
	expect(body.includes('RFSHARE')).toBe(false);
}

/** A recipient: a fresh browser context (no vault, no cookies), as a physician opening the link would be. */
/**
 * A recipient's fresh browser. `routed`: the test intercepts its requests, so the service worker is kept out (once
 * it controls the page, the page's fetches can pass it by the test's routes).
 */
async function recipient(browser: Browser, options: { routed?: boolean } = {}) {
	const context = await browser.newContext(options.routed ? { serviceWorkers: 'block' } : {});
	return { context, page: await context.newPage() };
}

test('a shared study opens in a fresh browser: images and report, then saved to the recipient’s own vault', async ({
	page,
	browser
}) => {
	await patientOnStudy(page);
	const { url } = await createLink(page);
	expect(readdirSync(join(RELAY_DATA, 'blobs')).length).toBeGreaterThan(0);

	const { context, page: other } = await recipient(browser);
	const requests: string[] = [];
	other.on('request', (r) =>
		requests.push(r.url() + ' ' + JSON.stringify(r.headers()) + (r.postData() ?? ''))
	);
	await other.goto(url);
	await expect(other.getByRole('heading', { name: 'Shared study' })).toBeVisible();
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await expect(
		other.getByRole('heading', { level: 1, name: 'CT chest with contrast' })
	).toBeVisible({ timeout: 30_000 });
	const viewer = other.getByRole('region', { name: 'Image viewer' });
	await expect(viewer.getByText(/Image \d+ \/ 5/)).toBeVisible({ timeout: 30_000 });
	await expect.poll(() => litFraction(other), { timeout: 15_000 }).toBeGreaterThan(0.05);
	await expect(other.getByRole('region', { name: 'Report' })).toBeVisible();

	// The key never left the fragment, and nothing readable about the patient crossed the wire.
	const key = url.split('#')[1]!;
	const wire = requests.join('\n');
	for (const secret of [key, 'TESTPATIENT', 'E2E-PID-4242', '1.2.826.0.1.3680043.10.1337.11']) {
		expect(wire).not.toContain(secret);
	}

	await other.getByRole('button', { name: 'Save to my Radfolio' }).click();
	await other.getByLabel('Passphrase', { exact: true }).fill('recipient vault passphrase 7');
	await other.getByLabel('Confirm passphrase').fill('recipient vault passphrase 7');
	await other.getByRole('button', { name: 'Create vault' }).click();
	await expect(other.getByRole('status').filter({ hasText: 'Saved to your Radfolio' })).toBeVisible(
		{ timeout: 30_000 }
	);
	await other.getByRole('link', { name: 'Open your imaging history' }).click();
	const theirs = new RadfolioPage(other);
	await expect(theirs.entries).toHaveCount(1);
	await expect(theirs.history).toContainText('CT chest with contrast');
	await expect(theirs.history).toContainText('Shared with you');
	await context.close();
});

test('a passphrase share needs the passphrase; a wrong one says so and can be retried', async ({
	page,
	browser
}) => {
	await patientOnStudy(page);
	const sent: string[] = [];
	page.on('request', (r) =>
		sent.push(r.url() + JSON.stringify(r.headers()) + (r.postData() ?? ''))
	);
	const { url } = await createLink(page, { passphrase: 'blue heron 19' });
	expect(sent.join('\n')).not.toContain('blue heron 19');
	const { context, page: other } = await recipient(browser);
	await other.goto(url);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	const field = other.getByLabel('Passphrase', { exact: true });
	await field.fill('blue heron 91');
	await other.getByRole('button', { name: 'Unlock shared study' }).click();
	await expect(other.getByRole('alert')).toContainText('Wrong passphrase');
	await field.fill('blue heron 19');
	await other.getByRole('button', { name: 'Unlock shared study' }).click();
	await expect(other.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	await context.close();
});

test('a one-open link survives the landing page and a link preview, then is no longer available', async ({
	page,
	browser,
	request
}) => {
	await patientOnStudy(page);
	const { url } = await createLink(page, { maxOpens: 1 });
	// A chat app's link preview and a mail scanner fetch the page, and may guess at the blob (prefetch, a Range or
	// HEAD probe, the header the landing page once sent): none of them gets a byte of ciphertext, none uses the open.
	expect((await request.get(url.split('#')[0]!)).status()).toBe(200);
	const id = /\/s\/([^#]+)/.exec(url)![1]!;
	const blob = `/api/relay/shares/${id}/blob`;
	const probes: Record<string, string>[] = [
		{},
		{ 'X-Radfolio-Open': '1' },
		{ 'X-Radfolio-Open': '1', 'Sec-Purpose': 'prefetch' },
		{ Purpose: 'prefetch' },
		{ Range: 'bytes=0-' },
		{ Authorization: 'Bearer ' + 'A'.repeat(43) }
	];
	for (const headers of probes) {
		const probe = await request.get(blob, { headers });
		expect(probe.status(), JSON.stringify(headers)).toBe(401);
		expectNoCiphertext(await probe.body());
	}
	const head = await request.head(blob);
	expect(head.status()).toBe(405);
	expectNoCiphertext(await head.body());
	expect(await (await request.get(`/api/relay/shares/${id}`)).json()).toMatchObject({
		opens: 0,
		opensLeft: 1
	});

	const first = await recipient(browser);
	const relayCalls: string[] = [];
	first.page.on('request', (r) => {
		if (r.url().includes('/api/relay/'))
			relayCalls.push(
				`${r.method()} ${new URL(r.url()).pathname.replace(id, '{id}')} ${r.headers()['authorization'] ? 'ticket' : '-'}`
			);
	});
	await first.page.goto(url);
	await expect(first.page.getByText('can be opened 1 more time')).toBeVisible();
	// The open is spent when the page says it has everything, after it verified it.
	const opened = first.page.waitForResponse((r) => r.url().endsWith(`/shares/${id}/opened`));
	await first.page.getByRole('button', { name: 'Open shared study' }).click();
	await expect(first.page.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	expect((await opened).status()).toBe(204);
	// The landing page read metadata only; the ciphertext went to the started open's ticket alone.
	expect(relayCalls).toEqual([
		'GET /api/relay/shares/{id} -',
		'POST /api/relay/shares/{id}/open -',
		'GET /api/relay/shares/{id}/blob ticket',
		'POST /api/relay/shares/{id}/opened ticket'
	]);
	await first.context.close();

	const second = await recipient(browser);
	await second.page.goto(url);
	await expect(second.page.getByRole('alert')).toContainText('no longer available');
	await second.context.close();
	expect((await request.post(`/api/relay/shares/${id}/open`, { data: {} })).status()).toBe(410);
});

test('revoked, expired and tampered shares each say so, and show nothing', async ({
	page,
	browser
}) => {
	await patientOnStudy(page);
	const revoked = await createLink(page);
	await revoked.dialog
		.getByRole('list', { name: 'Active shares' })
		.getByRole('listitem')
		.first()
		.getByRole('button', { name: 'Revoke' })
		.click();
	await expect(revoked.dialog.getByRole('list', { name: 'Active shares' })).toHaveCount(0);
	await revoked.dialog.getByRole('button', { name: 'Close' }).click();

	const expired = await createLink(page);
	await expired.dialog.getByRole('button', { name: 'Close' }).click();
	const tampered = await createLink(page);
	await tampered.dialog.getByRole('button', { name: 'Close' }).click();

	const idOf = (url: string) => /\/s\/([^#]+)/.exec(url)![1]!;
	const db = new Database(join(RELAY_DATA, 'relay.sqlite'));
	db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?').run(
		Date.now() - 1000,
		idOf(expired.url)
	);
	db.close();
	const part = join(RELAY_DATA, 'blobs', idOf(tampered.url), '0');
	const bytes = readFileSync(part);
	bytes[bytes.length >> 1]! ^= 0x01;
	writeFileSync(part, bytes);

	for (const [url, text] of [
		[revoked.url, 'no longer available'],
		[expired.url, 'expired']
	] as const) {
		const r = await recipient(browser);
		await r.page.goto(url);
		await expect(r.page.getByRole('alert')).toContainText(text);
		await expect(r.page.getByRole('button', { name: 'Open shared study' })).toHaveCount(0);
		await r.context.close();
	}
	const r = await recipient(browser);
	await r.page.goto(tampered.url);
	await r.page.getByRole('button', { name: 'Open shared study' }).click();
	await expect(r.page.getByRole('alert')).toContainText('damaged');
	await expect(r.page.getByRole('region', { name: 'Image viewer' })).toHaveCount(0);
	await r.context.close();
});

test('"Save as file" gives the same encrypted study, which opens with the link’s key even once the link is revoked', async ({
	page,
	browser
}, testInfo) => {
	await patientOnStudy(page);
	const { dialog, url } = await createLink(page, { passphrase: 'file pass 5' });
	const download = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Save as file' }).click();
	const file = testInfo.outputPath('study.rfshare');
	await (await download).saveAs(file);
	expect(readFileSync(file).subarray(0, 7).toString('latin1')).toBe('RFSHARE');
	await dialog
		.getByRole('list', { name: 'Active shares' })
		.getByRole('button', { name: 'Revoke' })
		.click();
	await expect(dialog.getByRole('list', { name: 'Active shares' })).toHaveCount(0);

	const r = await recipient(browser);
	await r.page.goto(url);
	await expect(r.page.getByRole('alert')).toContainText('no longer available');
	const chooser = r.page.waitForEvent('filechooser');
	await r.page.getByRole('button', { name: 'Open a saved file' }).click();
	await (await chooser).setFiles(file);
	await r.page.getByLabel('Passphrase', { exact: true }).fill('file pass 5');
	await r.page.getByRole('button', { name: 'Unlock shared study' }).click();
	await expect(r.page.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	await expect.poll(() => litFraction(r.page), { timeout: 15_000 }).toBeGreaterThan(0.05);
	await r.context.close();
});

test('"Remove my name and IDs" shares a copy the recipient sees without the patient’s name', async ({
	page,
	browser
}) => {
	await patientOnStudy(page);
	const { url } = await createLink(page, { deidentify: true });
	const r = await recipient(browser);
	await r.page.goto(url);
	await r.page.getByRole('button', { name: 'Open shared study' }).click();
	const viewer = r.page.getByRole('region', { name: 'Image viewer' });
	await expect(viewer).toBeVisible({ timeout: 30_000 });
	await expect.poll(() => litFraction(r.page), { timeout: 15_000 }).toBeGreaterThan(0.05);
	await expect(r.page.locator('main')).not.toContainText('TESTPATIENT');
	await expect(r.page.locator('main')).not.toContainText('ALICE');
	await r.context.close();
});

test('the real server takes share parts of several MiB (not only what fits Kit’s default body limit)', async ({
	request
}) => {
	const create = async () => {
		const created = await request.post('/api/relay/shares', {
			data: JSON.stringify({ expiresInSeconds: 3600, maxOpens: null }),
			headers: { 'Content-Type': 'application/json' }
		});
		expect(created.status()).toBe(201);
		return (await created.json()) as { id: string; ownerToken: string };
	};
	const { id, ownerToken } = await create();
	const put = (share: string, token: string, index: number, data: Uint8Array) =>
		request.put(`/api/relay/shares/${share}/parts/${index}`, {
			data: Buffer.from(data),
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' }
		});
	const part = asSharePart(new Uint8Array(8 * 1024 * 1024).fill(7));
	const stored = await put(id, ownerToken, 0, part);
	expect(stored.status()).toBe(200);
	expect(await stored.json()).toMatchObject({ parts: 1, size: part.length });
	// Sent again (its answer was lost on the way): the same bytes are taken as they are, other bytes refused.
	const again = await put(id, ownerToken, 0, part);
	expect(again.status()).toBe(200);
	expect(await again.json()).toMatchObject({ parts: 1, size: part.length });
	const changed = part.slice();
	changed[changed.length - 1]! ^= 1;
	expect((await put(id, ownerToken, 0, changed)).status()).toBe(409);
	// Declared bigger than any part: refused unread, with 413 and the connection ended (docs/SECURITY.md, "Nobody makes
	// the server read bodies for free"). A sender still writing its 17 MiB may see that end before the answer (seen
	// once in a full run: EPIPE); tests/security/refused-bodies.e2e.ts checks the server's side on raw sockets.
	const tooBig = await put(id, ownerToken, 1, new Uint8Array(17 * 1024 * 1024).fill(1)).then(
		(answer) => answer.status(),
		(error: Error) => {
			if (/EPIPE|ECONNRESET|socket hang up/.test(error.message)) return 'connection ended';
			throw error;
		}
	);
	expect([413, 'connection ended']).toContain(tooBig);
	// Nothing of it was kept: part 1 is still free for the share's own (here, a short last part).
	const last = await put(id, ownerToken, 1, new Uint8Array(1000).fill(2));
	expect(last.status()).toBe(200);
	expect(await last.json()).toMatchObject({ parts: 2, size: part.length + 1000 });
	// A first part that is not a Radfolio share stream is refused, whatever its size.
	const other = await create();
	expect(
		(await put(other.id, other.ownerToken, 0, new Uint8Array(8 * 1024 * 1024).fill(7))).status()
	).toBe(400);
	expect((await put(other.id, other.ownerToken, 0, part)).status()).toBe(200);
});

test('R3: the network cut while a one-open link downloads: it resumes where it stopped, and the link opens once', async ({
	page,
	browser
}) => {
	await patientOnStudy(page);
	const { url } = await createLink(page, { maxOpens: 1 });
	const id = /\/s\/([^#]+)/.exec(url)![1]!;
	const { context, page: other } = await recipient(browser, { routed: true });
	// The first download's connection drops half-way through; the one after it goes through.
	const downloads: { range?: string; ticket?: string; status: number }[] = [];
	let cutAt = 0;
	await other.route('**/api/relay/shares/*/blob', async (route) => {
		const headers = route.request().headers();
		const response = await route.fetch();
		const body = await response.body();
		downloads.push({
			range: headers.range,
			ticket: headers.authorization,
			status: response.status()
		});
		if (downloads.length > 1) return route.fulfill({ response, body });
		cutAt = body.length >> 1;
		await route.fulfill({ response, body: body.subarray(0, cutAt) });
	});
	const opens: number[] = [];
	other.on('response', (r) => {
		if (r.url().endsWith(`/shares/${id}/open`)) opens.push(r.status());
	});
	const opened = other.waitForResponse((r) => r.url().endsWith(`/shares/${id}/opened`));
	await other.goto(url);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await expect(other.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	await expect.poll(() => litFraction(other), { timeout: 15_000 }).toBeGreaterThan(0.05);
	expect((await opened).status()).toBe(204);
	// One open, and the second request under its ticket asked for the rest only.
	expect(opens).toEqual([201]);
	expect(cutAt).toBeGreaterThan(0);
	expect(downloads).toEqual([
		{ range: undefined, ticket: downloads[0]!.ticket, status: 200 },
		{ range: `bytes=${cutAt}-`, ticket: downloads[0]!.ticket, status: 206 }
	]);
	expect(downloads[0]!.ticket).toMatch(/^Bearer [\w-]{43}$/);
	await context.close();

	// The link was opened once: it is used up.
	const again = await recipient(browser);
	await again.page.goto(url);
	await expect(again.page.getByRole('alert')).toContainText('no longer available');
	await again.context.close();
	reportRow('R3-open', {
		check: 'R3 network cut while a one-open link downloads, then resumed',
		cases: 1,
		passed: 1,
		lost: 0,
		notes:
			'the download resumes from the byte it stopped at (Range, same open); the link opens once'
	});
});

test('R3: the network down for a whole download of a one-open link: nothing shown, the open not spent, a retry opens it', async ({
	page,
	browser,
	request
}) => {
	await patientOnStudy(page);
	const { url } = await createLink(page, { maxOpens: 1 });
	const id = /\/s\/([^#]+)/.exec(url)![1]!;
	const { context, page: other } = await recipient(browser, { routed: true });
	// Every download is cut off (connection reset) until the network comes back.
	let down = true;
	await other.route('**/api/relay/shares/*/blob', async (route) => {
		if (!down) return route.continue();
		await route.abort('connectionreset');
	});
	await other.goto(url);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await expect(other.getByRole('alert')).toContainText('could not be reached', { timeout: 30_000 });
	await expect(other.getByRole('region', { name: 'Image viewer' })).toHaveCount(0);
	// The one open the link allows is still there.
	expect(await (await request.get(`/api/relay/shares/${id}`)).json()).toMatchObject({
		opens: 0,
		opensLeft: 1
	});
	down = false;
	// The retry on the same page carries on under the same open (no second one, which the first would block),
	// from the bytes in hand: the failed attempt got none, so it held nothing against the recipient.
	const opensStarted: string[] = [];
	other.on('request', (r) => {
		if (r.url().endsWith(`/shares/${id}/open`)) opensStarted.push(r.url());
	});
	const downloaded = other.waitForResponse(
		(r) => r.url().endsWith(`/shares/${id}/blob`) && r.status() === 200
	);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await downloaded;
	expect(opensStarted).toEqual([]);
	await expect(other.getByRole('region', { name: 'Image viewer' })).toBeVisible({
		timeout: 30_000
	});
	await context.close();
	reportRow('R3-open-retry', {
		check: 'R3 network down for a whole download of a one-open link, then retried',
		cases: 1,
		passed: 1,
		lost: 0,
		notes: 'nothing shown; the open not spent; the retry opens it under the same open'
	});
});
