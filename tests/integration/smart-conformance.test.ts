import { describe, expect, it } from 'vitest';
import { smartConfiguration } from '../../scripts/ehr/fhir.js';
import {
	ENDPOINT_ID,
	byDateDescending,
	imagingStudy,
	parseStudySearch,
	searchsetBundle
} from '../../src/lib/server/gateway/smart-fhir';
import {
	imagingCapabilityStatement,
	imagingSmartConfiguration,
	type FhirServer
} from '../../src/lib/server/gateway/smart-handlers';
import type { SmartTokens } from '../../src/lib/server/gateway/smart-tokens';

/**
 * The discovery documents, ImagingStudy, Endpoint and Bundle shapes against SMART App Launch 2.x and the SMART
 * Imaging Access IG 0.1.0 profiles (smart-imaging-study, smart-wado-endpoint, requires-access-token), rule by
 * rule as a table: each row names the rule it checks.
 */
const IG = 'http://fhir.org/argonaut/smart-imaging';
const ISSUER = 'https://ehr.example';
const EHR_FHIR = `${ISSUER}/fhir`;
const FHIR = 'https://imaging.example/api/gateway/fhir';
const DICOMWEB = 'https://imaging.example/api/gateway/dicom-web';
const UID = '1.2.826.0.1.3680043.10.1337.5.501';

type Json = Record<string, unknown>;
const at = (value: unknown, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

/** A QIDO-RS study as Orthanc answers it (DICOM JSON). */
const QIDO_STUDY = {
	'0020000D': { vr: 'UI', Value: [UID] },
	'00080020': { vr: 'DA', Value: ['20250302'] },
	'00080030': { vr: 'TM', Value: ['101112'] },
	'00080050': { vr: 'SH', Value: ['ACC-1'] },
	'00080061': { vr: 'CS', Value: ['CT', 'SR'] },
	'00081030': { vr: 'LO', Value: ['CT chest'] },
	'00100020': { vr: 'LO', Value: ['RFDEMO-ALICE'] },
	'00201206': { vr: 'IS', Value: [3] },
	'00201208': { vr: 'IS', Value: ['8'] }
};

describe('the EHR’s .well-known/smart-configuration (SMART App Launch 2.x, Imaging Access "Discovery")', () => {
	const config = smartConfiguration({ issuer: ISSUER, imagingFhirBase: FHIR }) as Json;
	it.each<[string, (c: Json) => unknown, unknown]>([
		[
			'authorization_endpoint is an absolute URL',
			(c) => /^https?:\/\//.test(String(c.authorization_endpoint)),
			true
		],
		[
			'token_endpoint is an absolute URL',
			(c) => /^https?:\/\//.test(String(c.token_endpoint)),
			true
		],
		[
			'introspection_endpoint is given (imaging servers validate with it)',
			(c) => typeof c.introspection_endpoint,
			'string'
		],
		['revocation_endpoint is given', (c) => typeof c.revocation_endpoint, 'string'],
		['PKCE S256 only', (c) => c.code_challenge_methods_supported, ['S256']],
		[
			'authorization_code is a grant type (App Launch support)',
			(c) => (c.grant_types_supported as string[]).includes('authorization_code'),
			true
		],
		[
			'issuer and jwks_uri for sso-openid-connect',
			(c) => [c.issuer, typeof c.jwks_uri],
			[ISSUER, 'string']
		],
		...(
			[
				'launch-standalone',
				'launch-ehr',
				'client-public',
				'context-standalone-patient',
				'context-ehr-patient',
				'permission-offline',
				'permission-patient',
				'permission-v2',
				'sso-openid-connect'
			] as const
		).map((cap): [string, (c: Json) => unknown, unknown] => [
			`capability ${cap}`,
			(c) => (c.capabilities as string[]).includes(cap),
			true
		]),
		[
			'smart-imaging-access is not claimed at the top level (the EHR does not serve ImagingStudy)',
			(c) => (c.capabilities as string[]).includes('smart-imaging-access'),
			false
		],
		[
			'associated_endpoints names the imaging FHIR base',
			(c) => (c.associated_endpoints as Json[]).map((e) => e.url),
			[FHIR]
		],
		[
			'with smart-imaging-access',
			(c) =>
				((c.associated_endpoints as Json[])[0]!.capabilities as string[]).includes(
					'smart-imaging-access'
				),
			true
		],
		[
			'and the App Launch mode capability',
			(c) =>
				((c.associated_endpoints as Json[])[0]!.capabilities as string[]).includes(
					`${IG}/capabilities/app-launch`
				),
			true
		],
		[
			'scopes_supported lists patient/ImagingStudy.rs',
			(c) => (c.scopes_supported as string[]).includes('patient/ImagingStudy.rs'),
			true
		]
	])('%s', (_rule, read, expected) => {
		expect(read(config)).toEqual(expected);
	});
});

describe('the imaging FHIR base’s own smart-configuration and CapabilityStatement', () => {
	const ehr = smartConfiguration({ issuer: ISSUER, imagingFhirBase: FHIR }) as Json;
	const server: FhirServer = {
		gateway: {} as FhirServer['gateway'],
		smart: { ehrConfiguration: async () => ehr } as unknown as SmartTokens,
		fhirBase: FHIR,
		dicomWebBase: DICOMWEB
	};
	it('points at the EHR’s endpoints and claims smart-imaging-access at the top level', async () => {
		const response = await imagingSmartConfiguration(server);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		const own = (await response.json()) as Json;
		for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri']) {
			expect(own[key], key).toBe(ehr[key]);
		}
		expect(own.code_challenge_methods_supported).toEqual(['S256']);
		expect(own.capabilities).toEqual(
			expect.arrayContaining([
				'smart-imaging-access',
				`${IG}/capabilities/app-launch`,
				'launch-standalone'
			])
		);
		// Introspection is between the imaging server and the EHR: not advertised to apps here.
		expect(own.introspection_endpoint).toBeUndefined();
	});
	it('answers 404 without SMART', async () => {
		expect((await imagingSmartConfiguration({ ...server, smart: null })).status).toBe(404);
	});
	it('a CapabilityStatement that instantiates the IG’s server statement and lists ImagingStudy search', async () => {
		const statement = (await imagingCapabilityStatement(server).json()) as Json;
		expect(statement.instantiates).toEqual([`${IG}/CapabilityStatement/smart-imaging-server`]);
		const resource = (at(statement, 'rest') as Json[])[0]!.resource as Json[];
		expect(resource[0]!.type).toBe('ImagingStudy');
		expect((resource[0]!.searchParam as Json[]).map((p) => p.name)).toEqual([
			'patient',
			'identifier',
			'_lastUpdated'
		]);
		expect(resource[0]!.searchInclude).toEqual(['ImagingStudy:endpoint']);
	});
});

