import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECURITY_SCALE, SHARED_SERVER_DATA, patientOnStudy, shareStudy } from './helpers';

/**
 * Finding 2 — "One-open links are not enforced". Someone who intercepted a one-open link (a mail scanner, a proxy,
 * an eavesdropper on the chat) tries every way to copy the ciphertext without spending the open; then tries to
 * take the open and never say so. The real recipient either gets the study once, or is told plainly.
 */
test('probes without an open get no ciphertext and spend nothing; the recipient opens it once', async ({
	page,
	browser,
	request
}) => {
	await patientOnStudy(page);
	const { url } = await shareStudy(page, { maxOpens: 1 });
	const id = /\/s\/([\w-]{22})#/.exec(url!)![1]!;
	const stored = readFileSync(join(SHARED_SERVER_DATA, 'blobs', id, '0'));
	const sample = stored.subarray(1000, 1064); // a piece of sealed chunk 0
	const blob = `/api/relay/shares/${id}/blob`;
	const probes: Record<string, string>[] = [
		{},
		{ 'X-Radfolio-Open': '1' },
		{ 'X-Radfolio-Open': '1', Range: 'bytes=0-' },
		{ Range: 'bytes=1000-2000' },
		{ 'X-Radfolio-Open': '1', 'Sec-Purpose': 'prefetch' },
		{ Purpose: 'prefetch' },
		{ Authorization: 'Bearer ' + 'A'.repeat(43) }
	];
	for (let round = 0; round < SECURITY_SCALE; round++) {
		for (const headers of probes) {
			const response = await request.get(blob, { headers });
			expect(response.status(), JSON.stringify(headers)).toBe(401);
			expect((await response.body()).includes(sample)).toBe(false);
		}
		const head = await request.head(blob);
		expect(head.status()).toBe(405);
		expect((await head.body()).length).toBe(0);
	}
	const status = await (await request.get(`/api/relay/shares/${id}`)).json();
	expect(status).toMatchObject({ opens: 0, opensLeft: 1 });

	// The real recipient opens it: the study, and the key gone from the address bar.
	const context = await browser.newContext();
	const other = await context.newPage();
	await other.goto(url!);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await expect(
		other.getByRole('heading', { level: 1, name: 'CT chest with contrast' })
	).toBeVisible({ timeout: 30_000 });
	// Spent on the recipient's acknowledgement: ended, and the ciphertext deleted.
	await expect.poll(async () => (await request.get(`/api/relay/shares/${id}`)).status()).toBe(410);
	const again = await context.newPage();
	await again.goto(url!);
	await expect(again.getByRole('alert')).toContainText('no longer available');
	await context.close();
});

test('whoever takes the open first and never acknowledges it does not leave a second copy for the taking', async ({
	page,
	browser,
	request
}) => {
	await patientOnStudy(page);
	const { url } = await shareStudy(page, { maxOpens: 1 });
	const id = /\/s\/([\w-]{22})#/.exec(url!)![1]!;
	// The interceptor starts the open and downloads everything, and never says it has it.
	const started = await request.post(`/api/relay/shares/${id}/open`, { data: {} });
	expect(started.status()).toBe(201);
	const { ticket } = (await started.json()) as { ticket: string };
	const copy = await request.get(`/api/relay/shares/${id}/blob`, {
		headers: { Authorization: `Bearer ${ticket}` }
	});
	expect(copy.status()).toBe(200);
	// A second open cannot start while that one holds the link (it lapses into "used", never back into "ready",
	// once it handed out ciphertext: see src/lib/server/relay/store.ts).
	for (let i = 0; i < SECURITY_SCALE; i++)
		expect((await request.post(`/api/relay/shares/${id}/open`, { data: {} })).status()).toBe(409);
	// The real recipient is told, in words, that someone else is opening their link.
	const context = await browser.newContext();
	const other = await context.newPage();
	await other.goto(url!);
	await other.getByRole('button', { name: 'Open shared study' }).click();
	await expect(other.getByRole('alert')).toContainText('Someone else is opening this link');
	await context.close();
});
