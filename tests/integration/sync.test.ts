import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncProvider } from '../../src/lib/archive';
import { gatewayConfigFromEnv } from '../../src/lib/server/gateway/config';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { DicomWebGateway } from '../../src/lib/server/gateway/proxy';
import type { ProviderConnection, Vault } from '../../src/lib/vault';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';
import {
	ARCHIVE_PATIENTS,
	ARCHIVE_STUDIES,
	seedArchive,
	uploadToArchive
} from '../fixtures/archive-seed';
import { imageFile } from '../fixtures/dicom/generate';
import { newTestVault } from '../fixtures/vault';
import { reportRow } from '../reliability/report';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;

/** What the harness does to the next requests: pass, answer 503, cut the body, or hang up at once. */
type Fault =
	| { kind: 'pass' }
	| { kind: '503'; retryAfter: string }
	| { kind: 'cut'; afterBytes: number }
	| { kind: 'reset' }
	| { kind: 'slow'; ms: number };

const ALICE = ARCHIVE_STUDIES.alice;
/** 4 + 2 CT images, an SR and a PDF; 3 MR; 3 CR. */
const ALICE_INSTANCES = 8 + 3 + 3;

/**
 * The sync engine against the real gateway and the real Orthanc, through a small HTTP server that can fail on
 * purpose: a cut connection mid-study, a gateway that hangs up, a 503 with Retry-After, a slow archive. Whatever
 * happens, a later sync completes, nothing is stored twice, and no study is complete before all of it is in.
 */
