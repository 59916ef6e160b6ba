import { describe, expect, it } from 'vitest';
import { GatewayRequestError, buildArchiveQuery, isUid, parseGatewayPath } from './requests';

const S = '1.2.826.0.1.3680043.10.1337.501';
const SE = `${S}.1`;
const I = `${SE}.1`;
const path = (p: string) => p.split('/');

describe('parseGatewayPath', () => {
	it.each([
		['studies', { kind: 'qido', level: 'studies' }],
		[`studies/${S}/series`, { kind: 'qido', level: 'series', study: S }],
		[
			`studies/${S}/series/${SE}/instances`,
			{ kind: 'qido', level: 'instances', study: S, series: SE }
		],
		[`studies/${S}`, { kind: 'wado', level: 'study', metadata: false, study: S }],
		[`studies/${S}/metadata`, { kind: 'wado', level: 'study', metadata: true, study: S }],
		[
			`studies/${S}/series/${SE}`,
			{ kind: 'wado', level: 'series', metadata: false, study: S, series: SE }
		],
		[
			`studies/${S}/series/${SE}/metadata`,
			{ kind: 'wado', level: 'series', metadata: true, study: S, series: SE }
		],
		[
			`studies/${S}/series/${SE}/instances/${I}`,
			{ kind: 'wado', level: 'instance', metadata: false, study: S, series: SE, instance: I }
		],
		[
			`studies/${S}/series/${SE}/instances/${I}/metadata`,
			{ kind: 'wado', level: 'instance', metadata: true, study: S, series: SE, instance: I }
		],
		[
			`studies/${S}/series/${SE}/instances/${I}/bulk/7fe00010`,
			{
				kind: 'wado',
				level: 'instance',
				metadata: false,
				study: S,
				series: SE,
				instance: I,
				bulk: ['7fe00010']
			}
		]
	])('knows %s', (p, expected) => expect(parseGatewayPath(path(p), 'GET')).toEqual(expected));

	it.each([
		['a native Orthanc route', 'patients'],
		['the Orthanc tools', 'tools/find'],
		['WADO-URI', 'wado'],
		['series-rooted QIDO', 'series'],
		['instance-rooted QIDO', 'instances'],
		['frames', `studies/${S}/series/${SE}/instances/${I}/frames/1`],
		['rendered', `studies/${S}/rendered`],
		['bulk data with a bad tag', `studies/${S}/series/${SE}/instances/${I}/bulk/pixels`],
		['bulk data of nothing', `studies/${S}/series/${SE}/instances/${I}/bulk`],
		['bulk data of a series', `studies/${S}/series/${SE}/bulk/7fe00010`],
		['path traversal', `studies/${S}/../../patients`],
		['an encoded slash', `studies/${S}%2F..%2Fpatients`],
		['a wildcard UID', 'studies/*'],
		['a UID with letters', 'studies/1.2.abc'],
		['a UID with a leading zero', 'studies/1.02.3'],
		['a 65-character UID', `studies/${'1.'.repeat(32)}1`],
		['an empty segment', `studies//series`],
		['a trailing segment', `studies/${S}/series/${SE}/instances/${I}/metadata/x`]
	])('refuses %s', (_name, p) => {
		expect(() => parseGatewayPath(path(p), 'GET')).toThrow(GatewayRequestError);
	});

	it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])('refuses %s with 405', (method) => {
		expect(() => parseGatewayPath(path('studies'), method)).toThrow(
			expect.objectContaining({ status: 405 })
		);
	});
});

describe('buildArchiveQuery', () => {
	const build = (q: string) => buildArchiveQuery(new URLSearchParams(q), 'RFDEMO-ALICE').toString();

	it('keeps allowed keys and forces PatientID exactly, last', () => {
		expect(
			build('StudyDate=20240101-20241231&ModalitiesInStudy=CT&limit=50&offset=0&includefield=all')
		).toBe(
			'StudyDate=20240101-20241231&ModalitiesInStudy=CT&limit=50&offset=0&includefield=all&PatientID=RFDEMO-ALICE'
		);
		expect(build('')).toBe('PatientID=RFDEMO-ALICE');
	});

	it.each([
		['another PatientID', 'PatientID=RFDEMO-BOB'],
		['a lower-case patientid', 'patientid=RFDEMO-BOB'],
		['a tag-number key', '00100020=RFDEMO-BOB'],
		['PatientName', 'PatientName=DEMO*'],
		['a wildcard', 'StudyInstanceUID=1.2.*'],
		['a single-character wildcard', 'ModalitiesInStudy=C?'],
		['a list', 'ModalitiesInStudy=CT,MR'],
		['a backslash list', 'ModalitiesInStudy=CT\\MR'],
		['a repeated key', 'limit=1&limit=2'],
		['an empty value', 'ModalitiesInStudy='],
		['an encoded wildcard', 'StudyInstanceUID=1.2.%2A'],
		['fuzzy matching', 'fuzzymatching=true'],
		['an absurd limit', 'limit=100000'],
		['a malformed date', 'StudyDate=2024'],
		['a prototype key', '__proto__=1']
	])('refuses %s', (_name, q) => {
		expect(() => build(q)).toThrow(expect.objectContaining({ status: 400 }));
	});

	it.each(['', 'RF*', 'A?B', 'A,B', 'A\\B'])(
		'refuses to run for an enrolment PatientID of %j',
		(id) => {
			expect(() => buildArchiveQuery(new URLSearchParams(), id)).toThrow(GatewayRequestError);
		}
	);

	it('recognises UIDs', () => {
		expect(isUid(S)).toBe(true);
		expect(isUid('1.2.0.3')).toBe(true);
		expect(isUid('1..2')).toBe(false);
		expect(isUid('')).toBe(false);
	});
});
