import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncProvider } from '../../src/lib/archive/sync';
import { gatewayConfigFromEnv } from '../../src/lib/server/gateway/config';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { DicomWebGateway } from '../../src/lib/server/gateway/proxy';
import {
	ORTHANC_BINARY,
	ORTHANC_POSTGRES_PLUGINS,
	startOrthanc
} from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES, seedArchive } from '../fixtures/archive-seed';
import { newTestVault } from '../fixtures/vault';
import { freshDatabase, testPostgres, type Postgres } from './postgres';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;

// Two real Orthancs on a real database: on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 30_000 });

/**
 * The archive at scale: Orthanc with its index AND its DICOM files in PostgreSQL (Debian's orthanc-postgresql, a
 * throwaway cluster from scripts/postgres.js), two Orthancs on the one database as a load balancer would run them.
 * Studies stored through one are synced through the other by the gateway and the sync engine, unchanged: the
 * gateway only ever speaks DICOMweb. Fails, saying why, when Orthanc, its PostgreSQL plugins or PostgreSQL are missing.
 */
describe('the gateway and sync against Orthanc on PostgreSQL', () => {
	let postgres: Postgres;
	let database: string;
	const archives: Archive[] = [];
	let folders: string[] = [];
	let store: EnrollmentStore;
	let server: Server;
	let dataDir: string;
	let root = '';

	beforeAll(async () => {
		for (const file of [ORTHANC_BINARY, ...ORTHANC_POSTGRES_PLUGINS])
			if (!existsSync(file))
				throw new Error(`${file} is missing: apt-get install -y orthanc orthanc-postgresql`);
		postgres = await testPostgres();
		database = await freshDatabase(postgres);
		folders = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'rf-orthanc-pg-')));
		// One after the other: the first makes the schema, the second finds it.
		for (const [i, dir] of folders.entries())
			archives.push(
				await startOrthanc({
					dir,
					httpPort: 18160 + i,
					dicomPort: 14360 + i,
					databaseUrl: database
				})
			);
		await seedArchive(archives[0]!);

		dataDir = mkdtempSync(join(tmpdir(), 'rf-archive-pg-'));
		store = new EnrollmentStore(dataDir);
		// The gateway talks to the second Orthanc, which stored nothing itself.
		const other = archives[1]!;
		const gateway = new DicomWebGateway(
			gatewayConfigFromEnv({
				RADFOLIO_ARCHIVE_URL: other.dicomWebUrl,
				RADFOLIO_ARCHIVE_USER: other.user,
				RADFOLIO_ARCHIVE_PASSWORD: other.password,
				RADFOLIO_DATA_DIR: dataDir
			})!,
			store
		);
		const serve = async (req: IncomingMessage, res: ServerResponse) => {
			const url = new URL(req.url ?? '/', root);
			const headers = new Headers();
			for (const [k, v] of Object.entries(req.headers))
				if (typeof v === 'string') headers.set(k, v);
			const response = await gateway.handle(
				new Request(url, { headers }),
				url.pathname.replace(/^\/api\/gateway\/dicom-web\//, ''),
				`${root}/api/gateway/dicom-web`
			);
			const out: Record<string, string> = {};
			response.headers.forEach((v, k) => (out[k] = v));
			res.writeHead(response.status, out);
			if (response.body) for await (const chunk of response.body) res.write(chunk);
			res.end();
		};
		server = createServer((req, res) => void serve(req, res).catch(() => res.destroy()));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}, 120_000);

	afterAll(async () => {
		server?.close();
		store?.close();
		await Promise.all(archives.map((archive) => archive.stop()));
		for (const dir of folders) rmSync(dir, { recursive: true, force: true });
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		await postgres?.stop();
	});

	it('keeps the index and the DICOM files in PostgreSQL, none in the Orthancs’ folders', async () => {
		const client = new pg.Client({ connectionString: database });
		await client.connect();
		try {
			const tables = await client.query<{ name: string }>(
				"SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
			);
			const names = tables.rows.map((r) => r.name);
			expect(names).toEqual(expect.arrayContaining(['resources', 'storagearea']));
			const files = await client.query<{ n: string }>('SELECT count(*) AS n FROM storagearea');
			// Each instance stored as its DICOM file (and Orthanc's JSON summary of it).
			expect(Number(files.rows[0]!.n)).toBeGreaterThanOrEqual(14);
		} finally {
			await client.end();
		}
		for (const dir of folders) {
			const storage = join(dir, 'storage');
			expect(existsSync(storage) ? readdirSync(storage) : []).toEqual([]);
		}
	});

	it('syncs a patient’s studies, reports included, through the gateway in front of the other Orthanc', async () => {
		const token = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!.token;
		const vault = await newTestVault();
		const connection = {
			id: 'p1',
			name: 'Imaging Center (Orthanc on PostgreSQL)',
			dicomWebUrl: `${root}/api/gateway/dicom-web`,
			token,
			connectedAt: new Date().toISOString()
		};
		const first = await syncProvider({ vault, connection });
		expect(first).toMatchObject({
			stored: 14,
			updatedStudies: 3,
			incompleteStudies: 0,
			error: null
		});
		const studies = await vault.studies.listStudies();
		expect(studies.map((s) => s.StudyInstanceUID).sort()).toEqual(
			ARCHIVE_STUDIES.alice.map((s) => s.studyUID).sort()
		);
		expect(studies.every((s) => s.complete)).toBe(true);
		expect(await syncProvider({ vault, connection })).toMatchObject({ stored: 0, error: null });
	});
});