describe('a SMART ImagingStudy and its SMART WADO-RS Endpoint (IG profiles)', () => {
	const study = imagingStudy(QIDO_STUDY, 'pt-alice', DICOMWEB) as Json;
	const contained = (study.contained as Json[]) ?? [];
	const endpoint = contained.find(
		(r) => `#${String(r.id)}` === at(study, 'endpoint.0.reference')
	) as Json;
	const rows: [string, () => unknown, unknown][] = [
		[
			'meta.profile claims smart-imaging-study',
			() => at(study, 'meta.profile'),
			[`${IG}/StructureDefinition/smart-imaging-study`]
		],
		[
			'id is the Study Instance UID (a valid FHIR id)',
			() => /^[A-Za-z0-9\-.]{1,64}$/.test(String(study.id)) && study.id === UID,
			true
		],
		[
			'identifier[dicomUid].system = urn:dicom:uid (exactly)',
			() => at(study, 'identifier.0.system'),
			'urn:dicom:uid'
		],
		[
			'identifier[dicomUid].value = urn:oid:<UID>',
			() => at(study, 'identifier.0.value'),
			`urn:oid:${UID}`
		],
		[
			'exactly one dicomUid identifier (slice 1..1)',
			() => (study.identifier as Json[]).filter((i) => i.system === 'urn:dicom:uid').length,
			1
		],
		['the accession number as an ACSN identifier', () => at(study, 'identifier.1.value'), 'ACC-1'],
		['status (must support)', () => study.status, 'available'],
		[
			'subject only Reference(Patient): the token’s patient',
			() => at(study, 'subject.reference'),
			'Patient/pt-alice'
		],
		[
			'modality 1..*, DICOM codes',
			() => (study.modality as Json[]).map((m) => `${String(m.system)}#${String(m.code)}`),
			[
				'http://dicom.nema.org/resources/ontology/DCM#CT',
				'http://dicom.nema.org/resources/ontology/DCM#SR'
			]
		],
		['started is a FHIR date (DICOM gives no time zone)', () => study.started, '2025-03-02'],
		['numberOfSeries from IS as a number', () => study.numberOfSeries, 3],
		['numberOfInstances from an IS string', () => study.numberOfInstances, 8],
		['description', () => study.description, 'CT chest'],
		['endpoint 1..*, resolving to a contained Endpoint', () => endpoint?.resourceType, 'Endpoint'],
		[
			'the Endpoint claims smart-wado-endpoint',
			() => at(endpoint, 'meta.profile'),
			[`${IG}/StructureDefinition/smart-wado-endpoint`]
		],
		[
			'connectionType = endpoint-connection-type#dicom-wado-rs',
			() => [at(endpoint, 'connectionType.system'), at(endpoint, 'connectionType.code')],
			['http://terminology.hl7.org/CodeSystem/endpoint-connection-type', 'dicom-wado-rs']
		],
		[
			'requires-access-token 1..1, valueBoolean true',
			() =>
				(endpoint.extension as Json[])
					.filter((e) => e.url === `${IG}/StructureDefinition/requires-access-token`)
					.map((e) => e.valueBoolean),
			[true]
		],
		['status active', () => endpoint.status, 'active'],
		[
			'payloadType 1..* (FHIR R4 Endpoint)',
			() => at(endpoint, 'payloadType.0.coding.0.code'),
			'any'
		],
		[
			'address is the gateway’s WADO-RS base (the app appends /studies/<uid>)',
			() => endpoint.address,
			DICOMWEB
		],
		['the contained Endpoint id is the one referenced', () => endpoint.id, ENDPOINT_ID]
	];
	it.each(rows)('%s', (_rule, read, expected) => {
		expect(read()).toEqual(expected);
	});

	it.each<[string, Record<string, unknown>, unknown]>([
		[
			'no modality listed: "OT" keeps modality 1..*',
			{ ...QIDO_STUDY, '00080061': { vr: 'CS' } },
			['OT']
		],
		[
			'a malformed modality is dropped',
			{ ...QIDO_STUDY, '00080061': { vr: 'CS', Value: ['CT', '<x>'] } },
			['CT']
		]
	])('%s', (_rule, item, expected) => {
		const s = imagingStudy(item as typeof QIDO_STUDY, 'p', DICOMWEB) as Json;
		expect((s.modality as Json[]).map((m) => m.code)).toEqual(expected);
	});

	it('a study without a usable Study Instance UID is left out, not invented', () => {
		expect(
			imagingStudy({ ...QIDO_STUDY, '0020000D': { vr: 'UI', Value: ['1.02.x'] } }, 'p', DICOMWEB)
		).toBeNull();
	});
});

