// A test EHR for SMART Imaging Access (issue 20): a real OAuth 2 / OpenID Connect authorization server (oidc-provider)
// with a patient sign-in and consent page, SMART App Launch discovery, patient context, refresh tokens, token
// introspection and revocation, plus the few FHIR reads an app and an imaging server make. For the e2e suite,
// integration tests and `npm run demo`; it keeps everything in memory and listens on 127.0.0.1 only.
//
// CONTRACT (the app's client code and the gateway are built against it; a change is written here first)
//
//   const ehr = await startEhr({ port?, redirectUris, imagingFhirBase, patients?, accessTokenTtlSeconds?,
//                                accessTokenFormat?: 'opaque' | 'jwt', appUrl?, gatewayClient? })
//   → { issuer, fhirBase, patients, otherAudience, gatewayClient, gatewayEnv(), launchUrl(patientId),
//       revokeGrants(patientId), stop() }
//
//   issuer       http://127.0.0.1:<port>          the OpenID Connect issuer (/.well-known/openid-configuration)
//   fhirBase     <issuer>/fhir                    the SMART `iss`; GET <fhirBase>/.well-known/smart-configuration
//                                                 (CORS *) lists authorization_endpoint <issuer>/auth,
//                                                 token_endpoint <issuer>/token, introspection_endpoint,
//                                                 revocation_endpoint, jwks_uri, code_challenge_methods_supported
//                                                 ["S256"], capabilities, and associated_endpoints:
//                                                 [{ url: imagingFhirBase, capabilities: ["smart-imaging-access",
//                                                 "http://fhir.org/argonaut/smart-imaging/capabilities/app-launch"] }]
//   <fhirBase>/Patient/<id>   the patient's FHIR Patient (name, identifier with type MR and system DEMO_MRN_SYSTEM =
//                             the DICOM PatientID) for a Bearer token of that patient; CORS for the app's origins
//   <fhirBase>/metadata       a CapabilityStatement
//   client       `radfolio`: public (no secret), PKCE S256 required, redirect URIs as given (the app's is
//                <app>/providers/smart/callback, src/lib/smart/launch.ts), grant types
//                authorization_code + refresh_token. Authorization request: response_type=code, client_id,
//                redirect_uri, scope, state, code_challenge(_method=S256), and aud=<fhirBase> (REQUIRED, as SMART
//                says; <imagingFhirBase> is accepted too); launch=<opaque> for an EHR launch.
//   scopes       openid fhirUser profile offline_access launch launch/patient patient/ImagingStudy.rs
//                patient/ImagingStudy.read patient/Patient.rs patient/Patient.read
//   token        the response carries access_token, token_type Bearer, expires_in (accessTokenTtlSeconds, default
//                600), scope, id_token (claims sub and fhirUser = <fhirBase>/Patient/<id>), refresh_token when
//                offline_access was granted (rotated on every use: keep the newest), and `patient` = the FHIR
//                Patient id. CORS on the token and revocation endpoints for the redirect URIs' origins.
//                Access tokens are opaque (default) or JWT (accessTokenFormat 'jwt', RS256, typ at+jwt) with
//                aud = <fhirBase>, and claims patient and fhirUser.
//   introspection  POST <issuer>/token/introspection (RFC 7662) with the gateway's confidential client
//                (client_secret_basic): { active, scope, client_id, exp, iat, sub, aud: <fhirBase>, patient,
//                fhirUser, token_type, iss }.
//   sign-in      GET <issuer>/interaction/<uid>: a form with fields labelled "Username" and "Password" and a button
//                "Sign in"; then consent with buttons "Allow" and "Deny". Demo logins: patients[].username/password
//                (alice / alice-demo, bob / bob-demo, twin / twin-demo).
//   EHR launch   GET launchUrl(patientId) = <issuer>/ehr-launch?patient=<id> answers 302 to
//                <appUrl>/providers?iss=<fhirBase>&launch=<opaque>; appUrl defaults to the first redirect URI's
//                origin. The patient signing in must be the launch's patient.
//   otherAudience  <issuer>/other-api: a second resource server on this EHR (authorize with resource=<it>) whose
//                tokens an imaging server must refuse.
//   revokeGrants(patientId)  withdraws every grant of the patient: its access and refresh tokens stop working at
//                once (introspection says active: false; refresh answers invalid_grant). The gateway reuses an
//                active answer for RADFOLIO_SMART_CACHE_SECONDS (30; set 0 to see a revocation at once).
//   sessions     after a sign-in the EHR's session cookie lasts a day: connecting again in the same browser goes
//                straight to the consent page (offline_access always asks for consent), without "Sign in".
//   gatewayEnv() the environment a Radfolio gateway needs to accept this EHR's tokens (README, "SMART Imaging
//                Access").
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import Provider, { errors } from 'oidc-provider';
import {
	RESOURCE_SCOPES,
	capabilityStatement,
	outcome,
	readPatient,
	smartConfiguration
} from './ehr/fhir.js';
import { consentPage, errorPage, loginPage } from './ehr/pages.js';
import { DEMO_MRN_SYSTEM, DEMO_PATIENTS } from './ehr/patients.js';
import { EhrStore } from './ehr/store.js';

