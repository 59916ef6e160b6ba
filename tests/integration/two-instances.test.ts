import 'fake-indexeddb/auto';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../src/lib/import/pipeline';
import { itemFromBytes } from '../../src/lib/import/sources';
import { createPool } from '../../src/lib/server/db/postgres.js';
import { PgEnrollmentStore } from '../../src/lib/server/gateway/pg-enrollments.js';
import { ShareDownload } from '../../src/lib/share/open';
import { DeviceReceiver, DeviceSender, parseTransferLink } from '../../src/lib/transfer';
import { OwnServer } from '../e2e/server';
import { studyFiles, syntheticStudy } from '../fixtures/dicom/generate';
import { asSharePart } from '../fixtures/share-header';
import { PASSPHRASE, newTestVault } from '../fixtures/vault';
import { startRoundRobin } from '../../scripts/round-robin.js';
import { freshDatabase, testPostgres, type Postgres } from './postgres';
import { freshBucket, s3Client, s3Env, testS3, type S3Server } from './s3';

// Real servers, a real database and object store: on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 30_000 });

/**
 * Two Radfolio servers (the built app, as `npm start` runs it) on two ports, each with a data folder of its own,
 * sharing one PostgreSQL (scripts/postgres.js) and one S3 bucket (Ceph's RADOS Gateway, scripts/s3.js), with a
 * round-robin load balancer in front (scripts/round-robin.js): what N instances on N machines see. A share made
 * through one opens through the other; a one-open link opened through both at once opens exactly once; a device
 * transfer whose two devices talk to different instances works; an enrollment code and the failed-guess limit hold
 * across both; an instance killed mid-download leaves the recipient to resume through the other. Needs
 * `npm run build` first.
 */
