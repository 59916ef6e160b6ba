import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEhr } from '../../scripts/ehr.js';
import { authorize, refresh, SMART_SCOPE, smartConfiguration } from '../fixtures/smart-flow';

const APP = 'http://127.0.0.1:5999';
const REDIRECT = `${APP}/providers`;
const IMAGING = `${APP}/api/gateway/fhir`;

/**
 * The test EHR (scripts/ehr.js) as a SMART App Launch authorization server, driven from Node the way the app drives
 * it: discovery, an authorization-code + PKCE flow through its real sign-in and consent forms, patient context,
 * refresh, introspection as the imaging gateway does it, revocation.
 */
describe('the test EHR', () => {
	let ehr: Awaited<ReturnType<typeof startEhr>>;
	beforeAll(async () => {
		ehr = await startEhr({ redirectUris: [REDIRECT], imagingFhirBase: IMAGING });
	});
	afterAll(() => ehr?.stop());

	const introspect = async (token: string) => {
		const { clientId, clientSecret } = ehr.gatewayClient;
		const response = await fetch(`${ehr.issuer}/token/introspection`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
				'Content-Type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ token })
		});
		expect(response.status).toBe(200);
		return (await response.json()) as Record<string, unknown>;
	};
	const alice = (extra: Partial<Parameters<typeof authorize>[0]> = {}) =>
		authorize({
			fhirBase: ehr.fhirBase,
			redirectUri: REDIRECT,
			username: 'alice',
			password: 'alice-demo',
			...extra
		});

	it('publishes a SMART configuration naming the imaging server as an associated endpoint', async () => {
		const config = await smartConfiguration(ehr.fhirBase);
		expect(config.code_challenge_methods_supported).toEqual(['S256']);
		expect(config.associated_endpoints).toEqual([
			{
				url: IMAGING,
				capabilities: expect.arrayContaining(['smart-imaging-access']) as unknown
			}
		]);
		const discovery = await fetch(`${ehr.issuer}/.well-known/openid-configuration`);
		const oidc = (await discovery.json()) as Record<string, unknown>;
		for (const key of ['authorization_endpoint', 'token_endpoint', 'introspection_endpoint']) {
			expect(config[key]).toBe(oidc[key]);
		}
	});

	it('runs a standalone launch: sign-in, consent, code + PKCE, patient context, refresh token', async () => {
		const tokens = await alice();
		expect(tokens.token_type).toBe('Bearer');
		expect(tokens.patient).toBe('pt-alice');
		expect(tokens.refresh_token).toBeTruthy();
		for (const scope of SMART_SCOPE.split(' ')) expect(tokens.scope.split(' ')).toContain(scope);
		const idToken = JSON.parse(
			Buffer.from(tokens.id_token!.split('.')[1]!, 'base64url').toString()
		) as Record<string, unknown>;
		expect(idToken.fhirUser).toBe(`${ehr.fhirBase}/Patient/pt-alice`);

		const patient = await fetch(`${ehr.fhirBase}/Patient/pt-alice`, {
			headers: { Authorization: `Bearer ${tokens.access_token}` }
		});
		expect(patient.status).toBe(200);
		const resource = (await patient.json()) as { identifier: { value: string }[] };
		expect(resource.identifier[0]!.value).toBe('RFDEMO-ALICE');
		const bobs = await fetch(`${ehr.fhirBase}/Patient/pt-bob`, {
			headers: { Authorization: `Bearer ${tokens.access_token}` }
		});
		expect(bobs.status).toBe(404);

		const renewed = await refresh(ehr.fhirBase, tokens.refresh_token!);
		expect(renewed.status).toBe(200);
		expect(renewed.body.patient).toBe('pt-alice');
		expect(renewed.body.access_token).not.toBe(tokens.access_token);
	});

	it('answers introspection with active, scope, patient, exp and the FHIR base as audience', async () => {
		const tokens = await alice();
		const answer = await introspect(tokens.access_token);
		expect(answer).toMatchObject({
			active: true,
			client_id: 'radfolio',
			patient: 'pt-alice',
			aud: ehr.fhirBase
		});
		expect(String(answer.scope).split(' ')).toContain('patient/ImagingStudy.rs');
		expect(answer.exp).toBeGreaterThan(Date.now() / 1000);
		expect(await introspect('not-a-token')).toEqual({ active: false });
	});

	it('refuses a flow without PKCE-capable aud, a wrong password, and a denied consent', async () => {
		await expect(alice({ aud: 'https://elsewhere.example/fhir' })).rejects.toThrow(
			/invalid_request/
		);
		await expect(alice({ password: 'wrong' })).rejects.toThrow(/no form|did not end|EHR answered/);
		await expect(alice({ deny: true })).rejects.toThrow(/access_denied/);
	});

	it('issues a token for another audience only when asked with a resource indicator', async () => {
		const other = await alice({ resource: ehr.otherAudience });
		expect((await introspect(other.access_token)).aud).toBe(ehr.otherAudience);
	});

	it('runs an EHR launch: the launch link opens the app with iss and launch, and binds the patient', async () => {
		const opened = await fetch(ehr.launchUrl('pt-bob'), { redirect: 'manual' });
		expect(opened.status).toBe(302);
		const target = new URL(opened.headers.get('location')!);
		expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
		expect(target.searchParams.get('iss')).toBe(ehr.fhirBase);
		const launch = target.searchParams.get('launch')!;
		const bob = await authorize({
			fhirBase: ehr.fhirBase,
			redirectUri: REDIRECT,
			username: 'bob',
			password: 'bob-demo',
			scope: 'launch openid fhirUser patient/ImagingStudy.rs',
			launch
		});
		expect(bob.patient).toBe('pt-bob');
		// Alice cannot use Bob's launch.
		await expect(alice({ launch, scope: 'launch openid patient/ImagingStudy.rs' })).rejects.toThrow(
			/403/
		);
		await expect(alice({ launch: 'made-up' })).rejects.toThrow(/invalid_request/);
	});

	it('revokes every grant of a patient: tokens inactive, refresh refused', async () => {
		const tokens = await alice();
		expect((await introspect(tokens.access_token)).active).toBe(true);
		expect(ehr.revokeGrants('pt-alice')).toBeGreaterThan(0);
		expect(await introspect(tokens.access_token)).toEqual({ active: false });
		const renewed = await refresh(ehr.fhirBase, tokens.refresh_token!);
		expect(renewed.status).toBe(400);
		expect(renewed.body.error).toBe('invalid_grant');
	});

	it('lets the app’s origin call the token endpoint (CORS), and no other origin', async () => {
		const preflight = (origin: string) =>
			fetch(`${ehr.issuer}/token`, {
				method: 'OPTIONS',
				headers: {
					Origin: origin,
					'Access-Control-Request-Method': 'POST',
					'Access-Control-Request-Headers': 'content-type'
				}
			});
		const own = await preflight(APP);
		expect(own.headers.get('access-control-allow-origin')).toBe(APP);
		const tokens = await alice();
		// The actual request (client-based CORS is decided when the client is known).
		const renewed = await fetch(`${ehr.issuer}/token`, {
			method: 'POST',
			headers: {
				Origin: 'https://evil.example',
				'Content-Type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token!,
				client_id: 'radfolio'
			})
		});
		expect(renewed.headers.get('access-control-allow-origin')).toBeNull();
	});
});