describe('the searchset Bundle', () => {
	const studies = [1, 2, 3].map((n) =>
		imagingStudy(
			{ ...QIDO_STUDY, '0020000D': { vr: 'UI', Value: [`${UID}.${n}`] } },
			'pt-alice',
			DICOMWEB
		)!
	);
	const bundle = (query: string) =>
		searchsetBundle({
			fhirBase: FHIR,
			search: parseStudySearch(new URLSearchParams(query)),
			fhirPatient: 'pt-alice',
			studies
		}) as Json;
	it.each<[string, () => unknown, unknown]>([
		['type searchset', () => bundle('patient=pt-alice').type, 'searchset'],
		['total counts every match, not the page', () => bundle('patient=pt-alice&_count=2').total, 3],
		[
			'entries are matches',
			() => (bundle('').entry as Json[]).map((e) => at(e, 'search.mode')),
			['match', 'match', 'match']
		],
		[
			'fullUrl is absolute and names the ImagingStudy',
			() => at(bundle(''), 'entry.0.fullUrl'),
			`${FHIR}/ImagingStudy/${UID}.1`
		],
		[
			'a next link while more remain',
			() => (bundle('_count=2').link as Json[]).map((l) => l.relation),
			['self', 'next']
		],
		[
			'the next link continues where the page ended',
			() =>
				new URL(String((bundle('_count=2').link as Json[])[1]!.url)).searchParams.get('_offset'),
			'2'
		],
		[
			'the last page has previous, no next',
			() => (bundle('_count=2&_offset=2').link as Json[]).map((l) => l.relation),
			['self', 'previous']
		],
		[
			'_count=0 answers the total alone',
			() => [bundle('_count=0').total, (bundle('_count=0').entry as Json[]).length],
			[3, 0]
		]
	])('%s', (_rule, read, expected) => {
		expect(read()).toEqual(expected);
	});
});

