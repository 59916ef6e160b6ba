import { describe, expect, it } from 'vitest';
import { readProviderAddress } from './connect';
import { SmartError } from './errors';

describe('a provider address as the patient gives it', () => {
	it('is a FHIR base, or a portal launch link carrying iss (and launch)', () => {
		expect(readProviderAddress(' https://ehr.example.org/fhir/ ')).toEqual({
			fhirBase: 'https://ehr.example.org/fhir',
			launch: null
		});
		const link =
			'https://radfolio.example/providers?iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc';
		expect(readProviderAddress(link)).toEqual({
			fhirBase: 'https://ehr.example.org/fhir',
			launch: 'abc'
		});
		expect(() =>
			readProviderAddress('https://radfolio.example/providers?iss=http%3A%2F%2Fehr.example.org')
		).toThrow(SmartError);
		expect(() => readProviderAddress('XXXX-XXXX-XXXX')).toThrow(SmartError);
	});
});
