import { describe, expect, it } from 'vitest';
import {
	ISSUER,
	activeClaims,
	fakeEhr,
	patient,
	smartConfig
} from '../../../../tests/fixtures/smart-fake-ehr';
import { smartConfigFromEnv } from './smart-config';
import { SmartTokens } from './smart-tokens';

const TOKEN = 'T'.repeat(43);
const patients = {
	'pt-alice': patient('pt-alice', 'ALICE-1'),
	'pt-bob': patient('pt-bob', 'BOB-1')
};

/** SmartTokens.check against one introspection answer (cache off: every answer is the EHR's). */
async function checkWith(claims: Record<string, unknown> | null) {
	const ehr = fakeEhr({ introspection: () => claims, patients });
	const tokens = new SmartTokens(smartConfig({ cacheSeconds: 0 }), ehr.fetcher);
	return { result: await tokens.check(TOKEN), ehr };
}

describe('SmartTokens: what an introspection answer must say (RFC 7662)', () => {
	it('accepts an active token for its patient', async () => {
		const { result } = await checkWith(activeClaims());
		expect(result).toMatchObject({ ok: true, grant: { patientId: 'ALICE-1' } });
	});

	// RFC 7662 2.2: `active` is REQUIRED, a boolean; anything but `true` is not an active token.
	it.each<[string, Record<string, unknown>]>([
		['active missing', (({ active: _, ...rest }) => rest)(activeClaims())],
		['active "true" (a string)', { ...activeClaims(), active: 'true' }],
		['active 1', { ...activeClaims(), active: 1 }],
		['active null', { ...activeClaims(), active: null }]
	])('refuses an answer with %s', async (_name, claims) => {
		const { result } = await checkWith(claims);
		expect(result).toEqual({ ok: false, status: 401, code: 'invalid-token' });
	});

	it.each<[string, unknown]>([
		['no aud', undefined],
		['an empty aud array', []],
		['another audience', 'https://other.example/fhir'],
		['a prefix of the audience', 'https://ehr.example/fh'],
		['the audience with a trailing slash', `${ISSUER}/`],
		['an array of other audiences', ['https://other.example', 'x']],
		['an aud object', { 0: ISSUER }]
	])('refuses %s', async (_name, aud) => {
		const { result } = await checkWith({ ...activeClaims(), aud });
		expect(result).toMatchObject({ ok: false, status: 401 });
	});

	it('accepts an aud array that holds the audience among others (RFC 7519 4.1.3)', async () => {
		const { result } = await checkWith({ ...activeClaims(), aud: ['https://x.example', ISSUER] });
		expect(result.ok).toBe(true);
	});

	it('refuses a token another issuer minted (introspection iss not the EHR’s)', async () => {
		const { result } = await checkWith({ ...activeClaims(), iss: 'https://evil.example' });
		expect(result).toMatchObject({ ok: false, status: 401 });
	});

	it.each([
		['..', 'a parent directory'],
		['.', 'the current directory']
	])('never asks for a Patient at %j (%s) of the issuer', async (id) => {
		const { result, ehr } = await checkWith({ ...activeClaims(), patient: id });
		expect(result.ok).toBe(false);
		const patientReads = ehr.asked.filter((u) => !/introspect|well-known/.test(u));
		for (const url of patientReads) expect(url.startsWith(`${ISSUER}/Patient/`)).toBe(true);
		expect(patientReads.every((u) => u !== `${ISSUER}/Patient/`)).toBe(true);
	});
});

describe('SmartTokens: the EHR is only believed over TLS (or on this machine)', () => {
	it.each([
		['http://ehr.example/fhir', false],
		['http://10.0.0.5/fhir', false],
		['http://127.0.0.1:18090/fhir', true],
		['http://localhost:18090/fhir', true],
		['https://ehr.example/fhir', true]
	])('RADFOLIO_SMART_ISSUER=%s accepted: %s', (issuer, accepted) => {
		const read = () =>
			smartConfigFromEnv({
				RADFOLIO_SMART_ISSUER: issuer,
				RADFOLIO_SMART_PATIENT_ID_SYSTEM: 'urn:oid:1.2.3'
			});
		if (accepted) expect(read()?.issuer).toBe(issuer);
		else expect(read).toThrow(/https/);
	});

	it('sends no secret and no token to an introspection endpoint on plain HTTP, and accepts nothing from it', async () => {
		const ehr = fakeEhr({
			introspection: () => activeClaims(),
			patients,
			introspectionEndpoint: 'http://ehr.example/introspect'
		});
		const tokens = new SmartTokens(smartConfig(), ehr.fetcher);
		expect(await tokens.check(TOKEN)).toMatchObject({ ok: false, status: 401 });
		expect(ehr.asked).not.toContain('http://ehr.example/introspect');
	});
});
