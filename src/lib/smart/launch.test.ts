import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmartError } from './errors';
import { beginLaunch, completeLaunch, readPending, scopesFor } from './launch';
import type { SmartConfiguration } from './discovery';

let base = '';
let lastForm = new URLSearchParams();
const http = createServer((req, res) => {
	let body = '';
	req.on('data', (c: Buffer) => (body += c.toString()));
	req.on('end', () => {
		const json = (status: number, value: unknown) =>
			res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
		if (req.url === '/token') {
			lastForm = new URLSearchParams(body);
			return json(200, {
				access_token: 'at-1',
				token_type: 'Bearer',
				expires_in: 300,
				refresh_token: 'rt-1',
				scope: 'launch/patient patient/ImagingStudy.rs patient/Patient.rs offline_access',
				patient: 'alice'
			});
		}
		if (req.url === '/fhir/Patient/alice' && req.headers.authorization === 'Bearer at-1') {
			return json(200, {
				resourceType: 'Patient',
				id: 'alice',
				identifier: [{ value: 'RFDEMO-ALICE' }],
				name: [{ family: 'Demo', given: ['Alice'] }]
			});
		}
		json(404, {});
	});
});
beforeAll(async () => {
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));

const config = (): SmartConfiguration => ({
	fhirBase: `${base}/fhir`,
	imagingFhirBase: `${base}/imaging/fhir`,
	issuer: null,
	authorizationEndpoint: `${base}/auth`,
	tokenEndpoint: `${base}/token`,
	scopesSupported: [
		'launch/patient',
		'patient/ImagingStudy.rs',
		'patient/Patient.rs',
		'offline_access'
	]
});

const refusal = async (promise: Promise<unknown>) =>
	promise.then(
		() => 'no error',
		(error: unknown) => (error instanceof SmartError ? error.code : String(error))
	);

describe('SMART App Launch as a public client', () => {
	it('asks for the IG scopes, PKCE S256, state and aud; EHR launch passes launch', async () => {
		const { pending, url } = await beginLaunch({
			config: config(),
			origin: 'http://127.0.0.1:4190'
		});
		const params = new URL(url).searchParams;
		expect(params.get('response_type')).toBe('code');
		expect(params.get('client_id')).toBe('radfolio');
		expect(params.get('redirect_uri')).toBe('http://127.0.0.1:4190/providers/smart/callback');
		expect(params.get('scope')).toBe(
			'launch/patient patient/ImagingStudy.rs offline_access patient/Patient.rs'
		);
		expect(params.get('aud')).toBe(`${base}/fhir`);
		expect(params.get('state')).toBe(pending.state);
		expect(params.get('code_challenge_method')).toBe('S256');
		expect(params.get('code_challenge')).toBe(
			createHash('sha256').update(pending.verifier).digest('base64url')
		);
		expect(url).not.toContain(pending.verifier);
		const ehr = await beginLaunch({ config: config(), origin: 'https://app', launch: 'xyz' });
		expect(new URL(ehr.url).searchParams.get('launch')).toBe('xyz');
		expect(new URL(ehr.url).searchParams.get('scope')).toMatch(/^launch patient\/ImagingStudy\.rs/);
		// With an issuer named, the ID token (openid fhirUser) is asked for too.
		expect(scopesFor({ ...config(), issuer: base }, false)).toContain('openid fhirUser');
	});

	it('refuses an answer with another state, and says when the patient declined', async () => {
		const { pending } = await beginLaunch({ config: config(), origin: 'https://app' });
		const cb = (query: string) => `https://app/providers/smart/callback?${query}`;
		expect(await refusal(completeLaunch({ pending, callbackUrl: cb('code=c&state=forged') }))).toBe(
			'state-mismatch'
		);
		expect(await refusal(completeLaunch({ pending, callbackUrl: cb('code=c') }))).toBe(
			'state-mismatch'
		);
		expect(
			await refusal(
				completeLaunch({ pending, callbackUrl: cb(`error=access_denied&state=${pending.state}`) })
			)
		).toBe('denied');
	});

	it('exchanges the code with the verifier and keeps the patient context, its name and identifiers', async () => {
		const { pending } = await beginLaunch({ config: config(), origin: 'https://app' });
		const connection = await completeLaunch({
			pending,
			callbackUrl: `https://app/providers/smart/callback?code=the-code&state=${pending.state}`
		});
		expect(lastForm.get('grant_type')).toBe('authorization_code');
		expect(lastForm.get('code')).toBe('the-code');
		expect(lastForm.get('code_verifier')).toBe(pending.verifier);
		expect(lastForm.get('client_id')).toBe('radfolio');
		expect(connection.token).toBe('at-1');
		expect(connection.dicomWebUrl).toBe(`${base}/imaging/fhir`);
		expect(connection.smart).toMatchObject({
			patient: 'alice',
			patientName: 'Alice Demo',
			patientIdentifiers: ['RFDEMO-ALICE'],
			refreshToken: 'rt-1',
			clientId: 'radfolio'
		});
	});

	it('forgets a sign-in that is too old, or not one of ours', async () => {
		const { pending } = await beginLaunch({ config: config(), origin: 'https://app' });
		expect(readPending(pending)).toEqual(pending);
		const later = new Date(Date.parse(pending.startedAt) + 31 * 60_000);
		expect(() => readPending(pending, later)).toThrow(SmartError);
		expect(() => readPending(null)).toThrow(SmartError);
		expect(() => readPending({ v: 2 })).toThrow(SmartError);
	});
});
