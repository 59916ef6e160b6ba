import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncOutcome } from '$lib/archive';
import { syncOutcomeText } from '$lib/messages';
import type { ProviderConnection, Vault } from '$lib/vault';
import { imageFile, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { newTestVault } from '../../../tests/fixtures/vault';
import { REQUIRES_ACCESS_TOKEN } from './fhir';
import { syncSmartProvider } from './sync';

/**
 * The SMART sync against a small imaging server and token endpoint of the IG's shapes: two search pages, a study
 * whose Endpoint is contained (token required) and lists its instances, one with an included bearer-capability
 * Endpoint (no token, no metadata: retrieved whole), and one whose files name another patient. The token
 * endpoint rotates refresh tokens; the test ends access tokens and whole grants when it wants.
 */
const ALICE = { PatientID: 'RFDEMO-ALICE', PatientName: 'DEMO^ALICE' };
const A = syntheticStudy(701, {
	patientID: ALICE.PatientID,
	patientName: ALICE.PatientName,
	studyDate: '20250101'
});
const B = syntheticStudy(702, {
	patientID: 'OTHER-MRN-7',
	patientName: 'DEMO^ALICE^Q',
	studyDate: '20240101',
	series: [{ uid: `${syntheticStudy(702).studyUID}.1`, description: 'Axial', count: 2 }]
});
const C = syntheticStudy(703, {
	patientID: 'rfdemo-alice',
	patientName: 'DEMO^TWIN',
	studyDate: '20230101'
});
/** Listed with a token-requiring endpoint on another origin (`foreign`), when `server.foreignStudy` is set. */
const D = syntheticStudy(704, { patientID: ALICE.PatientID, patientName: ALICE.PatientName });
const foreign = { base: '', tokens: 0, requests: 0 };
const files = (study: typeof A) =>
	Array.from({ length: study.series[0]!.count }, (_, i) => imageFile(study, 0, i));

const enc = new TextEncoder();
function multipart(parts: Uint8Array[]): Buffer {
	const chunks: Uint8Array[] = [];
	for (const part of parts) {
		chunks.push(
			enc.encode(`--BND\r\nContent-Type: application/dicom\r\n\r\n`),
			part,
			enc.encode('\r\n')
		);
	}
	chunks.push(enc.encode('--BND--\r\n'));
	return Buffer.concat(chunks);
}

const server = {
	base: '',
	access: new Set<string>(),
	refresh: new Set<string>(),
	issued: 0,
	/** Requests to the bearer-capability endpoint that carried an Authorization header (must stay 0). */
	tokenLeaks: 0,
	foreignStudy: false,
	requests: [] as string[]
};

function studyResource(study: typeof A, extra: Record<string, unknown>) {
	return {
		resourceType: 'ImagingStudy',
		id: study.studyUID.split('.').pop(),
		identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:${study.studyUID}` }],
		status: 'available',
		subject: { reference: 'Patient/alice' },
		started: `${study.studyDate.slice(0, 4)}-${study.studyDate.slice(4, 6)}-${study.studyDate.slice(6)}`,
		numberOfInstances: study.series[0]!.count,
		...extra
	};
}
const endpoint = (id: string, address: string, requires: boolean) => ({
	resourceType: 'Endpoint',
	id,
	extension: [{ url: REQUIRES_ACCESS_TOKEN, valueBoolean: requires }],
	status: 'active',
	connectionType: {
		system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
		code: 'dicom-wado-rs'
	},
	address
});

function handle(req: IncomingMessage, res: ServerResponse, body: string) {
	const url = new URL(req.url ?? '/', server.base);
	server.requests.push(`${req.method} ${url.pathname}`);
	const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
	const json = (status: number, value: unknown) =>
		res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
	if (url.pathname === '/token') {
		const form = new URLSearchParams(body);
		const presented = form.get('refresh_token') ?? '';
		if (form.get('grant_type') !== 'refresh_token' || !server.refresh.delete(presented))
			return json(400, { error: 'invalid_grant' });
		const n = ++server.issued;
		server.access.add(`access-${n}`);
		server.refresh.add(`refresh-${n}`);
		return json(200, {
			access_token: `access-${n}`,
			token_type: 'Bearer',
			expires_in: 600,
			refresh_token: `refresh-${n}`,
			scope: 'patient/ImagingStudy.rs offline_access',
			patient: 'alice'
		});
	}
	if (url.pathname.startsWith('/cap/opaque-b/')) {
		if (req.headers.authorization) server.tokenLeaks++;
		if (url.pathname.endsWith('/metadata')) return res.writeHead(404).end();
		if (url.pathname === `/cap/opaque-b/studies/${B.studyUID}`) {
			return res
				.writeHead(200, {
					'Content-Type': 'multipart/related; type="application/dicom"; boundary=BND'
				})
				.end(multipart(files(B)));
		}
		return res.writeHead(404).end();
	}
	if (!server.access.has(bearer)) return json(401, { resourceType: 'OperationOutcome' });
	if (url.pathname === '/fhir/ImagingStudy') {
		if (url.searchParams.get('patient') !== 'alice') return json(403, {});
		const page2 = url.searchParams.get('page') === '2';
		const entry = page2
			? [
					{
						resource: studyResource(B, { endpoint: [{ reference: 'Endpoint/cap-b' }] }),
						search: { mode: 'match' }
					},
					{
						resource: endpoint('cap-b', `${server.base}/cap/opaque-b`, false),
						search: { mode: 'include' }
					},
					{
						resource: studyResource(C, {
							contained: [endpoint('e', `${server.base}/wado`, true)],
							endpoint: [{ reference: '#e' }]
						})
					},
					...(server.foreignStudy
						? [
								{
									resource: studyResource(D, {
										contained: [endpoint('e', `${foreign.base}/wado`, true)],
										endpoint: [{ reference: '#e' }]
									})
								}
							]
						: [])
				]
			: [
					{
						resource: studyResource(A, {
							contained: [endpoint('e', `${server.base}/wado/`, true)],
							endpoint: [{ reference: '#e' }],
							series: [
								{
									uid: A.series[0]!.uid,
									numberOfInstances: 3,
									instance: [1, 2, 3].map((i) => ({ uid: `${A.series[0]!.uid}.${i}` }))
								}
							]
						})
					}
				];
		return json(200, {
			resourceType: 'Bundle',
			type: 'searchset',
			link: page2
				? []
				: [{ relation: 'next', url: `${server.base}/fhir/ImagingStudy?patient=alice&page=2` }],
			entry
		});
	}
	const series = /^\/wado\/studies\/([^/]+)(?:\/series\/([^/]+)(?:\/instances\/([^/]+))?)?$/.exec(
		url.pathname
	);
	if (series) {
		const study = [A, C].find((s) => s.studyUID === series[1]);
		if (!study) return res.writeHead(404).end();
		const all = files(study);
		const parts = series[3]
			? all.filter((_, i) => `${study.series[0]!.uid}.${i + 1}` === series[3])
			: all;
		return res
			.writeHead(200, {
				'Content-Type': 'multipart/related; type="application/dicom"; boundary=BND'
			})
			.end(multipart(parts));
	}
	if (/^\/wado\/studies\/[^/]+\/metadata$/.test(url.pathname)) return res.writeHead(404).end();
	return res.writeHead(404).end();
}

const http = createServer((req, res) => {
	let body = '';
	req.on('data', (c: Buffer) => (body += c.toString()));
	req.on('end', () => handle(req, res, body));
});

function connection(
	overrides: { expiresAt?: string | null; token?: string; refresh?: string } = {}
) {
	const n = ++server.issued;
	server.access.add(`access-${n}`);
	server.refresh.add(`refresh-${n}`);
	const c: ProviderConnection = {
		id: 'smart-1',
		name: '127.0.0.1',
		dicomWebUrl: `${server.base}/fhir`,
		token: overrides.token ?? `access-${n}`,
		connectedAt: '2026-12-07T00:00:00.000Z',
		smart: {
			fhirBase: `${server.base}/fhir`,
			imagingFhirBase: `${server.base}/fhir`,
			issuer: null,
			authorizationEndpoint: `${server.base}/auth`,
			tokenEndpoint: `${server.base}/token`,
			clientId: 'radfolio',
			patient: 'alice',
			patientName: 'Alice Demo',
			patientIdentifiers: [ALICE.PatientID],
			patientNames: ['demo alice'],
			expiresAt:
				overrides.expiresAt === undefined
					? new Date(Date.now() + 600_000).toISOString()
					: overrides.expiresAt,
			refreshToken: overrides.refresh ?? `refresh-${n}`,
			scope: 'patient/ImagingStudy.rs offline_access',
			heldBack: []
		}
	};
	return c;
}

let vault: Vault;
async function run(c: ProviderConnection) {
	await vault.saveProviders([c]);
	return syncSmartProvider({ vault, connection: c });
}
const storedStudies = async () =>
	(await vault.studies.listStudies()).filter((s) => s.complete).length;

/** Another origin a listing may name: it counts what reaches it, and answers like an archive would. */
const elsewhere = createServer((req, res) => {
	foreign.requests++;
	if (req.headers.authorization) foreign.tokens++;
	res
		.writeHead(200, {
			'Content-Type': 'multipart/related; type="application/dicom"; boundary=BND'
		})
		.end(multipart(files(D)));
});

beforeAll(async () => {
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	server.base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
	foreign.base = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise<void>((r) => http.close(() => r()));
	await new Promise<void>((r) => elsewhere.close(() => r()));
});
beforeEach(async () => {
	vault = await newTestVault();
	server.requests = [];
	server.tokenLeaks = 0;
});

describe('SMART sync (ImagingStudy + WADO-RS through the engine)', () => {
	it('follows next, retrieves each study from its own endpoint, holds another patient’s study back', async () => {
		const result = await run(connection());
		expect(result.error).toBeNull();
		expect(result.stored).toBe(3 + 2);
		expect(await storedStudies()).toBe(2);
		// A by series (its instances listed in FHIR), B whole (no metadata at the capability endpoint).
		expect(server.requests).toContain(`GET /wado/studies/${A.studyUID}/series/${A.series[0]!.uid}`);
		expect(server.requests).toContain(`GET /cap/opaque-b/studies/${B.studyUID}`);
		expect(server.tokenLeaks).toBe(0);
		// The look-alike: an ID differing in case, another name: held back, not stored.
		expect(result.otherPatient).toEqual([
			{ studyUid: C.studyUID, patientName: 'DEMO^TWIN', patientId: 'rfdemo-alice' }
		]);
		expect(result.connection.smart!.heldBack.map((h) => h.studyUid)).toEqual([C.studyUID]);
		const instances = await vault.studies.instanceIds();
		expect(instances.has(vault.session.id('instance', `${C.series[0]!.uid}.1`))).toBe(false);

		// Again, with the held-back study remembered: nothing new, nothing asked for twice.
		server.requests = [];
		const again = await run(result.connection);
		expect(again.stored).toBe(0);
		expect(again.error).toBeNull();
		expect(again.incompleteStudies).toBe(0);
		expect(server.requests.filter((r) => r.includes('/studies/'))).toEqual([]);
	});

	it('never sends the token to an endpoint on another origin than the imaging server the EHR named', async () => {
		server.foreignStudy = true;
		try {
			const result = await run(connection());
			expect(result.error).toBeNull();
			expect(foreign.tokens).toBe(0);
			expect(foreign.requests).toBe(0);
			const stored = await vault.studies.getStudy(vault.session.id('study', D.studyUID));
			expect(stored?.complete ?? false).toBe(false);
			expect(await storedStudies()).toBe(2);
		} finally {
			server.foreignStudy = false;
		}
	});

	it('renews an access token about to expire before syncing, and seals the rotated tokens at once', async () => {
		const c = connection({ expiresAt: new Date(Date.now() + 5_000).toISOString() });
		const result = await run(c);
		expect(result.error).toBeNull();
		expect(server.requests[0]).toBe('POST /token');
		expect(result.connection.token).not.toBe(c.token);
		const kept = (await vault.providers())[0]!;
		expect(kept.token).toBe(result.connection.token);
		expect(kept.smart!.refreshToken).toBe(result.connection.smart!.refreshToken);
		expect(kept.smart!.refreshToken).not.toBe(c.smart!.refreshToken);
	});

	it('a token refused mid-way (401) is renewed once, and the sync goes on', async () => {
		const c = connection();
		server.access.delete(c.token);
		const result = await run(c);
		expect(result.error).toBeNull();
		expect(result.stored).toBe(5);
		expect(server.requests.filter((r) => r === 'POST /token')).toHaveLength(1);
	});

	it('a grant withdrawn at the provider says Reconnect, and keeps every study already synced', async () => {
		const first = await run(connection());
		expect(await storedStudies()).toBe(2);
		// The provider withdraws the grant: access and refresh tokens stop working.
		server.access.delete(first.connection.token);
		server.refresh.delete(first.connection.smart!.refreshToken!);
		const ended = await run(first.connection);
		expect(ended.error).toMatchObject({ code: 'grant-ended', kind: 'unauthorized' });
		const outcome = syncOutcome(ended);
		expect(outcome.code).toBe('revoked');
		expect(syncOutcomeText(outcome)).toContain('Reconnect');
		expect(await storedStudies()).toBe(2);
	});

	it('an expired grant without a refresh token ends without asking the provider', async () => {
		const c = connection({ expiresAt: new Date(Date.now() - 1000).toISOString() });
		c.smart!.refreshToken = null;
		const result = await run(c);
		expect(result.error).toMatchObject({ code: 'grant-ended' });
		expect(server.requests).toEqual([]);
	});
});
