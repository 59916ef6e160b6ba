import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DISCARDED_BODY_BYTES, RelayHttp } from './http';
import { RelayStore } from './store';

const BASE = 'http://relay.test/api/relay/';

describe('the relay', () => {
	let dir: string;
	let store: RelayStore;
	let relay: RelayHttp;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rf-relay-'));
		store = new RelayStore(dir);
		relay = new RelayHttp(store, { maxBytes: 10_000, partBytes: 4_000 });
	});
	afterEach(() => {
		store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
		relay.handle(
			new Request(BASE + path, { ...init, duplex: 'half' } as RequestInit),
			path,
			'client-1'
		);
	const bytes = (n: number, seed = 1) => new Uint8Array(n).map((_, i) => (i * seed) & 255);

	async function share(
		parts: Uint8Array[],
		options: { maxOpens?: number | null; expiresInSeconds?: number } = {}
	) {
		const created = await call('shares', {
			method: 'POST',
			body: JSON.stringify({
				expiresInSeconds: options.expiresInSeconds ?? 3600,
				maxOpens: options.maxOpens ?? null
			})
		});
		expect(created.status).toBe(201);
		const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
		const auth = { Authorization: `Bearer ${ownerToken}` };
		for (const [i, part] of parts.entries()) {
			const r = await call(`shares/${id}/parts/${i}`, {
				method: 'PUT',
				body: part as BodyInit,
				headers: auth
			});
			expect(r.status).toBe(200);
		}
		expect((await call(`shares/${id}/complete`, { method: 'POST', headers: auth })).status).toBe(
			200
		);
		return { id, ownerToken, auth };
	}
	const open = (id: string, headers: Record<string, string> = { 'X-Radfolio-Open': '1' }) =>
		call(`shares/${id}/blob`, { headers });

	it('stores the parts in order and serves them back as one stream', async () => {
		const parts = [bytes(4000, 3), bytes(4000, 5), bytes(123, 7)];
		const { id } = await share(parts);
		const got = new Uint8Array(await (await open(id)).arrayBuffer());
		expect(got).toEqual(new Uint8Array([...parts[0]!, ...parts[1]!, ...parts[2]!]));
		expect(await (await call(`shares/${id}`)).json()).toMatchObject({
			state: 'ready',
			size: 8123,
			opens: 1
		});
	});

	it('refuses parts out of order, a part over the limit (413) and a share over the cap (413)', async () => {
		const created = await call('shares', {
			method: 'POST',
			body: JSON.stringify({ expiresInSeconds: 3600 })
		});
		const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
		const auth = { Authorization: `Bearer ${ownerToken}` };
		expect(
			(await call(`shares/${id}/parts/1`, { method: 'PUT', body: 'x', headers: auth })).status
		).toBe(409);
		expect(
			(
				await call(`shares/${id}/parts/0`, {
					method: 'PUT',
					body: bytes(4001) as BodyInit,
					headers: auth
				})
			).status
		).toBe(413);
		for (let i = 0; i < 2; i++) {
			expect(
				(
					await call(`shares/${id}/parts/${i}`, {
						method: 'PUT',
						body: bytes(4000) as BodyInit,
						headers: auth
					})
				).status
			).toBe(200);
		}
		expect(
			(
				await call(`shares/${id}/parts/2`, {
					method: 'PUT',
					body: bytes(2001) as BodyInit,
					headers: auth
				})
			).status
		).toBe(413);
		expect(readdirSync(join(dir, 'blobs', id)).sort()).toEqual(['0', '1']); // no half-written part left
	});

	it('reads a refused body to its end, so the client sees the answer and the connection stays usable', async () => {
		const { id } = await share([bytes(10)]);
		let sent = 0;
		const body = (chunks: number) =>
			new ReadableStream<Uint8Array>({
				pull(controller) {
					if (sent === chunks) return controller.close();
					sent++;
					controller.enqueue(bytes(1000));
				}
			});
		// Not the owner: refused before the body is looked at.
		const refused = await call(`shares/${id}/parts/1`, {
			method: 'PUT',
			body: body(50),
			headers: { Authorization: 'Bearer not-the-owner' }
		});
		expect(refused.status).toBe(401);
		expect(sent).toBe(50);
		expect(refused.headers.get('Connection')).toBeNull();
		// A body declared absurdly big is not waited for: the answer says the connection ends.
		sent = 0;
		const huge = await call(`shares/${id}/parts/1`, {
			method: 'PUT',
			body: body(1_000_000),
			headers: {
				Authorization: 'Bearer not-the-owner',
				'Content-Length': String(MAX_DISCARDED_BODY_BYTES + 1)
			}
		});
		expect(huge.status).toBe(413);
		expect(huge.headers.get('Connection')).toBe('close');
		expect(sent).toBeLessThan(1_000_000);
	});

	it('keeps mailbox slots for two devices: one write each, read back, gone when ended or expired', async () => {
		const id = 'AAAAAAAAAAAAAAAAAAAAAA';
		const box = (slot: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
			call(`mailboxes/${id}/${slot}`, init);
		expect((await box('b')).status).toBe(404); // nothing yet
		expect((await box('b', { method: 'PUT', body: bytes(32) as BodyInit })).status).toBe(201);
		expect(new Uint8Array(await (await box('b')).arrayBuffer())).toEqual(bytes(32));
		// Nobody can replace what was left, or leave something big or empty.
		expect((await box('b', { method: 'PUT', body: bytes(32, 3) as BodyInit })).status).toBe(409);
		expect(new Uint8Array(await (await box('b')).arrayBuffer())).toEqual(bytes(32));
		expect((await box('a', { method: 'PUT', body: bytes(4097) as BodyInit })).status).toBe(413);
		expect((await box('a', { method: 'PUT', body: new Uint8Array(0) as BodyInit })).status).toBe(
			400
		);
		for (const bad of ['mailboxes/short/b', `mailboxes/${id}/B1`, `mailboxes/${id}/b/c`])
			expect((await call(bad)).status, bad).toBe(404);
		// Ended by a device, or by time.
		expect((await call(`mailboxes/${id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await box('b')).status).toBe(404);
		store.mailboxes.put(id, 'a', bytes(10));
		expect(store.mailboxes.get(id, 'a', Date.now() + 31 * 60_000)).toBeNull();
		expect(store.sweep(Date.now() + 31 * 60_000)).toBeGreaterThanOrEqual(1);
		expect(store.mailboxes.get(id, 'a')).toBeNull();
	});

	it('counts an open only for a real, whole download: not the metadata, HEAD, a range probe or a prefetch', async () => {
		const { id } = await share([bytes(3000)], { maxOpens: 1 });
		await call(`shares/${id}`);
		await call(`shares/${id}/blob`, { method: 'HEAD', headers: { 'X-Radfolio-Open': '1' } });
		await (await open(id, { 'X-Radfolio-Open': '1', Range: 'bytes=0-10' })).arrayBuffer();
		await (await open(id, { 'X-Radfolio-Open': '1', 'Sec-Purpose': 'prefetch' })).arrayBuffer();
		await (await open(id, {})).arrayBuffer(); // a link preview or scanner fetching the blob URL
		const started = await open(id);
		await started.body!.getReader().cancel(); // abandoned half-way
		expect(await (await call(`shares/${id}`)).json()).toMatchObject({ opens: 0, opensLeft: 1 });
		expect((await open(id)).status).toBe(200);
		await new Promise((r) => setTimeout(r, 0));
	});

	it('lets only one of two downloads started together use a one-open link; an abandoned one frees it', async () => {
		const { id } = await share([bytes(3000)], { maxOpens: 1 });
		const first = await open(id);
		expect(first.status).toBe(200);
		const second = await open(id);
		expect(second.status).toBe(409);
		await first.body!.cancel(); // the first recipient's connection drops
		const third = await open(id);
		expect(third.status).toBe(200);
		await third.arrayBuffer();
		expect((await open(id)).status).toBe(410);
	});

	it('ends a share used up, expired or revoked with 410 and deletes its ciphertext', async () => {
		const once = await share([bytes(100)], { maxOpens: 1 });
		await (await open(once.id)).arrayBuffer();
		expect((await open(once.id)).status).toBe(410);
		expect(await (await call(`shares/${once.id}`)).json()).toMatchObject({ reason: 'used' });
		expect(existsSync(join(dir, 'blobs', once.id))).toBe(false);

		const revoked = await share([bytes(100)]);
		expect((await call(`shares/${revoked.id}`, { method: 'DELETE' })).status).toBe(401);
		expect(
			(
				await call(`shares/${revoked.id}`, {
					method: 'DELETE',
					headers: { Authorization: 'Bearer ' + 'x'.repeat(43) }
				})
			).status
		).toBe(401);
		expect(
			(await call(`shares/${revoked.id}`, { method: 'DELETE', headers: revoked.auth })).status
		).toBe(204);
		expect(await (await call(`shares/${revoked.id}`)).json()).toMatchObject({ reason: 'revoked' });
		expect((await open(revoked.id)).status).toBe(410);

		const soon = await share([bytes(100)], { expiresInSeconds: 60 });
		expect(store.sweep(Date.now() + 61_000)).toBeGreaterThanOrEqual(1);
		expect(await (await call(`shares/${soon.id}`)).json()).toMatchObject({ reason: 'expired' });
		expect(existsSync(join(dir, 'blobs', soon.id))).toBe(false);
	});

	it.each([
		['an unknown share', 'shares/AAAAAAAAAAAAAAAAAAAAAA', {}, 404],
		['a malformed id', 'shares/..%2F..', {}, 404],
		['another route', 'admin', {}, 404],
		['bad JSON', 'shares', { method: 'POST', body: '{' }, 400],
		['an expiry out of range', 'shares', { method: 'POST', body: '{"expiresInSeconds":5}' }, 400],
		[
			'maxOpens out of range',
			'shares',
			{ method: 'POST', body: '{"expiresInSeconds":3600,"maxOpens":101}' },
			400
		],
		[
			'a negative maxOpens',
			'shares',
			{ method: 'POST', body: '{"expiresInSeconds":3600,"maxOpens":-1}' },
			400
		],
		['a huge body', 'shares', { method: 'POST', body: 'x'.repeat(5000) }, 413],
		['GET on the collection', 'shares', {}, 405]
	])('answers %s with a 4xx', async (_name, path, init, status) => {
		expect(
			(await call(path, init as RequestInit & { headers?: Record<string, string> })).status
		).toBe(status);
	});
});