describe('two app servers on one PostgreSQL and one bucket', () => {
	let postgres: Postgres;
	let s3: S3Server;
	let bucket: string;
	let objects: S3Client;
	let dataDirs: string[] = [];
	let servers: OwnServer[] = [];
	let proxy: Awaited<ReturnType<typeof startRoundRobin>>;
	/** Balancers that send everything to one instance. */
	const pinned: Awaited<ReturnType<typeof startRoundRobin>>[] = [];
	let codes: PgEnrollmentStore;
	let database: Pool;

	beforeAll(async () => {
		if (!existsSync('build/handler.js'))
			throw new Error('no build: run `npm run build` before the two-instance test');
		[postgres, s3] = await Promise.all([testPostgres(), testS3()]);
		const url = await freshDatabase(postgres);
		objects = await s3Client(s3);
		bucket = await freshBucket(objects);
		// A folder each, as on two machines: nothing may rely on a disk they share.
		dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'rf-two-')));
		const secretFile = join(dataDirs[0]!, 'gateway-secret');
		const secret = randomBytes(32);
		writeFileSync(secretFile, secret.toString('base64') + '\n', { mode: 0o600 });
		const env = (dataDir: string) => ({
			RADFOLIO_DATABASE_URL: url,
			...s3Env(s3, bucket),
			RADFOLIO_DATA_DIR: dataDir,
			RADFOLIO_GATEWAY_SECRET_FILE: secretFile,
			// Behind the load balancer: its X-Forwarded-For names the client.
			RADFOLIO_TRUSTED_PROXIES: '127.0.0.1',
			// The gateway is on (its archive is never called here: enrollment only talks to the database).
			RADFOLIO_ARCHIVE_URL: 'http://127.0.0.1:9/dicom-web'
		});
		servers = [
			new OwnServer(4311, { env: env(dataDirs[0]!) }),
			new OwnServer(4312, { env: env(dataDirs[1]!) })
		];
		// Started together: their migrations meet under the advisory lock.
		await Promise.all(servers.map((s) => s.start()));
		proxy = await startRoundRobin(servers.map((s) => s.url));
		database = createPool(url, { max: 2 });
		codes = await PgEnrollmentStore.open(database, secret);
	}, 90_000);

	afterAll(async () => {
		await Promise.all([proxy, ...pinned].map((p) => p?.close()));
		for (const s of servers) await s.stop();
		await database?.end();
		objects?.destroy();
		await Promise.all([postgres?.stop(), s3?.stop()]);
		for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
		for (const s of servers) if (s.output.includes('error')) console.log(s.output);
	});

	/** The parts the bucket holds for a share. */
	const stored = async (id: string) =>
		(await objects.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `shares/${id}/` })))
			.Contents?.length ?? 0;

	const [A, B] = [0, 1];
	/** Straight to one instance, as the load balancer would send it (saying which client it is from). */
	const call = (server: number, path: string, init: RequestInit = {}) =>
		fetch(`${servers[server]!.url}${path}`, {
			...init,
			headers: { 'X-Forwarded-For': '198.51.100.7', ...(init.headers as Record<string, string>) }
		});
	const command = (server: number, path: string, body: unknown = {}, token?: string) =>
		call(server, path, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				...(token ? { Authorization: `Bearer ${token}` } : {})
			},
			body: JSON.stringify(body)
		});

	/** A share of `bytes`, uploaded (in 8 MiB parts, as the app sends them) and completed through server `via`. */
	async function share(via: number, bytes: Uint8Array, maxOpens: number | null) {
		const created = await command(via, '/api/relay/shares', { expiresInSeconds: 3600, maxOpens });
		expect(created.status).toBe(201);
		const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
		const PART = 8 * 1024 * 1024;
		for (let i = 0; i * PART < bytes.length; i++) {
			const put = await call(via, `/api/relay/shares/${id}/parts/${i}`, {
				method: 'PUT',
				// (Kit gives a request without a Content-Type no body at all.)
				headers: {
					Authorization: `Bearer ${ownerToken}`,
					'Content-Type': 'application/octet-stream'
				},
				body: bytes.subarray(i * PART, (i + 1) * PART) as BodyInit
			});
			expect(put.status).toBe(200);
		}
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
		// The state is PostgreSQL's, the ciphertext the bucket's: no SQLite file, no part file was made.
		const row = await database.query('SELECT state, size FROM shares WHERE id = $1', [id]);
		expect(row.rows).toEqual([{ state: 'ready', size: bytes.length }]);
		expect(await stored(id)).toBe(1);
		for (const dir of dataDirs) {
			expect(existsSync(join(dir, 'relay.sqlite'))).toBe(false);
			expect(existsSync(join(dir, 'gateway.sqlite'))).toBe(false);
			expect(existsSync(join(dir, 'blobs')) ? readdirSync(join(dir, 'blobs')) : []).toEqual([]);
		}
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
			expect(await stored(id)).toBe(0);
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
	it('moves a vault between two devices that talk to different instances', async () => {
		const old = await newTestVault();
		await runImport({
			vault: old,
			items: studyFiles(syntheticStudy(73, { description: 'TWOINSTANCES knee' })).map((f) =>
				itemFromBytes(f.path, f.bytes)
			),
			source: { kind: 'files', label: 'test' }
		});
		// The old device on one instance, the new one on the other (each through a balancer that sends it only
		// there): the mailbox and the vault's share cross them.
		const [toA, toB] = await Promise.all([A, B].map((i) => startRoundRobin([servers[i]!.url])));
		pinned.push(toA!, toB!);
		const sender = new DeviceSender(`${toA!.url}/api/relay`, 'http://app.example');
		await sender.open();
		const receiver = new DeviceReceiver(
			`${toB!.url}/api/relay`,
			parseTransferLink(new URL(sender.link).hash)!
		);
		const signal = AbortSignal.timeout(30_000);
		const [senderCode, receiverCode] = await Promise.all([
			sender.waitForNewDevice(signal),
			receiver.answer()
		]);
		expect(senderCode).toBe(receiverCode);
		const target = await newTestVault({ create: false });
		const arriving = receiver.receive({
			vault: target,
			passphrase: 'new device passphrase',
			signal,
			file: () => Promise.reject(new Error('the vault was to come through the relay'))
		});
		await sender.send({ vault: old, passphrase: PASSPHRASE });
		await arriving;
		await sender.waitForDone(signal);
		expect((await target.studies.listStudies()).map((s) => s.study.StudyDescription)).toEqual([
			'TWOINSTANCES knee'
		]);
	}, 60_000);

	it('lets a recipient whose instance is killed mid-download resume through the other (round robin)', async () => {
		// 24 MiB in three parts, made straight through one instance; downloaded through the load balancer.
		const bytes = asSharePart(randomBytes(24 * 1024 * 1024));
		const id = await share(B, bytes, 1);
		const download = new ShareDownload(`${proxy.url}/api/relay`, id);
		let killed: number | null = null;
		let killing: Promise<void> = Promise.resolve();
		const got = await download.run((received) => {
			if (killed !== null || received < 4 * 1024 * 1024) return;
			// The instance streaming the ciphertext right now dies (SIGKILL: no goodbye).
			const serving = proxy.log.filter((r) => r.path.endsWith('/blob')).at(-1)!.upstream;
			killed = serving;
			killing = servers[serving]!.stop();
		});
		await killing;
		expect(killed).not.toBeNull();
		const blobs = proxy.log.filter((r) => r.path.endsWith('/blob'));
		// Resumed (a ranged GET) through the instance still alive, and whole.
		expect(blobs.length).toBeGreaterThanOrEqual(2);
		expect(blobs.at(-1)!.upstream).toBe(1 - killed!);
		expect(Buffer.from(await got.cipher.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
		await got.acknowledge();
		// The one open was spent once, and the one-open share ended: its ciphertext left the bucket.
		expect((await call(1 - killed!, `/api/relay/shares/${id}`)).status).toBe(410);
		expect(await stored(id)).toBe(0);
	}, 60_000);
});
