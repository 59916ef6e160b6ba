import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asSharePart } from '../fixtures/share-header';
import { reportRow } from '../reliability/report';
import { OwnServer } from './server';

/**
 * R6: the server killed (SIGKILL, no goodbye) with shares in flight, then started again on the same data: what was
 * complete opens whole with its counts and expiry kept; a half-sent part is gone and never served; an upload
 * under way resumes where its whole parts end (a whole part sent again is taken); a download cut by the crash did not
 * count as an open, and resumes after the restart under its open's ticket from the byte it stopped at.
 */
test.describe('R6: restart durability of the relay', () => {
	let server: OwnServer;
	let dataDir: string;

	test.beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'rf-restart-'));
		server = new OwnServer(4186, { env: { RADFOLIO_DATA_DIR: dataDir } });
		await server.start();
	});

	test.afterAll(async () => {
		await server?.dispose();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	const api = (path: string) => `${server.url}/api/relay${path}`;
	/** Node's fetch keeps idle connections; those to the killed process reset once. A client retries that. */
	const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
		for (let attempt = 0; ; attempt++) {
			try {
				return await globalThis.fetch(url, init);
			} catch (error) {
				if (attempt >= 2) throw error;
			}
		}
	};
	const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 31 + seed) & 255);
	type Share = { id: string; ownerToken: string };
	const create = async (maxOpens: number | null): Promise<Share> => {
		const r = await fetch(api('/shares'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ expiresInSeconds: 3600, maxOpens })
		});
		expect(r.status).toBe(201);
		return (await r.json()) as Share;
	};
	const put = (share: Share, index: number, body: Uint8Array) =>
		fetch(api(`/shares/${share.id}/parts/${index}`), {
			method: 'PUT',
			headers: {
				Authorization: `Bearer ${share.ownerToken}`,
				'Content-Type': 'application/octet-stream'
			},
			body: body as BodyInit
		});
	const complete = (share: Share) =>
		fetch(api(`/shares/${share.id}/complete`), {
			method: 'POST',
			headers: { Authorization: `Bearer ${share.ownerToken}` }
		});
	/** Starts an open: the ticket that downloads the ciphertext. */
	const startOpen = async (share: Share) => {
		const r = await fetch(api(`/shares/${share.id}/open`), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}'
		});
		expect(r.status).toBe(201);
		return ((await r.json()) as { ticket: string }).ticket;
	};
	const blob = (share: Share, ticket: string, from = 0) =>
		fetch(api(`/shares/${share.id}/blob`), {
			headers: {
				Authorization: `Bearer ${ticket}`,
				...(from ? { Range: `bytes=${from}-` } : {})
			}
		});
	const opened = (share: Share, ticket: string) =>
		fetch(api(`/shares/${share.id}/opened`), {
			method: 'POST',
			headers: { Authorization: `Bearer ${ticket}` }
		});
	/** A whole open, as the app makes it: start, download, say it has everything. */
	const open = async (share: Share) => {
		const ticket = await startOpen(share);
		const r = await blob(share, ticket);
		const body = new Uint8Array(await r.arrayBuffer());
		if (r.status === 200) expect((await opened(share, ticket)).status).toBe(204);
		return { status: r.status, body };
	};
	const meta = async (share: Share) => {
		const r = await fetch(api(`/shares/${share.id}`));
		return { status: r.status, body: (await r.json()) as Record<string, unknown> };
	};

	test('completed shares keep their bytes, opens and expiry; a half-sent part is dropped; the upload resumes', async () => {
		// Big enough that a download cut early cannot have been handed whole to the socket's buffers.
		const partA = [asSharePart(bytes(12 * 1024 * 1024, 1)), bytes(12 * 1024 * 1024 + 17, 2)];
		const done = await create(3);
		for (const [i, part] of partA.entries())
			expect((await put(done, i, part)).status).toBeLessThan(300);
		expect((await complete(done)).status).toBeLessThan(300);
		expect((await open(done)).status).toBe(200); // one open used of three
		const before = (await meta(done)).body;

		// An upload under way: part 0 whole, part 1 half sent when the server dies.
		const pending = await create(null);
		const partB = [asSharePart(bytes(2 * 1024 * 1024, 3)), bytes(2 * 1024 * 1024, 4)];
		expect((await put(pending, 0, partB[0]!)).status).toBeLessThan(300);
		const halfSent = new Promise<void>((resolve) => {
			const url = new URL(api(`/shares/${pending.id}/parts/1`));
			const req = request(
				{
					host: url.hostname,
					port: url.port,
					path: url.pathname,
					method: 'PUT',
					headers: {
						Authorization: `Bearer ${pending.ownerToken}`,
						'Content-Type': 'application/octet-stream',
						'Content-Length': String(partB[1]!.length)
					}
				},
				() => resolve()
			);
			req.on('error', () => resolve());
			req.write(partB[1]!.subarray(0, 1024 * 1024), () => setTimeout(resolve, 300));
		});
		await halfSent;
		// A download in flight when the server dies: its open started, some of the ciphertext received.
		const cutTicket = await startOpen(done);
		const cutReceived = await blob(done, cutTicket).then(async (r) => {
			expect(r.status).toBe(200);
			const first = await r.body!.getReader().read();
			return first.value?.length ?? 0;
		});
		expect(cutReceived).toBeGreaterThan(0);

		await server.stop(); // SIGKILL
		await server.start();

		const blobs = join(dataDir, 'blobs');
		const leftovers = readdirSync(blobs, { recursive: true }).map(String);
		expect(leftovers.filter((f) => f.endsWith('.tmp'))).toEqual([]);

		// The completed share: same expiry, one open counted (the cut download did not count), bytes intact.
		const { status: afterStatus, body: after } = await meta(done);
		expect(afterStatus, JSON.stringify(after)).toBe(200);
		expect(after.expiresAt).toBe(before.expiresAt);
		expect(before).toMatchObject({ opens: 1, opensLeft: 2 });
		expect(after).toMatchObject({ opens: 1, opensLeft: 2 });
		const expected = new Uint8Array(partA[0]!.length + partA[1]!.length);
		expected.set(partA[0]!);
		expected.set(partA[1]!, partA[0]!.length);
		// The cut download's open outlived the crash: it resumes from the byte it stopped at, and counts once done.
		const rest = await blob(done, cutTicket, cutReceived);
		expect(rest.status).toBe(206);
		expect(rest.headers.get('content-range')).toBe(
			`bytes ${cutReceived}-${expected.length - 1}/${expected.length}`
		);
		const tail = new Uint8Array(await rest.arrayBuffer());
		expect(Buffer.from(tail).equals(Buffer.from(expected.subarray(cutReceived)))).toBe(true);
		expect((await opened(done, cutTicket)).status).toBe(204);
		expect((await meta(done)).body).toMatchObject({ opens: 2, opensLeft: 1 });
		// Without a ticket the restarted relay serves none of it.
		const bare = await fetch(api(`/shares/${done.id}/blob`));
		expect(bare.status).toBe(401);
		expect((await bare.arrayBuffer()).byteLength).toBeLessThan(512);
		// A new open after the restart gets all of it, whole; it was the last of three.
		const reopened = await open(done);
		expect(reopened.status).toBe(200);
		expect(Buffer.from(reopened.body).equals(Buffer.from(expected))).toBe(true);
		expect((await meta(done)).status).toBe(410);

		// The pending upload is not visible, kept only up to its whole part, and resumes from part 1.
		expect((await meta(pending)).status).toBe(404);
		expect((await put(pending, 2, partB[1]!)).status).toBe(409); // part 1 is the one expected next
		// Part 0 sent again (its answer lost to the crash): the same bytes are taken, other bytes refused.
		expect((await put(pending, 0, partB[0]!)).status).toBe(200);
		expect((await put(pending, 0, asSharePart(bytes(2 * 1024 * 1024, 5)))).status).toBe(409);
		expect((await put(pending, 1, partB[1]!)).status).toBeLessThan(300);
		expect((await complete(pending)).status).toBeLessThan(300);
		const resumed = await open(pending);
		expect(resumed.body.length).toBe(partB[0]!.length + partB[1]!.length);
		expect(
			Buffer.from(resumed.body.subarray(partB[0]!.length)).equals(Buffer.from(partB[1]!))
		).toBe(true);
		reportRow('R6', {
			check: 'R6 relay killed (SIGKILL) mid-upload and mid-download, then restarted',
			cases: 5,
			passed: 5,
			lost: 0,
			notes:
				'complete share intact with its opens and expiry; half part dropped; upload resumed; cut download not counted'
		});
	});
});
