import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/lib/server/db/postgres.js';
import { PgEnrollmentStore } from '../../src/lib/server/gateway/pg-enrollments.js';
import { OwnServer } from '../e2e/server';
import { asSharePart } from '../fixtures/share-header';
import { freshDatabase, testPostgres, type Postgres } from './postgres';

/**
 * Two Radfolio servers (the built app, as `npm start` runs it) on two ports, sharing one PostgreSQL (started by
 * scripts/postgres.js) and, for now, one local blob folder: what a load balancer in front of N instances sees. A
 * share made through one opens through the other; a one-open link opened through both at once opens exactly once;
 * an enrollment code and the failed-guess limit hold across both. Needs `npm run build` first.
 */
describe('two app servers on one PostgreSQL', () => {
	let postgres: Postgres;
	let dataDir: string;
	let servers: OwnServer[] = [];
	let codes: PgEnrollmentStore;
	let database: Pool;

	beforeAll(async () => {
		if (!existsSync('build/handler.js'))
			throw new Error('no build: run `npm run build` before the two-instance test');
		postgres = await testPostgres();
		const url = await freshDatabase(postgres);
		dataDir = mkdtempSync(join(tmpdir(), 'rf-two-'));
		const secretFile = join(dataDir, 'gateway-secret');
		const secret = randomBytes(32);
		writeFileSync(secretFile, secret.toString('base64') + '\n', { mode: 0o600 });
		const env = {
			RADFOLIO_DATABASE_URL: url,
			RADFOLIO_DATA_DIR: dataDir,
			RADFOLIO_GATEWAY_SECRET_FILE: secretFile,
			// The gateway is on (its archive is never called here: enrollment only talks to the database).
			RADFOLIO_ARCHIVE_URL: 'http://127.0.0.1:9/dicom-web'
		};
		servers = [new OwnServer(4311, { env }), new OwnServer(4312, { env })];
		// Started together: their migrations meet under the advisory lock.
		await Promise.all(servers.map((s) => s.start()));
		database = createPool(url, { max: 2 });
		codes = await PgEnrollmentStore.open(database, secret);
	}, 90_000);

	afterAll(async () => {
		for (const s of servers) await s.stop();
		await database?.end();
		await postgres?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		for (const s of servers) if (s.output.includes('error')) console.log(s.output);
	});

	const [A, B] = [0, 1];
	const call = (server: number, path: string, init: RequestInit = {}) =>
		fetch(`${servers[server]!.url}${path}`, init);
	const command = (server: number, path: string, body: unknown = {}, token?: string) =>
		call(server, path, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				...(token ? { Authorization: `Bearer ${token}` } : {})
			},
			body: JSON.stringify(body)
		});

	/** A share of `bytes`, uploaded and completed through server `via`. */
	async function share(via: number, bytes: Uint8Array, maxOpens: number | null) {
		const created = await command(via, '/api/relay/shares', { expiresInSeconds: 3600, maxOpens });
		expect(created.status).toBe(201);
		const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
		const put = await call(via, `/api/relay/shares/${id}/parts/0`, {
			method: 'PUT',
			// (Kit gives a request without a Content-Type no body at all.)
			headers: {
				Authorization: `Bearer ${ownerToken}`,
				'Content-Type': 'application/octet-stream'
			},
			body: bytes as BodyInit
		});
		expect(put.status).toBe(200);
		expect((await command(via, `/api/relay/shares/${id}/complete`, {}, ownerToken)).status).toBe(
			200
		);
		return id;
	}

	async function open(via: number, id: string) {
		const response = await command(via, `/api/relay/shares/${id}/open`);
		return {
			status: response.status,
			ticket: response.status === 201 ? ((await response.json()) as { ticket: string }).ticket : ''
		};
	}

	const download = async (via: number, id: string, ticket: string) => {
		const response = await call(via, `/api/relay/shares/${id}/blob`, {
			headers: { Authorization: `Bearer ${ticket}` }
		});
		return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
	};

	it('opens through one server a share made through the other', async () => {
		const bytes = asSharePart(randomBytes(200_000));
		const id = await share(A, bytes, null);
		expect(await (await call(B, `/api/relay/shares/${id}`)).json()).toMatchObject({
			state: 'ready',
			size: bytes.length
		});
		const { status, ticket } = await open(B, id);
		expect(status).toBe(201);
		const got = await download(B, id, ticket);
		expect(got.status).toBe(200);
		expect(Buffer.from(got.bytes).equals(Buffer.from(bytes))).toBe(true);
		// The state is PostgreSQL's: no SQLite file was made.
		const row = await database.query('SELECT state, size FROM shares WHERE id = $1', [id]);
		expect(row.rows).toEqual([{ state: 'ready', size: bytes.length }]);
		expect(existsSync(join(dataDir, 'relay.sqlite'))).toBe(false);
		expect(existsSync(join(dataDir, 'gateway.sqlite'))).toBe(false);
		// …and the ticket B made works on A too (a load balancer may send the resume elsewhere).
		const rest = await call(A, `/api/relay/shares/${id}/blob`, {
			headers: { Authorization: `Bearer ${ticket}`, Range: 'bytes=150000-' }
		});
		expect(rest.status).toBe(206);
		expect(Buffer.from(await rest.arrayBuffer()).equals(Buffer.from(bytes.subarray(150_000)))).toBe(
			true
		);
	});

	it('opens a one-open link exactly once when it is opened through both servers at the same instant', async () => {
		for (let round = 0; round < 5; round++) {
			const bytes = asSharePart(randomBytes(100_000));
			const id = await share(round % 2 ? A : B, bytes, 1);
			const opens = await Promise.all([open(A, id), open(B, id), open(A, id), open(B, id)]);
			const started = opens.filter((o) => o.status === 201);
			expect(started).toHaveLength(1);
			expect(opens.filter((o) => o.status === 409)).toHaveLength(3);
			const ticket = started[0]!.ticket;
			// The one ticket downloads through both at once: the open still counts once.
			const copies = await Promise.all([download(A, id, ticket), download(B, id, ticket)]);
			for (const copy of copies)
				expect(Buffer.from(copy.bytes).equals(Buffer.from(bytes))).toBe(true);
			expect(await (await call(A, `/api/relay/shares/${id}`)).json()).toMatchObject({
				opens: 1,
				opensLeft: 0
			});
			const said = await Promise.all([
				command(A, `/api/relay/shares/${id}/opened`, {}, ticket),
				command(B, `/api/relay/shares/${id}/opened`, {}, ticket)
			]);
			expect(said.map((r) => r.status)).toEqual([204, 204]);
			expect((await call(B, `/api/relay/shares/${id}`)).status).toBe(410);
			expect((await open(A, id)).status).toBe(410);
			expect(existsSync(join(dataDir, 'blobs', id))).toBe(false);
		}
	});

	it('exchanges an enrollment code once across both, and counts failed guesses across both', async () => {
		const { code } = await codes.createCode('RF-TWO-1');
		const exchanges = await Promise.all([
			command(A, '/api/gateway/enroll', { code }),
			command(B, '/api/gateway/enroll', { code })
		]);
		expect(exchanges.map((r) => r.status).sort()).toEqual([200, 401]);
		// Ten failed guesses per client per ten minutes, wherever they land: five on each, then both refuse.
		const wrong = { code: '0000-0000-0000' };
		for (let i = 0; i < 4; i++) {
			expect((await command(A, '/api/gateway/enroll', wrong)).status).toBe(401);
			expect((await command(B, '/api/gateway/enroll', wrong)).status).toBe(401);
		}
		const last = await Promise.all([
			command(A, '/api/gateway/enroll', wrong),
			command(B, '/api/gateway/enroll', wrong)
		]);
		// One of the 9 counted so far was the race's loser: these two are the 10th and 11th.
		expect(last.map((r) => r.status).sort()).toEqual([401, 429]);
		expect((await command(A, '/api/gateway/enroll', wrong)).status).toBe(429);
		expect((await command(B, '/api/gateway/enroll', wrong)).status).toBe(429);
	});
});
