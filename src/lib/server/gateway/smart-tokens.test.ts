import { describe, expect, it } from 'vitest';
import { smartConfigFromEnv } from './smart-config';
import { coversImaging } from './smart-tokens';

describe('coversImaging: which scopes allow ImagingStudy search and read', () => {
	it.each<[string, boolean]>([
		['patient/ImagingStudy.rs', true],
		['patient/ImagingStudy.read', true],
		['patient/*.rs', true],
		['patient/*.read', true],
		['patient/ImagingStudy.cruds', true],
		['patient/ImagingStudy.*', true],
		['patient/ImagingStudy.r', false],
		['patient/ImagingStudy.s', false],
		['patient/ImagingStudy.write', false],
		['patient/Observation.rs', false],
		['user/ImagingStudy.rs', false],
		['system/ImagingStudy.rs', false],
		['patient/ImagingStudy.rs?category=http://x|y', false],
		['launch/patient openid fhirUser offline_access', false]
	])('%s → %s', (scopes, expected) => {
		expect(coversImaging(scopes.split(' '))).toBe(expected);
	});
});

describe('smartConfigFromEnv', () => {
	it('is off without RADFOLIO_SMART_ISSUER', () => {
		expect(smartConfigFromEnv({})).toBeNull();
	});
	it('accepts the issuer’s audience by default, and caches for 30 s', () => {
		expect(
			smartConfigFromEnv({
				RADFOLIO_SMART_ISSUER: 'https://ehr.example/fhir/',
				RADFOLIO_SMART_CLIENT_ID: 'gw',
				RADFOLIO_SMART_CLIENT_SECRET: 's',
				RADFOLIO_SMART_PATIENT_ID_SYSTEM: 'urn:oid:1.2.3'
			})
		).toEqual({
			issuer: 'https://ehr.example/fhir',
			clientId: 'gw',
			clientSecret: 's',
			audiences: ['https://ehr.example/fhir'],
			patientIdSystem: 'urn:oid:1.2.3',
			cacheSeconds: 30
		});
	});
	it('takes audiences, an identifier system and a cache time', () => {
		const config = smartConfigFromEnv({
			RADFOLIO_SMART_ISSUER: 'https://ehr.example/fhir',
			RADFOLIO_SMART_AUDIENCE: 'https://ehr.example/fhir https://imaging.example/api/gateway/fhir',
			RADFOLIO_SMART_PATIENT_ID_SYSTEM: 'urn:oid:1.2.3',
			RADFOLIO_SMART_CACHE_SECONDS: '0'
		})!;
		expect(config.audiences).toHaveLength(2);
		expect(config.patientIdSystem).toBe('urn:oid:1.2.3');
		expect(config.cacheSeconds).toBe(0);
		expect(config.clientId).toBeNull();
	});
	const mrn = { RADFOLIO_SMART_PATIENT_ID_SYSTEM: 'urn:oid:1.2.3' };
	it.each([
		[{ RADFOLIO_SMART_ISSUER: 'ftp://ehr.example', ...mrn }],
		[{ RADFOLIO_SMART_ISSUER: 'not a url', ...mrn }],
		[{ RADFOLIO_SMART_ISSUER: 'https://e.example', RADFOLIO_SMART_CLIENT_ID: 'gw', ...mrn }],
		[{ RADFOLIO_SMART_ISSUER: 'https://e.example', RADFOLIO_SMART_CACHE_SECONDS: 'soon', ...mrn }],
		// No MRN system: guessing "the identifier typed MR" could take another organisation's number.
		[{ RADFOLIO_SMART_ISSUER: 'https://e.example' }]
	])('refuses a malformed setting loudly: %o', (env) => {
		expect(() => smartConfigFromEnv(env)).toThrow();
	});
});
