import { expect, test } from '@playwright/test';
import { asSharePart } from '../fixtures/share-header';
import { OwnServer } from '../e2e/server';
import { SECURITY_SCALE, patientOnStudy, randomKey, shareStudy } from './helpers';

/**
 * Findings 5 and 10: a part sent again after a lost answer, and what one client (or everyone together) may store
 * on the relay. The patient hears a clear sentence when the relay is full or their day's quota is spent.
 */
async function newShare(base: string) {
	const created = await fetch(`${base}/api/relay/shares`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: 1 })
	});
	expect(created.status).toBe(201);
	const share = (await created.json()) as { id: string; ownerToken: string };
	const put = (index: number, body: Uint8Array) =>
		fetch(`${base}/api/relay/shares/${share.id}/parts/${index}`, {
			method: 'PUT',
			// Kit reads no body without a Content-Type: the app always sends one.
			headers: {
				Authorization: `Bearer ${share.ownerToken}`,
				'Content-Type': 'application/octet-stream'
			},
			body: body as BodyInit
		});
	return { ...share, put };
}

test('the relay keeps only share streams, and takes a part sent twice as the same part', async ({
	baseURL
}) => {
	for (let i = 0; i < SECURITY_SCALE; i++) {
		const share = await newShare(baseURL!);
		// Any other bytes — an executable, a video, a random blob — are refused before they are kept.
		expect((await share.put(0, randomKey(5000))).status).toBe(400);
		const first = asSharePart(randomKey(5000));
		expect((await share.put(0, first)).status).toBe(200);
		// The answer was lost; the app sends the part again: 200, not a dead share.
		expect((await share.put(0, first)).status).toBe(200);
		expect((await share.put(0, asSharePart(randomKey(5000)))).status).toBe(409);
	}
});

test('a full relay and a spent quota are refused with 507 and 429, and the patient is told why', async ({
	browser
}) => {
	// The CT study of the test CD is a few hundred KB: these relays take less than that.
	const server = new OwnServer(4195, { env: { RADFOLIO_RELAY_STORE_BYTES: '50000' } });
	await server.start();
	const quota = new OwnServer(4196, { env: { RADFOLIO_RELAY_CLIENT_BYTES: '50000' } });
	await quota.start();
	try {
		const full = await newShare(server.url);
		const refused = await full.put(0, asSharePart(randomKey(80_000)));
		expect(refused.status).toBe(507);
		expect(refused.headers.get('retry-after')).toBeTruthy();

		for (const [origin, sentence] of [
			[server.url, 'The sharing service is full right now'],
			[quota.url, 'You have shared a lot from this connection today']
		] as const) {
			const context = await browser.newContext();
			const page = await context.newPage();
			await patientOnStudy(page, origin);
			const { url, dialog } = await shareStudy(page);
			expect(url).toBeNull();
			await expect(dialog.getByRole('alert')).toContainText(sentence);
			await context.close();
		}
	} finally {
		await server.dispose();
		await quota.dispose();
	}
});
