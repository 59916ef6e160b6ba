import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomParts } from '../../src/lib/archive/multipart';
import { dicomParser } from '../../src/lib/dicom/dicom-parser';
import { gatewayConfigFromEnv } from '../../src/lib/server/gateway/config';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { DicomWebGateway } from '../../src/lib/server/gateway/proxy';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';
import { imageFile, syntheticStudy } from '../fixtures/dicom/generate';
import {
	ARCHIVE_PATIENTS,
	ARCHIVE_STUDIES,
	seedArchive,
	uploadToArchive
} from '../fixtures/archive-seed';
import { CROSS_PATIENT_ATTACKS, SHARED_UID } from '../fixtures/cross-patient';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;

const BASE = 'http://gateway.test/api/gateway/dicom-web';
const A = ARCHIVE_STUDIES.alice;
const B = ARCHIVE_STUDIES.bob;
const TWIN = ARCHIVE_STUDIES.twin;

/**
 * The gateway in front of the real Orthanc, driven the way a patient's app (or an attacker holding a patient's
 * token) drives it. Patient A's token must reach A's studies and reports and nothing of anyone else's.
 */
describe.runIf(existsSync(ORTHANC_BINARY))('the patient-scoped DICOMweb gateway', () => {
	let archive: Archive;
	let store: EnrollmentStore;
	let gateway: DicomWebGateway;
	let dataDir: string;
	let alice: string;
	let bob: string;

	beforeAll(async () => {
		archive = await startOrthanc({ httpPort: 18143, dicomPort: 14343 });
		await seedArchive(archive);
		// Same StudyInstanceUID under two patients: Orthanc keeps two studies; the gateway must serve neither.
		for (const patient of [ARCHIVE_PATIENTS.alice, ARCHIVE_PATIENTS.bob]) {
			const s = syntheticStudy(777, {
				patientID: patient.id,
				patientName: patient.name,
				studyUID: SHARED_UID,
				series: [
					{
						uid: `${SHARED_UID}.${patient.id.length}.${patient.name.length}`,
						description: 'x',
						count: 1
					}
				]
			});
			await uploadToArchive(archive, [imageFile(s, 0, 0)]);
		}
		dataDir = mkdtempSync(join(tmpdir(), 'rf-gateway-'));
		const config = gatewayConfigFromEnv({
			RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
			RADFOLIO_ARCHIVE_USER: archive.user,
			RADFOLIO_ARCHIVE_PASSWORD: archive.password,
			RADFOLIO_DATA_DIR: dataDir,
			RADFOLIO_APP_ORIGINS: 'https://app.example'
		})!;
		store = new EnrollmentStore(dataDir);
		gateway = new DicomWebGateway(config, store);
		alice = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!.token;
		bob = store.redeem(store.createCode(ARCHIVE_PATIENTS.bob.id).code)!.token;
	}, 90_000);

	afterAll(async () => {
		store?.close();
		await archive?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	/** A request as the Kit route hands it over: the raw path after the prefix, the full URL, the method. */
	/** The answer read whole, as the server sends it: one nobody reads holds one of the patient's archive turns. */
	const call = async (path: string, token: string | null, init: RequestInit = {}) => {
		const headers = new Headers(init.headers);
		if (token) headers.set('Authorization', `Bearer ${token}`);
		const request = new Request(`${BASE}/${path}`, { ...init, headers });
		const answer = await gateway.handle(request, path.split('?')[0]!, BASE);
		return new Response(await answer.arrayBuffer(), answer);
	};
	const json = async (path: string, token: string) => {
		const response = await call(path, token);
		expect(response.status, path).toBe(200);
		return (await response.json()) as Record<string, { Value?: unknown[]; BulkDataURI?: string }>[];
	};
	const uids = (items: Record<string, { Value?: unknown[] }>[], key = '0020000D') =>
		items.map((i) => i[key]!.Value![0] as string).sort();
	const patientOf = (bytes: Uint8Array) => dicomParser.parseDicom(bytes).string('x00100020');

	it('lists exactly the patient’s own studies, with URLs that point at the gateway', async () => {
		const studies = await json('studies', alice);
		expect(uids(studies)).toEqual(A.map((s) => s.studyUID).sort());
		for (const s of studies) {
			expect(s['00100020']!.Value![0]).toBe(ARCHIVE_PATIENTS.alice.id);
			expect(s['00081190']!.Value![0]).toBe(`${BASE}/studies/${s['0020000D']!.Value![0]}`);
		}
		expect(uids(await json('studies', bob))).toEqual(B.map((s) => s.studyUID).sort());
	});

	it('drops the study of a patient whose ID differs only in case (Orthanc matches case-insensitively)', async () => {
		const studies = await json('studies', alice);
		expect(uids(studies)).not.toContain(TWIN[0]!.studyUID);
	});

	it('lists series and instances of an own study, reports included', async () => {
		const series = await json(`studies/${A[0]!.studyUID}/series`, alice);
		const modalities = series.map((s) => s['00080060']!.Value![0]).sort();
		expect(modalities).toEqual(['CT', 'CT', 'DOC', 'SR']);
		const first = A[0]!.series[0]!;
		const instances = await json(`studies/${A[0]!.studyUID}/series/${first.uid}/instances`, alice);
		expect(instances).toHaveLength(first.count);
	});

	it('retrieves an own study as multipart DICOM, every part the patient’s', async () => {
		const response = await call(`studies/${A[0]!.studyUID}`, alice);
		expect(response.status).toBe(200);
		let count = 0;
		for await (const part of dicomParts(response)) {
			expect(patientOf(part)).toBe(ARCHIVE_PATIENTS.alice.id);
			count++;
		}
		// 4 + 2 images, an SR and an Encapsulated PDF
		expect(count).toBe(8);
	});

	it('retrieves a series and a single instance', async () => {
		const s = A[1]!;
		const se = s.series[0]!;
		const series = await call(`studies/${s.studyUID}/series/${se.uid}`, alice);
		let n = 0;
		for await (const _ of dicomParts(series)) n++;
		expect(n).toBe(se.count);
		const one = await call(`studies/${s.studyUID}/series/${se.uid}/instances/${se.uid}.1`, alice);
		const parts: Uint8Array[] = [];
		for await (const p of dicomParts(one)) parts.push(p);
		expect(parts).toHaveLength(1);
		expect(dicomParser.parseDicom(parts[0]!).string('x00080018')).toBe(`${se.uid}.1`);
	});

	it('serves metadata with BulkDataURIs rewritten to the gateway, and that bulk data', async () => {
		const s = A[1]!;
		const se = s.series[0]!;
		const metadata = await json(`studies/${s.studyUID}/series/${se.uid}/metadata`, alice);
		expect(metadata).toHaveLength(se.count);
		const pixels = metadata[0]!['7FE00010']!.BulkDataURI!;
		expect(pixels.startsWith(`${BASE}/studies/${s.studyUID}/series/${se.uid}/instances/`)).toBe(
			true
		);
		const bulk = await call(pixels.slice(BASE.length + 1), alice);
		expect(bulk.status).toBe(200);
		expect(bulk.headers.get('content-type')).toMatch(/^multipart\/related/);
		expect((await bulk.arrayBuffer()).byteLength).toBeGreaterThan(8 * 8 * 2); // 8x8, 16-bit
	});

	describe('with Alice’s token, nothing of Bob’s (or of a look-alike) is reachable', () => {
		const bs = () => B[0]!;
		it.each(CROSS_PATIENT_ATTACKS)('%s', async (_name, path) => {
			const response = await call(path(), alice);
			const body = await response.text();
			// Refused, or (a well-formed query) answered with nothing.
			if (response.status === 200) expect(JSON.parse(body)).toEqual([]);
			else expect(response.status).toBeGreaterThanOrEqual(400);
			expect(body).not.toContain(ARCHIVE_PATIENTS.bob.id);
			expect(body).not.toContain('DEMO^BOB');
			expect(body).not.toContain(bs().studyUID);
		});

		it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s is refused', async (method) => {
			const response = await call(`studies/${A[0]!.studyUID}`, alice, {
				method,
				body: method === 'DELETE' ? undefined : 'x'
			});
			expect(response.status).toBe(405);
			// and the study is still there
			expect((await call(`studies/${A[0]!.studyUID}/metadata`, alice)).status).toBe(200);
		});
	});

	describe('in front of an archive that finds a series or instance by its own UID, whatever study the path names', () => {
		// Finding 9: the gateway checked the study in the path and left the rest to the archive. Orthanc happens to
		// check the hierarchy; an archive that does not (simulated here by rewriting the path to the series' real
		// study) would have served Bob's series to Alice under her own study's UID.
		let lax: DicomWebGateway;
		beforeAll(() => {
			const studyOf = new Map<string, string>();
			for (const list of Object.values(ARCHIVE_STUDIES))
				for (const study of list)
					for (const se of study.series) studyOf.set(se.uid, study.studyUID);
			const fetcher: typeof fetch = (input, init) => {
				const url = String(input).replace(
					/\/studies\/[0-9.]+\/series\/([0-9.]+)/,
					(whole, series: string) =>
						studyOf.has(series) ? `/studies/${studyOf.get(series)}/series/${series}` : whole
				);
				return fetch(url, init);
			};
			lax = new DicomWebGateway(
				gatewayConfigFromEnv({
					RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
					RADFOLIO_ARCHIVE_USER: archive.user,
					RADFOLIO_ARCHIVE_PASSWORD: archive.password,
					RADFOLIO_DATA_DIR: dataDir
				})!,
				store,
				fetcher
			);
		});
		const laxCall = (path: string) =>
			lax.handle(
				new Request(`${BASE}/${path}`, { headers: { Authorization: `Bearer ${alice}` } }),
				path,
				BASE
			);
		const own = () => A[0]!;
		const bse = () => B[0]!.series[0]!;
		it.each([
			['Bob’s series', () => `studies/${own().studyUID}/series/${bse().uid}`],
			['Bob’s series metadata', () => `studies/${own().studyUID}/series/${bse().uid}/metadata`],
			['Bob’s instance listing', () => `studies/${own().studyUID}/series/${bse().uid}/instances`],
			[
				'Bob’s instance',
				() => `studies/${own().studyUID}/series/${bse().uid}/instances/${bse().uid}.1`
			],
			[
				'Bob’s instance metadata',
				() => `studies/${own().studyUID}/series/${bse().uid}/instances/${bse().uid}.1/metadata`
			],
			[
				'Bob’s bulk data',
				() => `studies/${own().studyUID}/series/${bse().uid}/instances/${bse().uid}.1/bulk/7fe00010`
			],
			[
				'Bob’s instance under Alice’s own series',
				() => `studies/${own().studyUID}/series/${own().series[0]!.uid}/instances/${bse().uid}.1`
			]
		])('%s under Alice’s study is refused', async (_name, path) => {
			const response = await laxCall(path());
			expect(response.status).toBe(404);
			const body = await response.text();
			expect(body).not.toContain(ARCHIVE_PATIENTS.bob.id);
			expect(body).not.toContain(bse().uid);
		});
		it('still serves Alice’s own series and instance through it', async () => {
			const se = own().series[0]!;
			expect((await laxCall(`studies/${own().studyUID}/series/${se.uid}/metadata`)).status).toBe(
				200
			);
			const one = await laxCall(`studies/${own().studyUID}/series/${se.uid}/instances/${se.uid}.1`);
			expect(one.status).toBe(200);
			await one.body?.cancel();
		});
	});

	it('answers 401 without a token, with a malformed or unknown token, and with a revoked one', async () => {
		expect((await call('studies', null)).status).toBe(401);
		expect((await call('studies', 'not a token!')).status).toBe(401);
		expect((await call('studies', 'A'.repeat(43))).status).toBe(401);
		const r = await call('studies', null, { headers: { Authorization: archive.authorization } });
		expect(r.status).toBe(401); // the archive's own credentials mean nothing here
		const { code } = store.createCode(ARCHIVE_PATIENTS.alice.id);
		const redeemed = store.redeem(code)!;
		expect((await call('studies', redeemed.token)).status).toBe(200);
		expect(store.revoke({ id: redeemed.id })).toBe(1);
		expect((await call('studies', redeemed.token)).status).toBe(401);
		expect((await call(`studies/${A[0]!.studyUID}`, redeemed.token)).status).toBe(401);
	});

	it('answers CORS for the configured app origin only', async () => {
		const allowed = await call('studies', alice, { headers: { Origin: 'https://app.example' } });
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
		const other = await call('studies', alice, { headers: { Origin: 'https://evil.example' } });
		expect(other.headers.get('access-control-allow-origin')).toBeNull();
		const preflight = gateway.preflight(
			new Request(`${BASE}/studies`, {
				method: 'OPTIONS',
				headers: { Origin: 'https://app.example' }
			})
		);
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
	});

	it('never hands the archive’s credentials or address to the patient', async () => {
		for (const path of [
			'studies',
			`studies/${A[0]!.studyUID}/metadata`,
			`studies/${A[0]!.studyUID}/series`
		]) {
			const text = await (await call(path, alice)).text();
			expect(text).not.toContain(archive.url);
			expect(text).not.toContain(archive.password);
		}
	});

	it('says the archive is unavailable (503, Retry-After), not unauthorized, when it is down', async () => {
		const down = new DicomWebGateway(
			{
				...gatewayConfigFromEnv({
					RADFOLIO_ARCHIVE_URL: 'http://127.0.0.1:9',
					RADFOLIO_DATA_DIR: dataDir
				})!
			},
			store
		);
		const response = await down.handle(
			new Request(`${BASE}/studies`, { headers: { Authorization: `Bearer ${alice}` } }),
			'studies',
			BASE
		);
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('30');
	});
});
