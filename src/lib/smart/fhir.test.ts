import { describe, expect, it } from 'vitest';
import { REQUIRES_ACCESS_TOKEN, readSearchPage } from './fhir';

const CONN = 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type';
const endpoint = (id: string, address: string, requires: boolean | null, extra = {}) => ({
	resourceType: 'Endpoint',
	id,
	...(requires === null
		? {}
		: { extension: [{ url: REQUIRES_ACCESS_TOKEN, valueBoolean: requires }] }),
	status: 'active',
	connectionType: { system: CONN, code: 'dicom-wado-rs' },
	payloadType: [{ text: 'DICOM' }],
	address,
	...extra
});
const study = (n: number, extra: Record<string, unknown> = {}) => ({
	resourceType: 'ImagingStudy',
	id: `s${n}`,
	identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:1.2.840.99999999.${n}` }],
	status: 'available',
	subject: { reference: 'Patient/patient-example' },
	started: '2023-02-24T14:02:49Z',
	numberOfInstances: 3,
	...extra
});

/** The IG's example search response: one study with a contained Endpoint, one with an included one. */
const igBundle = {
	resourceType: 'Bundle',
	type: 'searchset',
	total: 2,
	link: [
		{
			relation: 'self',
			url: 'https://imaging.example.org/fhir/ImagingStudy?patient=patient-example'
		},
		{
			relation: 'next',
			url: 'https://imaging.example.org/fhir/ImagingStudy?patient=patient-example&page=2'
		}
	],
	entry: [
		{
			fullUrl: 'https://imaging.example.org/fhir/ImagingStudy/s1',
			resource: study(1, {
				contained: [endpoint('e', 'https://imaging.example.org/wado-rs/', true)],
				endpoint: [{ reference: '#e' }],
				series: [
					{
						uid: '1.2.840.99999999.1.1',
						numberOfInstances: 3,
						instance: [1, 2, 3].map((i) => ({ uid: `1.2.840.99999999.1.1.${i}` }))
					}
				]
			}),
			search: { mode: 'match' }
		},
		{
			fullUrl: 'https://imaging.example.org/fhir/ImagingStudy/s2',
			resource: study(2, {
				started: '2023-05-11',
				numberOfInstances: 1,
				endpoint: [{ reference: 'Endpoint/wado-endpoint-example' }]
			}),
			search: { mode: 'match' }
		},
		{
			fullUrl: 'https://imaging.example.org/fhir/Endpoint/wado-endpoint-example',
			resource: endpoint('wado-endpoint-example', 'https://pacs.example.org/dicom-web', true),
			search: { mode: 'include' }
		}
	]
};

describe('ImagingStudy search pages (IG "Finding studies")', () => {
	it('reads the IG example: UIDs, dates, counts, contained and included endpoints, series contents, next', () => {
		const page = readSearchPage(igBundle, 'patient-example');
		expect(page.studies).toEqual([
			{
				uid: '1.2.840.99999999.1',
				date: '20230224',
				instanceCount: 3,
				endpoint: { address: 'https://imaging.example.org/wado-rs', requiresToken: true },
				contents: [
					{
						series: '1.2.840.99999999.1.1',
						instances: [
							'1.2.840.99999999.1.1.1',
							'1.2.840.99999999.1.1.2',
							'1.2.840.99999999.1.1.3'
						]
					}
				]
			},
			{
				uid: '1.2.840.99999999.2',
				date: '20230511',
				instanceCount: 1,
				endpoint: { address: 'https://pacs.example.org/dicom-web', requiresToken: true },
				contents: null
			}
		]);
		expect(page.next).toBe(
			'https://imaging.example.org/fhir/ImagingStudy?patient=patient-example&page=2'
		);
		expect(page.passedOver).toEqual([]);
	});

	it.each([
		[
			'a bearer-capability endpoint: no token',
			[endpoint('e', 'https://imaging.example.org/cap/opaque', false)],
			{ address: 'https://imaging.example.org/cap/opaque', requiresToken: false }
		],
		[
			'no requires-access-token flag: no token',
			[endpoint('e', 'https://imaging.example.org/wado-rs', null)],
			{ address: 'https://imaging.example.org/wado-rs', requiresToken: false }
		],
		[
			'QIDO first, then WADO-RS: the WADO-RS one',
			[
				{
					...endpoint('q', 'https://pacs.example.org/qido', true),
					connectionType: { system: CONN, code: 'dicom-qido-rs' }
				},
				endpoint('e', 'https://pacs.example.org/wado', true)
			],
			{ address: 'https://pacs.example.org/wado', requiresToken: true }
		],
		[
			'an inactive endpoint is skipped',
			[
				endpoint('o', 'https://old.example.org/wado', true, { status: 'off' }),
				endpoint('e', 'https://new.example.org/wado', true)
			],
			{ address: 'https://new.example.org/wado', requiresToken: true }
		],
		[
			'an endpoint in clear over the network is never used',
			[endpoint('e', 'http://pacs.example.org/wado', true)],
			null
		]
	])('endpoint choice: %s', (_name, contained, expected) => {
		const resource = study(5, {
			contained,
			endpoint: contained.map((c) => ({ reference: `#${c.id}` }))
		});
		const page = readSearchPage(
			{ resourceType: 'Bundle', entry: [{ resource }] },
			'patient-example'
		);
		expect(page.studies[0]!.endpoint).toEqual(expected);
		expect(page.passedOver).toEqual(expected ? [] : [{ id: 's5', reason: 'no-endpoint' }]);
	});

	it('passes over a study of another subject and one without a DICOM UID', () => {
		const page = readSearchPage(
			{
				resourceType: 'Bundle',
				entry: [
					{ resource: study(6, { subject: { reference: 'Patient/someone-else' } }) },
					{
						resource: study(7, {
							identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' }]
						})
					},
					{
						resource: study(8, {
							subject: { reference: 'https://ehr.example.org/fhir/Patient/patient-example' }
						})
					}
				]
			},
			'patient-example'
		);
		expect(page.studies.map((s) => s.uid)).toEqual(['1.2.840.99999999.8']);
		expect(page.passedOver).toEqual([
			{ id: 's6', reason: 'other-subject' },
			{ id: 's7', reason: 'no-uid' },
			{ id: 's8', reason: 'no-endpoint' }
		]);
	});

	it('does not trust series contents that leave instances out', () => {
		const resource = study(9, {
			numberOfInstances: 4,
			series: [{ uid: '1.2.9.1', numberOfInstances: 3, instance: [{ uid: '1.2.9.1.1' }] }]
		});
		const page = readSearchPage(
			{ resourceType: 'Bundle', entry: [{ resource }] },
			'patient-example'
		);
		expect(page.studies[0]!.contents).toBeNull();
	});

	it('refuses what is not a Bundle', () => {
		expect(() => readSearchPage({ resourceType: 'OperationOutcome' }, 'p')).toThrow(TypeError);
	});
});