describe.runIf(existsSync(ORTHANC_BINARY))('sync through the gateway, with faults', () => {
	let archive: Archive;
	let store: EnrollmentStore;
	let server: Server;
	let dataDir: string;
	let root: string;
	let token: string;
	let fault: (path: string) => Fault = () => ({ kind: 'pass' });

	/** The archive's own folder, kept across a restart (the test that stops Orthanc starts it again on it). */
	let archiveDir: string;
	const ARCHIVE_PORTS = { httpPort: 18146, dicomPort: 14346 };

	beforeAll(async () => {
		archiveDir = mkdtempSync(join(tmpdir(), 'rf-sync-archive-'));
		archive = await startOrthanc({ dir: archiveDir, ...ARCHIVE_PORTS });
		await seedArchive(archive);
		dataDir = mkdtempSync(join(tmpdir(), 'rf-sync-'));
		store = new EnrollmentStore(dataDir);
		const gateway = new DicomWebGateway(
			gatewayConfigFromEnv({
				RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
				RADFOLIO_ARCHIVE_USER: archive.user,
				RADFOLIO_ARCHIVE_PASSWORD: archive.password,
				RADFOLIO_DATA_DIR: dataDir
			})!,
			store
		);
		const serve = async (req: IncomingMessage, res: ServerResponse) => {
			const url = new URL(req.url ?? '/', root);
			const subpath = url.pathname.replace(/^\/api\/gateway\/dicom-web\//, '');
			const f = fault(url.pathname);
			if (f.kind === 'reset') return req.socket.destroy();
			if (f.kind === '503') {
				res.writeHead(503, { 'Retry-After': f.retryAfter }).end('{"error":"busy"}');
				return;
			}
			if (f.kind === 'slow') await new Promise((r) => setTimeout(r, f.ms));
			const headers = new Headers();
			for (const [k, v] of Object.entries(req.headers))
				if (typeof v === 'string') headers.set(k, v);
			const response = await gateway.handle(
				new Request(url, { headers }),
				subpath,
				`${root}/api/gateway/dicom-web`
			);
			const out: Record<string, string> = {};
			response.headers.forEach((v, k) => (out[k] = v));
			if (f.kind === 'cut') delete out['content-length'];
			res.writeHead(response.status, out);
			let sent = 0;
			const reader = response.body!.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				if (f.kind === 'cut' && sent + value.length > f.afterBytes) {
					// Let the bytes before the cut reach the client, then drop the connection.
					await new Promise((r) => res.write(value.subarray(0, f.afterBytes - sent), r));
					await reader.cancel();
					return res.destroy();
				}
				res.write(value);
				sent += value.length;
			}
			res.end();
		};
		server = createServer((req, res) => void serve(req, res).catch(() => res.destroy()));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		token = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!.token;
	}, 90_000);

	afterAll(async () => {
		server?.close();
		store?.close();
		await archive?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		if (archiveDir) rmSync(archiveDir, { recursive: true, force: true });
	});

	const connection = (t = token): ProviderConnection => ({
		id: 'p1',
		name: 'Test Imaging Center',
		dicomWebUrl: `${root}/api/gateway/dicom-web`,
		token: t,
		connectedAt: new Date().toISOString()
	});
	const sync = (vault: Vault, t?: string) => syncProvider({ vault, connection: connection(t) });
	const state = async (vault: Vault) => {
		const studies = await vault.studies.listStudies();
		return {
			rows: await vault.db.instances.count(),
			studies: Object.fromEntries(
				studies.map((s) => [
					s.study.StudyDescription,
					{ complete: s.complete, instances: s.instanceCount }
				])
			)
		};
	};
	const whole = {
		rows: ALICE_INSTANCES,
		studies: {
			'CT chest': { complete: true, instances: 8 },
			'MRI knee': { complete: true, instances: 3 },
			'Chest X-ray': { complete: true, instances: 3 }
		}
	};

	it('brings in exactly the patient’s studies, reports included; a second run finds nothing new', async () => {
		fault = () => ({ kind: 'pass' });
		const vault = await newTestVault();
		const first = await sync(vault);
		expect(first).toMatchObject({
			stored: ALICE_INSTANCES,
			updatedStudies: 3,
			incompleteStudies: 0,
			error: null
		});
		expect(await state(vault)).toEqual(whole);
		const ct = (await vault.studies.listStudies()).find(
			(s) => s.study.StudyDescription === 'CT chest'
		)!;
		expect(ct).toMatchObject({
			reportCount: 2,
			imageCount: 6,
			sources: [{ kind: 'provider', label: 'Test Imaging Center' }]
		});
		const again = await sync(vault);
		expect(again).toMatchObject({
			stored: 0,
			updatedStudies: 0,
			incompleteStudies: 0,
			error: null
		});
		expect(await state(vault)).toEqual(whole);
	});

	it('resumes after a connection cut mid-study: the cut study is incomplete until the next run', async () => {
		const vault = await newTestVault();
		// Cut the CT's 4-image series (64x64, ~8.6 kB each) inside its second image: whatever order the archive
		// lists the series in, the study is then in the vault, and incomplete.
		const axial = ALICE[0]!.series[0]!.uid;
		fault = (path) =>
			path.endsWith(`/series/${axial}`) ? { kind: 'cut', afterBytes: 12_000 } : { kind: 'pass' };
		const cut = await sync(vault);
		expect(cut.error).toMatchObject({ kind: 'unavailable' });
		const partial = await state(vault);
		expect(partial.rows).toBeLessThan(ALICE_INSTANCES);
		const ct = (await vault.studies.listStudies()).find(
			(s) => s.StudyInstanceUID === ALICE[0]!.studyUID
		);
		expect(ct?.complete).toBe(false);

		fault = () => ({ kind: 'pass' });
		const resumed = await sync(vault);
		expect(resumed.error).toBeNull();
		expect(await state(vault)).toEqual(whole);
	});

	it('resumes instance by instance when a series is partly in', async () => {
		const vault = await newTestVault();
		const axial = ALICE[0]!.series[0]!.uid;
		// 64x64 images (~8.6 kB each): the first arrives whole, the second is cut.
		fault = (path) =>
			path.endsWith(`/series/${axial}`) ? { kind: 'cut', afterBytes: 12_000 } : { kind: 'pass' };
		const cut = await sync(vault);
		expect(cut.error).toMatchObject({ kind: 'unavailable' });
		const requested: string[] = [];
		fault = (path) => {
			requested.push(path);
			return { kind: 'pass' };
		};
		await sync(vault);
		expect(await state(vault)).toEqual(whole);
		const perInstance = requested.filter(
			(p) => p.includes(`/series/${axial}/instances/`) && !p.endsWith('/instances')
		);
		const wholeSeries = requested.filter((p) => p.endsWith(`/series/${axial}`));
		expect(wholeSeries).toHaveLength(0);
		expect(perInstance.length).toBeGreaterThan(0);
		expect(perInstance.length).toBeLessThan(4);
	});

	it('stops on a gateway that hangs up, and on a 503, keeping the Retry-After; the next run completes', async () => {
		const vault = await newTestVault();
		fault = (path) =>
			path.includes('/series/') && !path.endsWith('/series') && !path.endsWith('/instances')
				? { kind: 'reset' }
				: { kind: 'pass' };
		const reset = await sync(vault);
		expect(reset.error).toMatchObject({ kind: 'unavailable' });
		expect(await vault.db.instances.count()).toBe(0);

		fault = () => ({ kind: '503', retryAfter: '7' });
		const busy = await sync(vault);
		expect(busy.error).toMatchObject({ kind: 'unavailable', retryAfter: 7 });

		fault = () => ({ kind: 'slow', ms: 30 });
		expect((await sync(vault)).error).toBeNull();
		expect(await state(vault)).toEqual(whole);
	});

	it('R3: the archive itself stops mid-sync (Orthanc shut down) and comes back: the next run completes', async () => {
		const vault = await newTestVault();
		let stopping: Promise<void> | null = null;
		fault = (path) => {
			// The first whole-series retrieve: Orthanc is shut down under it.
			if (!stopping && /\/series\/[^/]+$/.test(path)) {
				stopping = archive.stop();
				return { kind: 'slow', ms: 1_000 };
			}
			return { kind: 'pass' };
		};
		const cut = await sync(vault);
		await stopping;
		expect(cut.error).toMatchObject({ kind: 'unavailable' });
		expect((await state(vault)).rows).toBeLessThan(ALICE_INSTANCES);

		archive = await startOrthanc({ dir: archiveDir, ...ARCHIVE_PORTS });
		fault = () => ({ kind: 'pass' });
		const resumed = await sync(vault);
		expect(resumed.error).toBeNull();
		expect(await state(vault)).toEqual(whole);
		reportRow('R3-archive', {
			check: 'R3 the archive (Orthanc) shut down mid-sync and started again',
			cases: 1,
			passed: 1,
			lost: 0
		});
	}, 60_000);

	it('picks up a new instance added to a study it already has', async () => {
		fault = () => ({ kind: 'pass' });
		const vault = await newTestVault();
		await sync(vault);
		const mr = ALICE[1]!;
		await uploadToArchive(archive, [imageFile(mr, 0, 3)]); // a fourth MR image
		const later = await sync(vault);
		expect(later).toMatchObject({ stored: 1, updatedStudies: 1, error: null });
		const knee = (await vault.studies.listStudies()).find(
			(s) => s.study.StudyDescription === 'MRI knee'
		)!;
		expect(knee).toMatchObject({ complete: true, instanceCount: 4 });
	});

	it('stops with "unauthorized" once the token is revoked', async () => {
		fault = () => ({ kind: 'pass' });
		const redeemed = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!;
		store.revoke({ id: redeemed.id });
		const vault = await newTestVault();
		const result = await sync(vault, redeemed.token);
		expect(result.error).toMatchObject({ kind: 'unauthorized' });
		expect(await vault.db.instances.count()).toBe(0);
	});
});