describe('the order pages are cut in', () => {
	it('is newest first, then by UID, and stable', () => {
		const item = (uid: string, date?: string) => ({
			'0020000D': { vr: 'UI', Value: [uid] },
			...(date ? { '00080020': { vr: 'DA', Value: [date] } } : {})
		});
		const items = [
			item('1.3', '20240610'),
			item('1.2', '20250302'),
			item('1.1'),
			item('1.0', '20250302')
		];
		expect(items.sort(byDateDescending).map((i) => i['0020000D'].Value[0])).toEqual([
			'1.0',
			'1.2',
			'1.3',
			'1.1'
		]);
	});
});

describe('ImagingStudy search parameters', () => {
	it.each<[string, string, Partial<ReturnType<typeof parseStudySearch>> | 'error']>([
		['a plain patient id', 'patient=pt-alice', { patients: ['pt-alice'] }],
		['a Patient/ reference', 'patient=Patient/pt-alice', { patients: ['pt-alice'] }],
		['an absolute reference', `patient=${EHR_FHIR}/Patient/pt-alice`, { patients: ['pt-alice'] }],
		['subject too', 'patient=a&subject=Patient/b', { patients: ['a', 'b'] }],
		['no patient: the token’s', '', { patients: [] }],
		['a repeated patient is refused', 'patient=a&patient=b', 'error'],
		['a patient that is not an id', 'patient=a b', 'error'],
		['a Group reference is not a patient', 'patient=Group/x', 'error'],
		['identifier urn:oid:', `identifier=urn:oid:${UID}`, { studyUid: UID, matchesNothing: false }],
		['identifier with its system', `identifier=urn:dicom:uid|urn:oid:${UID}`, { studyUid: UID }],
		[
			'an identifier of another system matches nothing',
			'identifier=http://acc.example|123',
			{ studyUid: null, matchesNothing: true }
		],
		[
			'a malformed UID matches nothing (never reaches the archive)',
			'identifier=urn:oid:1.2.*',
			{ studyUid: null, matchesNothing: true }
		],
		['_count and _offset', '_count=10&_offset=20', { count: 10, offset: 20 }],
		['_count over 1000', '_count=1001', 'error'],
		['a negative _offset', '_offset=-1', 'error'],
		[
			'_lastUpdated with a prefix is accepted',
			'_lastUpdated=gt2023-04-17T04:00:00Z',
			{ count: 50 }
		],
		['a malformed _lastUpdated', '_lastUpdated=yesterday', 'error'],
		['_include=ImagingStudy:endpoint is accepted', '_include=ImagingStudy:endpoint', { count: 50 }],
		[
			'unknown parameters are ignored (FHIR lenient)',
			'PatientID=RFDEMO-BOB',
			{ patients: [], studyUid: null }
		]
	])('%s', (_name, query, expected) => {
		if (expected === 'error') expect(() => parseStudySearch(new URLSearchParams(query))).toThrow();
		else expect(parseStudySearch(new URLSearchParams(query))).toMatchObject(expected);
	});
});
