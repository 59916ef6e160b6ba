import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';
import { startEhr } from '../../scripts/ehr.js';
import { dicomParts } from '../../src/lib/archive/multipart';
import { dicomParser } from '../../src/lib/dicom/dicom-parser';
import { gatewayConfigFromEnv } from '../../src/lib/server/gateway/config';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { DicomWebGateway } from '../../src/lib/server/gateway/proxy';
import {
	readImagingStudy,
	searchImagingStudies,
	type FhirServer
} from '../../src/lib/server/gateway/smart-handlers';
import { EitherTokens, SmartTokens } from '../../src/lib/server/gateway/smart-tokens';
import {
	ARCHIVE_PATIENTS,
	ARCHIVE_STUDIES,
	seedArchive,
	uploadToArchive
} from '../fixtures/archive-seed';
import { BOB_MARKERS, CROSS_PATIENT_ATTACKS, SHARED_UID } from '../fixtures/cross-patient';
import { imageFile, syntheticStudy } from '../fixtures/dicom/generate';
import { authorize, type FlowOptions } from '../fixtures/smart-flow';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;
type Ehr = Awaited<ReturnType<typeof startEhr>>;

const APP = 'https://app.example';
const REDIRECT = `${APP}/providers/smart/callback`;
const ORIGIN = 'http://gateway.test';
const BASE = `${ORIGIN}/api/gateway/dicom-web`;
const FHIR = `${ORIGIN}/api/gateway/fhir`;
const A = ARCHIVE_STUDIES.alice;
const B = ARCHIVE_STUDIES.bob;
/** An Alice study the provider's policy withholds (RADFOLIO_WITHHELD_STUDIES). */
const WITHHELD = '1.2.826.0.1.3680043.10.1337.5.599';

/**
 * The gateway as a SMART Imaging Access imaging server, in front of the real Orthanc and the test EHR
 * (scripts/ehr.js), with tokens from real authorization-code + PKCE flows. The cross-patient suite of the
 * enrollment tokens runs again with a SMART token, then every way a SMART token must fail: another patient's,
 * no imaging scope, another audience, expired, revoked, forged.
 */