export { DEMO_MRN_SYSTEM, DEMO_PATIENTS };

/** @typedef {import('./ehr/patients.js').EhrPatient} EhrPatient */
/** @typedef {{ status: number, headers: Record<string, string>, body: string }} Answer */

const LAUNCH_TTL_MS = 10 * 60_000;

/**
 * @param {{ port?: number, redirectUris: string[], imagingFhirBase: string, patients?: EhrPatient[],
 *   accessTokenTtlSeconds?: number, accessTokenFormat?: 'opaque' | 'jwt', appUrl?: string,
 *   gatewayClient?: { clientId: string, clientSecret: string } }} options
 */
export async function startEhr(options) {
	const patients = options.patients ?? DEMO_PATIENTS;
	const ttl = options.accessTokenTtlSeconds ?? 600;
	const format = options.accessTokenFormat ?? 'opaque';
	const imagingFhirBase = options.imagingFhirBase.replace(/\/+$/, '');
	const appOrigins = new Set(options.redirectUris.map((uri) => new URL(uri).origin));
	const appUrl = (options.appUrl ?? [...appOrigins][0] ?? '').replace(/\/+$/, '');
	const gatewayClient = options.gatewayClient ?? {
		clientId: 'radfolio-gateway',
		clientSecret: randomBytes(24).toString('base64url')
	};

	/** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} */
	let route = async (_req, res) => void res.writeHead(503).end();
	const server = createServer((req, res) => {
		route(req, res).catch((error) => {
			console.error('ehr: unexpected failure', error?.name ?? error);
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end('the EHR failed');
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const issuer = `http://127.0.0.1:${address.port}`;
	const fhirBase = `${issuer}/fhir`;
	const otherAudience = `${issuer}/other-api`;

	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const kid = randomBytes(8).toString('hex');
	const store = new EhrStore();
	/** @type {Map<string, { patient: string, until: number }>} */
	const launches = new Map();
	const patientById = (/** @type {string} */ id) => patients.find((p) => p.id === id);

	const provider = new Provider(issuer, {
		adapter: (/** @type {string} */ model) => store.adapterFor(model),
		clients: [
			{
				client_id: 'radfolio',
				client_name: 'Radfolio',
				token_endpoint_auth_method: 'none',
				redirect_uris: options.redirectUris,
				grant_types: ['authorization_code', 'refresh_token'],
				response_types: ['code']
			},
			{
				// The imaging server's own registration: it only introspects (no grant types, no redirects).
				client_id: gatewayClient.clientId,
				client_secret: gatewayClient.clientSecret,
				client_name: 'Radfolio imaging gateway',
				token_endpoint_auth_method: 'client_secret_basic',
				grant_types: [],
				response_types: [],
				redirect_uris: []
			}
		],
		jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] },
		cookies: { keys: [randomBytes(32).toString('hex')] },
		async findAccount(_ctx, id) {
			const patient = patientById(id);
			if (!patient) return undefined;
			return {
				accountId: id,
				claims: async () => ({
					sub: id,
					fhirUser: `${fhirBase}/Patient/${id}`,
					name: `${patient.given} ${patient.family}`
				})
			};
		},
		claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
		scopes: ['openid', 'offline_access', 'fhirUser', 'profile'],
		// SMART wants fhirUser in the ID token itself, not only from userinfo.
		conformIdTokenClaims: false,
		extraParams: {
			/** SMART's `aud`: the FHIR server the app means to use (an unknown one is an error, not a default). */
			aud(_ctx, value) {
				const aud = typeof value === 'string' ? value.replace(/\/+$/, '') : '';
				if (!aud)
					throw new errors.InvalidRequest('aud is required: the FHIR base URL (SMART App Launch)');
				if (aud !== fhirBase && aud !== imagingFhirBase) {
					throw new errors.InvalidRequest('aud is not a FHIR server of this EHR');
				}
			},
			launch(_ctx, value) {
				if (value === undefined) return;
				const launch = typeof value === 'string' ? launches.get(value) : undefined;
				if (!launch || launch.until < Date.now()) {
					throw new errors.InvalidRequest('unknown or expired launch');
				}
			}
		},
		pkce: { required: () => true },
		clientBasedCORS(_ctx, origin, client) {
			return (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin);
		},
		features: {
			devInteractions: { enabled: false },
			introspection: {
				enabled: true,
				// The imaging gateway may ask about any token; the app only about its own.
				allowedPolicy: async (_ctx, client, token) =>
					client.clientId === gatewayClient.clientId || client.clientId === token.clientId
			},
			revocation: { enabled: true },
			resourceIndicators: {
				enabled: true,
				// Without `resource`, a token is for this EHR's FHIR base: the audience SMART tokens carry, which the
				// associated imaging server accepts too (SMART Imaging Access: one approval for both).
				defaultResource: async (_ctx, _client, oneOf) => (oneOf ? oneOf[0] : fhirBase),
				useGrantedResource: async () => true,
				async getResourceServerInfo(_ctx, indicator) {
					if (indicator !== fhirBase && indicator !== otherAudience)
						throw new errors.InvalidTarget();
					return {
						scope: RESOURCE_SCOPES.join(' '),
						audience: indicator,
						accessTokenTTL: ttl,
						accessTokenFormat: format,
						...(format === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {})
					};
				}
			}
		},
		// The patient context: in JWT access tokens and in introspection answers.
		async extraTokenClaims(_ctx, token) {
			const accountId = 'accountId' in token ? token.accountId : undefined;
			if (!accountId) return undefined;
			return { patient: accountId, fhirUser: `${fhirBase}/Patient/${accountId}` };
		},
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		ttl: {
			AccessToken: ttl,
			AuthorizationCode: 60,
			IdToken: 3600,
			Interaction: 3600,
			Session: 24 * 3600,
			Grant: 14 * 24 * 3600,
			RefreshToken: 14 * 24 * 3600
		},
		async renderError(ctx, out) {
			ctx.type = 'html';
			ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`);
		}
	});

	// SMART's launch context in the token response: `patient`; and the granted OIDC scopes beside the FHIR ones
	// (a resource-bound access token only carries the latter).
	provider.use(async (ctx, next) => {
		// OpenID Connect honours offline_access only with prompt=consent, which SMART apps do not send: ask for
		// consent whenever offline access is requested (the patient then sees it on the consent page).
		if (ctx.method === 'GET' && ctx.path === '/auth') {
			const query = { ...ctx.query };
			const scope = typeof query.scope === 'string' ? query.scope.split(' ') : [];
			if (scope.includes('offline_access') && query.prompt === undefined) {
				ctx.query = { ...query, prompt: 'consent' };
			}
		}
		await next();
		if (ctx.oidc?.route !== 'token' || !ctx.body || typeof ctx.body !== 'object') return;
		const body = /** @type {Record<string, unknown>} */ (ctx.body);
		if (typeof body.access_token !== 'string') return;
		const { Account, Grant, AuthorizationCode, RefreshToken } = ctx.oidc.entities;
		if (Account) body.patient = Account.accountId;
		const source = AuthorizationCode ?? RefreshToken;
		if (Grant && source) {
			const oidc = String(Grant.getOIDCScopeFiltered(source.scopes) ?? '').split(' ');
			const all = new Set([...String(body.scope ?? '').split(' '), ...oidc].filter(Boolean));
			body.scope = [...all].join(' ');
		}
	});

	const callback = provider.callback();

	/** The patient an access token at this EHR's FHIR base belongs to, or null. */
	async function tokenPatient(/** @type {string | undefined} */ header) {
		const match = /^Bearer (\S{1,4096})$/.exec(header ?? '');
		if (!match) return null;
		const value = /** @type {string} */ (match[1]);
		if (value.split('.').length === 3) {
			try {
				const { payload } = await jwtVerify(value, publicKey, {
					issuer,
					audience: fhirBase,
					typ: 'at+jwt'
				});
				return typeof payload.sub === 'string' ? payload.sub : null;
			} catch {
				return null;
			}
		}
		const token = await provider.AccessToken.find(value);
		if (!token?.isValid || token.aud !== fhirBase) return null;
		if (!token.grantId || !(await provider.Grant.find(token.grantId))) return null;
		return token.accountId ?? null;
	}

	/**
	 * CORS for the app's origins (the FHIR reads send Authorization, so a preflight comes first).
	 * @returns {Record<string, string>}
	 */
	const corsFor = (/** @type {string | undefined} */ origin) =>
		origin && appOrigins.has(origin)
			? {
					'Access-Control-Allow-Origin': origin,
					'Access-Control-Allow-Headers': 'Authorization, Accept',
					'Access-Control-Allow-Methods': 'GET, OPTIONS',
					'Access-Control-Max-Age': '600',
					Vary: 'Origin'
				}
			: { Vary: 'Origin' };

	/** @param {import('node:http').ServerResponse} res @param {Answer} answer */
	const send = (res, answer) => void res.writeHead(answer.status, answer.headers).end(answer.body);

	/** @param {import('node:http').IncomingMessage} req */
	async function form(req) {
		let text = '';
		for await (const chunk of req) {
			text += chunk;
			if (text.length > 16_384) throw new Error('form too large');
		}
		return new URLSearchParams(text);
	}

	/** @param {string} a @param {string} b */
	const same = (a, b) => {
		const x = Buffer.from(a);
		const y = Buffer.from(b);
		return x.length === y.length && timingSafeEqual(x, y);
	};

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
	async function interaction(req, res, /** @type {string} */ path) {
		const html = (/** @type {number} */ status, /** @type {string} */ body) =>
			send(res, {
				status,
				headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
				body
			});
		let details;
		try {
			details = await provider.interactionDetails(req, res);
		} catch {
			return html(
				400,
				errorPage('This sign-in has expired. Go back to the app and connect again.')
			);
		}
		const uid = details.uid;
		const client = await provider.Client.find(String(details.params.client_id));
		const clientName = client?.clientName ?? 'An app';
		const prompt = details.prompt.name;
		if (req.method === 'GET' && path === `/interaction/${uid}`) {
			if (prompt === 'login') {
				return html(200, loginPage({ action: `/interaction/${uid}/login`, clientName }));
			}
			const patient = patientById(details.session?.accountId ?? '');
			const scopes = String(details.params.scope ?? '')
				.split(' ')
				.filter(Boolean);
			return html(
				200,
				consentPage({
					action: `/interaction/${uid}/confirm`,
					clientName,
					patientName: patient ? `${patient.given} ${patient.family}` : 'a patient',
					scopes
				})
			);
		}
		if (req.method === 'POST' && path === `/interaction/${uid}/login` && prompt === 'login') {
			const body = await form(req);
			const username = body.get('username') ?? '';
			const patient = patients.find(
				(p) => same(p.username, username) && same(p.password, body.get('password') ?? '')
			);
			if (!patient) {
				return html(
					200,
					loginPage({
						action: `/interaction/${uid}/login`,
						clientName,
						username,
						error: 'That username and password do not match.'
					})
				);
			}
			const launchId = details.params.launch;
			if (typeof launchId === 'string' && launches.get(launchId)?.patient !== patient.id) {
				return html(403, errorPage('This launch was opened for another patient.'));
			}
			await provider.interactionFinished(
				req,
				res,
				{ login: { accountId: patient.id } },
				{ mergeWithLastSubmission: false }
			);
			return;
		}
		if (req.method === 'POST' && path === `/interaction/${uid}/confirm` && prompt === 'consent') {
			const body = await form(req);
			if (body.get('decision') !== 'allow') {
				await provider.interactionFinished(
					req,
					res,
					{ error: 'access_denied', error_description: 'The patient did not allow access' },
					{ mergeWithLastSubmission: false }
				);
				return;
			}
			const accountId = String(details.session?.accountId ?? '');
			const grant = details.grantId
				? await provider.Grant.find(details.grantId)
				: new provider.Grant({ accountId, clientId: String(details.params.client_id) });
			if (!grant) return html(400, errorPage('This approval has expired. Connect again.'));
			const missing = details.prompt.details;
			if (Array.isArray(missing.missingOIDCScope))
				grant.addOIDCScope(missing.missingOIDCScope.join(' '));
			if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims);
			const resources = /** @type {Record<string, string[]> | undefined} */ (
				missing.missingResourceScopes
			);
			for (const [indicator, scopes] of Object.entries(resources ?? {})) {
				grant.addResourceScope(indicator, scopes.join(' '));
			}
			const grantId = await grant.save();
			await provider.interactionFinished(
				req,
				res,
				{ consent: { grantId } },
				{ mergeWithLastSubmission: true }
			);
			return;
		}
		html(404, errorPage('Not found'));
	}

	route = async (req, res) => {
		const url = new URL(req.url ?? '/', issuer);
		const path = url.pathname;
		const origin = req.headers.origin;
		if (path === '/fhir/.well-known/smart-configuration') {
			return send(res, {
				status: req.method === 'OPTIONS' ? 204 : 200,
				headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
				body:
					req.method === 'OPTIONS'
						? ''
						: JSON.stringify(smartConfiguration({ issuer, imagingFhirBase }))
			});
		}
		if (path === '/fhir/metadata') {
			return send(res, {
				status: 200,
				headers: { 'Content-Type': 'application/fhir+json', 'Access-Control-Allow-Origin': '*' },
				body: JSON.stringify(capabilityStatement({ issuer }))
			});
		}
		const patientPath = /^\/fhir\/Patient\/([A-Za-z0-9.-]{1,64})$/.exec(path);
		if (patientPath) {
			const cors = corsFor(origin);
			if (req.method === 'OPTIONS') return send(res, { status: 204, headers: cors, body: '' });
			const answer = readPatient({
				id: /** @type {string} */ (patientPath[1]),
				tokenPatient: await tokenPatient(req.headers.authorization),
				patients
			});
			return send(res, { ...answer, headers: { ...answer.headers, ...cors } });
		}
		if (path.startsWith('/fhir/'))
			return send(res, outcome(404, 'not-found', 'not supported here'));
		if (path === '/ehr-launch') {
			const patient = patientById(url.searchParams.get('patient') ?? '');
			if (!patient) return send(res, outcome(404, 'not-found', 'no such patient'));
			const launch = randomBytes(16).toString('base64url');
			launches.set(launch, { patient: patient.id, until: Date.now() + LAUNCH_TTL_MS });
			const target = new URL(`${appUrl}/providers`);
			target.searchParams.set('iss', fhirBase);
			target.searchParams.set('launch', launch);
			return send(res, {
				status: 302,
				headers: { Location: target.href, 'Cache-Control': 'no-store' },
				body: ''
			});
		}
		if (path.startsWith('/interaction/')) return interaction(req, res, path);
		callback(req, res);
	};

	return {
		issuer,
		fhirBase,
		otherAudience,
		patients,
		gatewayClient,
		/** The environment a Radfolio gateway (scripts/start.js) needs to accept this EHR's tokens. */
		gatewayEnv() {
			return {
				RADFOLIO_SMART_ISSUER: fhirBase,
				RADFOLIO_SMART_CLIENT_ID: gatewayClient.clientId,
				RADFOLIO_SMART_CLIENT_SECRET: gatewayClient.clientSecret,
				RADFOLIO_SMART_PATIENT_ID_SYSTEM: DEMO_MRN_SYSTEM
			};
		},
		/** A portal link that opens the app with an EHR launch for this patient. */
		launchUrl(/** @type {string} */ patientId) {
			return `${issuer}/ehr-launch?patient=${encodeURIComponent(patientId)}`;
		},
		/** Withdraws every grant the patient gave: tokens and refresh tokens stop working now. */
		revokeGrants(/** @type {string} */ patientId) {
			const ids = store.grantIdsOf(patientId);
			for (const id of ids) store.revokeGrant(id);
			return ids.length;
		},
		stop() {
			return new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		}
	};
}

// `node scripts/ehr.js`: a standalone EHR for trying the flow by hand (EHR_PORT, EHR_APP_URL, EHR_IMAGING_FHIR).
if (import.meta.url === `file://${process.argv[1]}`) {
	const app = process.env.EHR_APP_URL ?? 'http://127.0.0.1:3000';
	const ehr = await startEhr({
		port: Number(process.env.EHR_PORT ?? 18090),
		redirectUris: [`${app}/providers`],
		imagingFhirBase: process.env.EHR_IMAGING_FHIR ?? `${app}/api/gateway/fhir`
	});
	console.log(`EHR FHIR base: ${ehr.fhirBase}`);
	for (const p of ehr.patients) console.log(`  ${p.username} / ${p.password} (${p.mrn})`);
	console.log(JSON.stringify(ehr.gatewayEnv()));
}
