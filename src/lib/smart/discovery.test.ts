import { describe, expect, it } from 'vitest';
import { fhirBaseFrom } from './address';
import { parseSmartConfiguration } from './discovery';
import { SmartError } from './errors';

const FHIR = 'https://clinical.example.org/fhir';
const base = {
	issuer: 'https://auth.example.org',
	authorization_endpoint: 'https://auth.example.org/authorize',
	token_endpoint: 'https://auth.example.org/token',
	grant_types_supported: ['authorization_code'],
	code_challenge_methods_supported: ['S256'],
	capabilities: ['launch-standalone', 'client-public']
};
const APP_LAUNCH = 'http://fhir.org/argonaut/smart-imaging/capabilities/app-launch';
const BACKEND = 'http://fhir.org/argonaut/smart-imaging/capabilities/backend-services';

const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return error instanceof SmartError ? error.code : String(error);
	}
	return 'no error';
};

describe('SMART discovery (IG "Discovery")', () => {
	it.each([
		[
			'the capability at the top level: the FHIR base serves ImagingStudy',
			{ ...base, capabilities: [...base.capabilities, 'smart-imaging-access'] },
			FHIR
		],
		[
			'in associated_endpoints (the IG example)',
			{
				...base,
				associated_endpoints: [
					{ url: 'https://other.example.org/fhir', capabilities: ['something-else'] },
					{
						url: 'https://imaging.example.org/fhir/',
						capabilities: ['smart-imaging-access', APP_LAUNCH]
					}
				]
			},
			'https://imaging.example.org/fhir'
		],
		[
			'0.1.0 form: the capability alone',
			{
				...base,
				associated_endpoints: [
					{ url: 'https://imaging.example.org/fhir', capabilities: ['smart-imaging-access'] }
				]
			},
			'https://imaging.example.org/fhir'
		],
		[
			'a backend-services-only endpoint is passed over for the next',
			{
				...base,
				associated_endpoints: [
					{
						url: 'https://backend.example.org/fhir',
						capabilities: ['smart-imaging-access', BACKEND]
					},
					{
						url: 'https://imaging.example.org/fhir',
						capabilities: ['smart-imaging-access', BACKEND, APP_LAUNCH]
					}
				]
			},
			'https://imaging.example.org/fhir'
		]
	])('%s', (_name, document, imaging) => {
		const config = parseSmartConfiguration(FHIR, document);
		expect(config.imagingFhirBase).toBe(imaging);
		expect(config.fhirBase).toBe(FHIR);
		expect(config.tokenEndpoint).toBe('https://auth.example.org/token');
		expect(config.issuer).toBe('https://auth.example.org');
	});

	it.each([
		['no imaging capability anywhere', base, 'no-imaging'],
		[
			'imaging for backend services only',
			{ ...base, capabilities: ['smart-imaging-access', BACKEND] },
			'no-imaging'
		],
		[
			'PKCE without S256',
			{
				...base,
				capabilities: ['smart-imaging-access'],
				code_challenge_methods_supported: ['plain']
			},
			'not-smart'
		],
		[
			'a token endpoint in clear over the network',
			{
				...base,
				capabilities: ['smart-imaging-access'],
				token_endpoint: 'http://auth.example.org/token'
			},
			'not-smart'
		],
		[
			'an associated endpoint in clear over the network',
			{
				...base,
				associated_endpoints: [
					{ url: 'http://imaging.example.org/fhir', capabilities: ['smart-imaging-access'] }
				]
			},
			'no-imaging'
		],
		['not JSON at all', null, 'not-smart'],
		['an array', [], 'not-smart']
	])('refuses %s', (_name, document, expected) => {
		expect(code(() => parseSmartConfiguration(FHIR, document))).toBe(expected);
	});

	it('takes a FHIR address as typed or pasted, and refuses one a token would cross the network in clear', () => {
		expect(fhirBaseFrom(' https://ehr.example.org/fhir/ ')).toBe('https://ehr.example.org/fhir');
		expect(fhirBaseFrom('https://ehr.example.org/fhir/.well-known/smart-configuration')).toBe(
			'https://ehr.example.org/fhir'
		);
		expect(fhirBaseFrom('http://127.0.0.1:4100/fhir')).toBe('http://127.0.0.1:4100/fhir');
		expect(code(() => fhirBaseFrom('http://ehr.example.org/fhir'))).toBe('bad-address');
		expect(code(() => fhirBaseFrom('https://user:pw@ehr.example.org/fhir'))).toBe('bad-address');
		expect(code(() => fhirBaseFrom('not a url'))).toBe('bad-address');
		expect(code(() => fhirBaseFrom('javascript:alert(1)'))).toBe('bad-address');
	});
});