describe.runIf(existsSync(ORTHANC_BINARY))('the gateway with SMART access tokens', () => {
	let archive: Archive;
	let ehr: Ehr;
	let store: EnrollmentStore;
	let gateway: DicomWebGateway;
	let fhir: FhirServer;
	let dataDir: string;
	const tokens = {} as Record<'alice' | 'bob' | 'noScope' | 'otherAudience', string> & {
		aliceRefresh: string;
		aliceIdToken: string;
		enrollment: string;
	};

	/** A gateway (DICOMweb and FHIR) that accepts one EHR's tokens, as index.ts assembles it. */
	const gatewayFor = (issuerEnv: Record<string, string>, extra: Record<string, string> = {}) => {
		const config = gatewayConfigFromEnv({
			RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
			RADFOLIO_ARCHIVE_USER: archive.user,
			RADFOLIO_ARCHIVE_PASSWORD: archive.password,
			RADFOLIO_DATA_DIR: dataDir,
			RADFOLIO_APP_ORIGINS: APP,
			RADFOLIO_WITHHELD_STUDIES: WITHHELD,
			// Ask the EHR on every request: a revoked token must fail at once in these tests.
			RADFOLIO_SMART_CACHE_SECONDS: '0',
			...issuerEnv,
			...extra
		})!;
		const smart = new SmartTokens(config.smart!);
		const dicomWeb = new DicomWebGateway(config, new EitherTokens(store, smart));
		return { dicomWeb, fhir: { gateway: dicomWeb, smart, fhirBase: FHIR, dicomWebBase: BASE } };
	};
	const flow = (who: 'alice' | 'bob', extra: Partial<FlowOptions> = {}, from: Ehr = ehr) =>
		authorize({
			fhirBase: from.fhirBase,
			redirectUri: REDIRECT,
			username: who,
			password: `${who}-demo`,
			...extra
		});

	beforeAll(async () => {
		archive = await startOrthanc({ httpPort: 18171, dicomPort: 14371 });
		await seedArchive(archive);
		for (const patient of [ARCHIVE_PATIENTS.alice, ARCHIVE_PATIENTS.bob]) {
			const s = syntheticStudy(777, {
				patientID: patient.id,
				patientName: patient.name,
				studyUID: SHARED_UID,
				series: [{ uid: `${SHARED_UID}.${patient.id.length}.9`, description: 'x', count: 1 }]
			});
			await uploadToArchive(archive, [imageFile(s, 0, 0)]);
		}
		const withheld = syntheticStudy(599, {
			patientID: ARCHIVE_PATIENTS.alice.id,
			patientName: ARCHIVE_PATIENTS.alice.name,
			studyUID: WITHHELD,
			series: [{ uid: `${WITHHELD}.1`, description: 'withheld', count: 1 }]
		});
		await uploadToArchive(archive, [imageFile(withheld, 0, 0)]);
		dataDir = mkdtempSync(join(tmpdir(), 'rf-gateway-smart-'));
		store = new EnrollmentStore(dataDir);
		ehr = await startEhr({ redirectUris: [REDIRECT], imagingFhirBase: FHIR });
		({ dicomWeb: gateway, fhir } = gatewayFor(ehr.gatewayEnv()));

		const alice = await flow('alice');
		tokens.alice = alice.access_token;
		tokens.aliceRefresh = alice.refresh_token!;
		tokens.aliceIdToken = alice.id_token!;
		tokens.bob = (await flow('bob')).access_token;
		tokens.noScope = (
			await flow('alice', { scope: 'launch/patient openid fhirUser' })
		).access_token;
		tokens.otherAudience = (await flow('alice', { resource: ehr.otherAudience })).access_token;
		tokens.enrollment = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!.token;
	}, 90_000);

	afterAll(async () => {
		store?.close();
		await ehr?.stop();
		await archive?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	/** The answer read whole, as the server sends it: one nobody reads holds one of the patient's archive turns. */
	const call = async (path: string, token: string | null, on: DicomWebGateway = gateway) => {
		const headers = new Headers();
		if (token) headers.set('Authorization', `Bearer ${token}`);
		const answer = await on.handle(
			new Request(`${BASE}/${path}`, { headers }),
			path.split('?')[0]!,
			BASE
		);
		return new Response(await answer.arrayBuffer(), answer);
	};
	const search = (query: string, token: string | null, on: FhirServer = fhir) => {
		const headers = new Headers({ Origin: APP });
		if (token) headers.set('Authorization', `Bearer ${token}`);
		return searchImagingStudies(on, new Request(`${FHIR}/ImagingStudy?${query}`, { headers }));
	};
	type Bundle = {
		resourceType: string;
		total: number;
		link: { relation: string; url: string }[];
		entry?: { resource: { id: string; identifier: { system?: string; value: string }[] } }[];
	};
	const bundle = async (query: string, token: string) => {
		const response = await search(query, token);
		expect(response.status, query).toBe(200);
		return (await response.json()) as Bundle;
	};
	const studyUids = (b: Bundle) => (b.entry ?? []).map((e) => e.resource.id).sort();
	const aliceUids = () => A.map((s) => s.studyUID).sort();

	describe('Alice’s SMART token', () => {
		it('lists and retrieves Alice’s studies over DICOMweb, not the withheld one', async () => {
			const listed = await call('studies', tokens.alice);
			expect(listed.status).toBe(200);
			const items = (await listed.json()) as Record<string, { Value: string[] }>[];
			expect(items.map((i) => i['0020000D']!.Value[0]).sort()).toEqual(aliceUids());
			const study = await call(`studies/${A[1]!.studyUID}`, tokens.alice);
			expect(study.status).toBe(200);
			let parts = 0;
			for await (const part of dicomParts(study)) {
				expect(dicomParser.parseDicom(part).string('x00100020')).toBe(ARCHIVE_PATIENTS.alice.id);
				parts++;
			}
			expect(parts).toBe(A[1]!.series[0]!.count);
		});

		it('searches ImagingStudy: exactly Alice’s studies, each with its UID and a token-protected WADO-RS endpoint', async () => {
			const found = await bundle('patient=pt-alice', tokens.alice);
			expect(found.resourceType).toBe('Bundle');
			expect(studyUids(found)).toEqual(aliceUids());
			expect(found.total).toBe(A.length);
			for (const entry of found.entry!) {
				expect(entry.resource.identifier[0]).toEqual({
					system: 'urn:dicom:uid',
					value: `urn:oid:${entry.resource.id}`
				});
			}
			// The same with Patient/ reference form, and with the patient left to the token.
			expect(studyUids(await bundle('patient=Patient/pt-alice', tokens.alice))).toEqual(
				aliceUids()
			);
			expect(studyUids(await bundle('', tokens.alice))).toEqual(aliceUids());
		});

		it('pages with _count and next links until every study was seen', async () => {
			let page = await bundle('patient=pt-alice&_count=1', tokens.alice);
			const seen = studyUids(page);
			for (let i = 0; i < 10; i++) {
				const next = page.link.find((l) => l.relation === 'next');
				if (!next) break;
				const query = new URL(next.url).search.slice(1);
				page = await bundle(query, tokens.alice);
				seen.push(...studyUids(page));
			}
			expect(seen.sort()).toEqual(aliceUids());
		});

		it('finds one study by identifier, and nothing for Bob’s, a withheld or an unknown one', async () => {
			const uid = A[2]!.studyUID;
			expect(
				studyUids(await bundle(`patient=pt-alice&identifier=urn:oid:${uid}`, tokens.alice))
			).toEqual([uid]);
			expect(
				studyUids(
					await bundle(`patient=pt-alice&identifier=urn:dicom:uid|urn:oid:${uid}`, tokens.alice)
				)
			).toEqual([uid]);
			for (const other of [B[0]!.studyUID, WITHHELD, SHARED_UID, '1.2.3']) {
				const response = await search(`patient=pt-alice&identifier=urn:oid:${other}`, tokens.alice);
				expect(response.status).toBe(200);
				const { link, ...rest } = (await response.json()) as Bundle;
				expect(rest.total).toBe(0);
				// Nothing but the caller's own query (echoed in the self link) names the study.
				expect(link.map((l) => l.relation)).toEqual(['self']);
				for (const marker of BOB_MARKERS()) expect(JSON.stringify(rest)).not.toContain(marker);
			}
		});

		it('is refused (403, not an empty Bundle) when the search names another patient', async () => {
			for (const query of [
				'patient=pt-bob',
				'patient=Patient/pt-bob',
				`patient=${ehr.fhirBase}/Patient/pt-bob`,
				'patient=pt-alice&subject=Patient/pt-bob',
				'subject=pt-twin'
			]) {
				const response = await search(query, tokens.alice);
				expect(response.status, query).toBe(403);
				const text = await response.text();
				for (const marker of BOB_MARKERS()) expect(text).not.toContain(marker);
			}
			expect((await search('patient=pt-alice&patient=pt-bob', tokens.alice)).status).toBe(400);
		});

		it('reads its own ImagingStudy, and answers 404 for Bob’s, the withheld and the shared one', async () => {
			const read = (id: string) =>
				readImagingStudy(
					fhir,
					new Request(`${FHIR}/ImagingStudy/${id}`, {
						headers: { Authorization: `Bearer ${tokens.alice}` }
					}),
					id
				);
			expect((await read(A[0]!.studyUID)).status).toBe(200);
			for (const id of [B[0]!.studyUID, WITHHELD, SHARED_UID, 'not-a-uid']) {
				const response = await read(id);
				expect(response.status, id).toBe(404);
				expect(await response.text()).not.toContain(ARCHIVE_PATIENTS.bob.id);
			}
		});

		it('answers CORS for the configured app origin on the FHIR search', async () => {
			const response = await search('patient=pt-alice', tokens.alice);
			expect(response.headers.get('access-control-allow-origin')).toBe(APP);
		});

		describe('reaches nothing of Bob’s (or of a look-alike) over DICOMweb', () => {
			it.each(CROSS_PATIENT_ATTACKS)('%s', async (_name, path) => {
				const response = await call(path(), tokens.alice);
				const body = await response.text();
				if (response.status === 200) expect(JSON.parse(body)).toEqual([]);
				else expect(response.status).toBeGreaterThanOrEqual(400);
				for (const marker of BOB_MARKERS()) expect(body).not.toContain(marker);
			});
		});
	});

	describe('a withheld study', () => {
		it.each([
			['the study', `studies/${WITHHELD}`],
			['its metadata', `studies/${WITHHELD}/metadata`],
			['its series', `studies/${WITHHELD}/series/${WITHHELD}.1`],
			['its instance', `studies/${WITHHELD}/series/${WITHHELD}.1/instances/${WITHHELD}.1.1`]
		])('answers 404 for %s, to SMART and enrollment tokens alike', async (_name, path) => {
			expect((await call(path, tokens.alice)).status).toBe(404);
			expect((await call(path, tokens.enrollment)).status).toBe(404);
		});
		it('is absent from the enrollment token’s listing too', async () => {
			const items = (await (await call('studies', tokens.enrollment)).json()) as Record<
				string,
				{ Value: string[] }
			>[];
			expect(items.map((i) => i['0020000D']!.Value[0]).sort()).toEqual(aliceUids());
		});
	});

	describe('a token that must not work', () => {
		const forge = async (alg: 'RS256' | 'none') => {
			const claims = {
				scope: 'launch/patient patient/ImagingStudy.rs',
				patient: 'pt-bob',
				client_id: 'radfolio'
			};
			if (alg === 'none') {
				const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
				const now = Math.floor(Date.now() / 1000);
				return `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ ...claims, iss: ehr.issuer, aud: ehr.fhirBase, sub: 'pt-bob', exp: now + 600 })}.`;
			}
			const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
			return new SignJWT(claims)
				.setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
				.setIssuer(ehr.issuer)
				.setAudience(ehr.fhirBase)
				.setSubject('pt-bob')
				.setIssuedAt()
				.setExpirationTime('10m')
				.sign(privateKey);
		};
		const cases: [string, () => Promise<string> | string, number, number][] = [
			// name, token, DICOMweb status, FHIR status
			['without patient/ImagingStudy.rs', () => tokens.noScope, 401, 403],
			['for another audience', () => tokens.otherAudience, 401, 401],
			['a forged JWT (another key)', () => forge('RS256'), 401, 401],
			['an unsigned JWT (alg none)', () => forge('none'), 401, 401],
			['the ID token', () => tokens.aliceIdToken, 401, 401],
			['the refresh token', () => tokens.aliceRefresh, 401, 401],
			['made up', () => 'A'.repeat(43), 401, 401],
			['an enrollment token at the FHIR base', () => tokens.enrollment, 200, 401]
		];
		it.each(cases)('%s', async (_name, token, dicomWebStatus, fhirStatus) => {
			const value = await token();
			const retrieve = await call(`studies/${A[0]!.studyUID}/metadata`, value);
			expect(retrieve.status).toBe(dicomWebStatus);
			await retrieve.body?.cancel();
			const found = await search('patient=pt-alice', value);
			expect(found.status).toBe(fhirStatus);
			if (fhirStatus !== 200) {
				expect(found.headers.get('www-authenticate')).toMatch(/^Bearer/);
				expect(await found.text()).not.toContain(A[0]!.studyUID);
			}
		});

		it('Bob’s own token reaches Bob’s studies only, and is refused Alice’s', async () => {
			expect(studyUids(await bundle('patient=pt-bob', tokens.bob))).toEqual(
				B.map((s) => s.studyUID).sort()
			);
			expect((await search('patient=pt-alice', tokens.bob)).status).toBe(403);
			expect((await call(`studies/${A[0]!.studyUID}`, tokens.bob)).status).toBe(404);
		});

		it('an expired token', async () => {
			const short = await startEhr({
				redirectUris: [REDIRECT],
				imagingFhirBase: FHIR,
				accessTokenTtlSeconds: 1
			});
			try {
				const { dicomWeb, fhir: shortFhir } = gatewayFor(short.gatewayEnv());
				const token = (await flow('alice', {}, short)).access_token;
				expect((await call('studies', token, dicomWeb)).status).toBe(200);
				await new Promise((resolve) => setTimeout(resolve, 2100));
				expect((await call('studies', token, dicomWeb)).status).toBe(401);
				expect((await search('patient=pt-alice', token, shortFhir)).status).toBe(401);
			} finally {
				await short.stop();
			}
		});

		it('a revoked grant, at once (no cache), for DICOMweb and FHIR', async () => {
			const twin = await authorize({
				fhirBase: ehr.fhirBase,
				redirectUri: REDIRECT,
				username: 'twin',
				password: 'twin-demo'
			});
			expect((await search('patient=pt-twin', twin.access_token)).status).toBe(200);
			expect(ehr.revokeGrants('pt-twin')).toBeGreaterThan(0);
			expect((await call('studies', twin.access_token)).status).toBe(401);
			expect((await search('patient=pt-twin', twin.access_token)).status).toBe(401);
		});

		it('says the EHR is unavailable (503), not unauthorized, when it cannot be asked', async () => {
			const { dicomWeb, fhir: down } = gatewayFor({
				RADFOLIO_SMART_ISSUER: 'http://127.0.0.1:9/fhir',
				RADFOLIO_SMART_CLIENT_ID: 'x',
				RADFOLIO_SMART_CLIENT_SECRET: 'y',
				RADFOLIO_SMART_PATIENT_ID_SYSTEM: 'urn:oid:1.2.3'
			});
			const response = await call('studies', 'B'.repeat(43), dicomWeb);
			expect(response.status).toBe(503);
			expect(response.headers.get('retry-after')).toBe('30');
			expect((await search('patient=pt-alice', 'B'.repeat(43), down)).status).toBe(503);
			// Enrollment tokens do not depend on the EHR.
			expect((await call('studies', tokens.enrollment, dicomWeb)).status).toBe(200);
		});
	});

	describe('with an EHR that issues JWT access tokens (checked against its JWKS)', () => {
		let jwtEhr: Ehr;
		let jwtGateway: ReturnType<typeof gatewayFor>;
		let token: string;
		beforeAll(async () => {
			jwtEhr = await startEhr({
				redirectUris: [REDIRECT],
				imagingFhirBase: FHIR,
				accessTokenFormat: 'jwt'
			});
			jwtGateway = gatewayFor(jwtEhr.gatewayEnv());
			token = (await flow('alice', {}, jwtEhr)).access_token;
		});
		afterAll(() => jwtEhr?.stop());

		it('serves the token’s patient', async () => {
			expect(token.split('.')).toHaveLength(3);
			const found = await search('patient=pt-alice', token, jwtGateway.fhir);
			expect(found.status).toBe(200);
			expect(studyUids((await found.json()) as Bundle)).toEqual(aliceUids());
			expect(
				(await call(`studies/${A[0]!.studyUID}/metadata`, token, jwtGateway.dicomWeb)).status
			).toBe(200);
		});

		it('refuses the same JWT with its patient changed (signature no longer valid)', async () => {
			const [header, payload, signature] = token.split('.');
			const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
				string,
				unknown
			>;
			const tampered = Buffer.from(JSON.stringify({ ...claims, patient: 'pt-bob' })).toString(
				'base64url'
			);
			const forged = `${header}.${tampered}.${signature}`;
			expect((await call('studies', forged, jwtGateway.dicomWeb)).status).toBe(401);
			expect((await search('patient=pt-bob', forged, jwtGateway.fhir)).status).toBe(401);
		});
	});
});
