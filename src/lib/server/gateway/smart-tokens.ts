import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Limiter } from '../rate-limit';
import { ArchiveUnavailableError, GatewayRateLimitError, type PatientTokens } from './proxy';
import { isTlsOrLoopback, type SmartConfig } from './smart-config';

/**
 * SMART access tokens at the imaging gateway (SMART Imaging Access, "Token validation and access enforcement"):
 * an opaque token is checked by RFC 7662 introspection at the EHR named by RADFOLIO_SMART_ISSUER (the gateway
 * authenticates with its own confidential client), a JWT against the EHR's JWKS. Either way the token must be
 * active, unexpired, for an audience this gateway accepts, not sender-constrained (no DPoP/mTLS proof is checked
 * here), carry patient context, and a patient-level scope covering ImagingStudy search and read. The FHIR patient
 * is then mapped to the archive's DICOM PatientID through the Patient resource's identifier (README).
 */
export interface SmartGrant {
	/** `smart:<client>:<patient>`: names the grant in logs and caches (not a secret). */
	id: string;
	/** The archive's DICOM PatientID the grant reaches. */
	patientId: string;
	/** The FHIR Patient id of the token's patient context. */
	fhirPatient: string;
	clientId: string;
	scopes: string[];
	/** Epoch seconds. */
	expiresAt: number;
}

export type SmartCheck =
	| { ok: true; grant: SmartGrant }
	| {
			ok: false;
			status: 401 | 403;
			/** invalid-token: not active, expired, forged, another audience; insufficient-scope: no imaging scope;
			 *  unknown-patient: the patient has no DICOM PatientID here. */
			code: 'invalid-token' | 'insufficient-scope' | 'unknown-patient';
	  }
	| {
			ok: false;
			status: 429;
			/** This client's tokens failed too often lately: the EHR is not asked about another one for now. */
			code: 'rate-limited';
			/** Seconds. */
			retryAfter: number;
	  };

/** The claims both validation paths yield (RFC 7662 names; a JWT access token uses the same). */
interface TokenClaims {
	active?: unknown;
	iss?: unknown;
	exp?: unknown;
	aud?: unknown;
	scope?: unknown;
	patient?: unknown;
	client_id?: unknown;
	token_type?: unknown;
	cnf?: unknown;
}

interface Discovery {
	/** The EHR's document as it is (the imaging FHIR base republishes its endpoints). */
	document: Record<string, unknown>;
	issuer: string | null;
	introspection: string | null;
	jwks: ReturnType<typeof createRemoteJWKSet> | null;
}

const DISCOVERY_TTL_MS = 60 * 60_000;
const CACHE_MAX = 10_000;
/** How long a refused token stays refused without asking the EHR again (a refused token never turns good). */
const REFUSED_TTL_MS = 60_000;
/** How long the EHR is left alone after it failed (unreachable, 5xx, refusing the gateway's credentials). */
const EHR_DOWN_MS = 5_000;
const TIMEOUT_MS = 10_000;
/**
 * A FHIR logical id (FHIR R4 "id" datatype), but never "." or "..": the id goes into the Patient/<id> URL, where a
 * dot segment would be resolved away and the gateway would read some other resource of the EHR.
 */
const FHIR_ID = /^(?!\.\.?$)[A-Za-z0-9\-.]{1,64}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const invalid: SmartCheck = { ok: false, status: 401, code: 'invalid-token' };

/**
 * Does a scope list allow searching and reading the patient's ImagingStudy resources? SMART v2 `.rs` (or any
 * permission set holding r and s), v1 `.read`, or their wildcards — patient-level only, and never a granular scope
 * (`?category=…`): restrictions the gateway cannot enforce are refused, not ignored.
 */
export function coversImaging(scopes: readonly string[]): boolean {
	return scopes.some((scope) => {
		const match = /^patient\/(ImagingStudy|\*)\.(read|\*|c?r?u?d?s?)$/.exec(scope);
		if (!match) return false;
		const permission = match[2]!;
		return (
			permission === 'read' || permission === '*' || (/r/.test(permission) && /s/.test(permission))
		);
	});
}

export class SmartTokens implements PatientTokens {
	readonly #config: SmartConfig;
	readonly #fetch: typeof fetch;
	#discovery: { value: Discovery; until: number } | null = null;
	/** sha256(token) → a positive answer and until when it is trusted. */
	readonly #answers = new Map<string, { grant: SmartGrant; until: number }>();
	/** sha256(token) → a refusal (401, or 403 for the scope) and until when it stands. */
	readonly #refused = new Map<string, { check: SmartCheck; until: number }>();
	/** sha256(token) → the answer being worked out: parallel requests with one new token ask the EHR once. */
	readonly #pending = new Map<string, Promise<SmartCheck>>();
	/** Until when the EHR is taken to be down (it just failed): new tokens get 503 without asking it. */
	#ehrDownUntil = 0;
	/** Tokens that failed, per client (SmartTokensOptions.failures); null: no limit. */
	readonly #failures: Limiter | null;
	/** FHIR Patient id → DICOM PatientID, for RADFOLIO_SMART_CACHE_SECONDS. */
	readonly #patients = new Map<string, { patientId: string; until: number }>();

	constructor(
		config: SmartConfig,
		fetcher: typeof fetch = fetch,
		options: SmartTokensOptions = {}
	) {
		this.#config = config;
		this.#fetch = fetcher;
		this.#failures = options.failures ?? null;
	}

	get config(): SmartConfig {
		return this.#config;
	}

	/**
	 * PatientTokens, for the DICOMweb routes: a SMART grant is a patient token like an enrollment's. A client over
	 * its failure limit gets GatewayRateLimitError (429), never a null that its app would read as "revoked".
	 */
	async lookup(token: string, client?: string): Promise<{ id: string; patientId: string } | null> {
		const check = await this.check(token, client);
		if (!check.ok && check.code === 'rate-limited')
			throw new GatewayRateLimitError(check.retryAfter);
		return check.ok ? { id: check.grant.id, patientId: check.grant.patientId } : null;
	}

	/** The EHR's SMART configuration document (cached for an hour). */
	async ehrConfiguration(): Promise<Record<string, unknown>> {
		return (await this.#discover()).document;
	}

	/**
	 * Validates a bearer token; throws ArchiveUnavailableError when the EHR cannot be asked.
	 *
	 * Every token the gateway does not know yet costs the EHR a request (introspection, a Patient read), and anyone
	 * can make up tokens: so with a `client` (rate-limit.ts limitKey of the caller, RADFOLIO_TRUSTED_PROXIES
	 * honoured) each new token is counted against that client before the EHR is asked, and the count is taken back
	 * when the token turns out good. Past the limit the EHR is not asked (429). A refused token stays refused for a
	 * minute without asking again, and parallel requests with one new token share one answer.
	 */
	async check(token: string, client?: string): Promise<SmartCheck> {
		if (!token || token.length > 8192) return invalid;
		const key = createHash('sha256').update(token).digest('base64url');
		const cached = this.#answers.get(key);
		const now = Date.now();
		if (cached && cached.until > now && cached.grant.expiresAt * 1000 > now) {
			return { ok: true, grant: cached.grant };
		}
		this.#answers.delete(key);
		const refused = this.#refused.get(key);
		if (refused && refused.until > now) return refused.check;
		this.#refused.delete(key);
		// Set before anything is awaited, so that parallel requests with this token find it and wait for it.
		let answer = this.#pending.get(key);
		if (!answer) {
			answer = this.#counted(token, key, now, client);
			this.#pending.set(key, answer);
			void answer.then(
				() => this.#pending.delete(key),
				() => this.#pending.delete(key)
			);
		}
		return answer;
	}

	/** Asks the EHR about a token, counted against the client first; remembers a refusal. */
	async #counted(token: string, key: string, now: number, client?: string): Promise<SmartCheck> {
		this.#throwIfEhrDown();
		// Counted before the EHR is asked: parallel new tokens cannot all pass a check made before any counts.
		const counted = client !== undefined && this.#failures !== null;
		if (counted) {
			const wait = await this.#failures!.hit(client);
			if (wait) return { ok: false, status: 429, code: 'rate-limited', retryAfter: wait };
		}
		let check: SmartCheck;
		try {
			check = await this.#validate(token, key, now);
		} catch (error) {
			// The count stays: a token the EHR could not be asked about is no good one, and a client must not be
			// able to send the failing EHR one request per made-up token.
			if (error instanceof ArchiveUnavailableError) this.#ehrDownUntil = Date.now() + EHR_DOWN_MS;
			throw error;
		}
		if (check.ok) {
			if (counted) await this.#failures!.refund(client);
		} else if (check.code === 'invalid-token' || check.code === 'insufficient-scope') {
			if (this.#refused.size >= CACHE_MAX) this.#refused.clear();
			this.#refused.set(key, { check, until: Date.now() + REFUSED_TTL_MS });
		}
		return check;
	}

	async #validate(token: string, key: string, now: number): Promise<SmartCheck> {
		const discovery = await this.#discover();
		const jwt = JWT_SHAPE.test(token) && discovery.jwks !== null;
		const claims = jwt
			? await this.#verifyJwt(token, discovery)
			: await this.#introspect(token, discovery);
		if (!claims) return invalid;
		if (!jwt) {
			// RFC 7662 2.2: `active` is REQUIRED and boolean; an answer that does not say `true` is no active token
			// (a missing member or "true" as a string is a broken or hostile EHR, not a yes).
			if (claims.active !== true) return invalid;
			// `iss` is optional there; when given it must be this EHR (an introspection endpoint shared by several
			// issuers answers for tokens this gateway never agreed to accept).
			if (claims.iss !== undefined && discovery.issuer !== null && claims.iss !== discovery.issuer)
				return invalid;
		}

		const exp = typeof claims.exp === 'number' ? claims.exp : NaN;
		if (!(exp * 1000 > now)) return invalid;
		const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
		if (!audiences.some((a) => typeof a === 'string' && this.#config.audiences.includes(a))) {
			return invalid;
		}
		// A sender-constrained token (DPoP, mTLS) is only good with its proof, which this gateway does not check.
		if (claims.cnf !== undefined) return invalid;
		if (typeof claims.token_type === 'string' && !/^bearer$/i.test(claims.token_type))
			return invalid;
		const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
		if (!coversImaging(scopes)) return { ok: false, status: 403, code: 'insufficient-scope' };
		// No patient context is never read as "every patient" (the guide's Backend Services mode is not offered).
		const fhirPatient = typeof claims.patient === 'string' ? claims.patient : '';
		if (!FHIR_ID.test(fhirPatient)) return { ok: false, status: 403, code: 'insufficient-scope' };

		const patientId = await this.#dicomPatient(fhirPatient, token);
		if (!patientId) return { ok: false, status: 403, code: 'unknown-patient' };
		const clientId = typeof claims.client_id === 'string' ? claims.client_id : 'unknown';
		const grant: SmartGrant = {
			id: `smart:${clientId}:${fhirPatient}`,
			patientId,
			fhirPatient,
			clientId,
			scopes,
			expiresAt: exp
		};
		if (this.#config.cacheSeconds > 0) {
			if (this.#answers.size >= CACHE_MAX) this.#answers.clear();
			this.#answers.set(key, {
				grant,
				until: Math.min(now + this.#config.cacheSeconds * 1000, exp * 1000)
			});
		}
		return { ok: true, grant };
	}

	/** The EHR just failed: answer 503 at once rather than pile more requests on it (or let anyone make us). */
	#throwIfEhrDown() {
		const down = Math.ceil((this.#ehrDownUntil - Date.now()) / 1000);
		if (down > 0) throw new ArchiveUnavailableError(String(down));
	}

	/** The EHR's SMART configuration: its introspection endpoint, issuer and JWKS (kept for an hour). */
	async #discover(): Promise<Discovery> {
		if (this.#discovery && this.#discovery.until > Date.now()) return this.#discovery.value;
		// Anyone may ask for the imaging base's SMART configuration, which needs this document: while the EHR
		// fails, that must not be a way to make the gateway ask it again on every request.
		this.#throwIfEhrDown();
		let document: Record<string, unknown>;
		try {
			document = (await this.#json(`${this.#config.issuer}/.well-known/smart-configuration`, {
				headers: { Accept: 'application/json' }
			}))!;
		} catch (error) {
			if (error instanceof ArchiveUnavailableError) this.#ehrDownUntil = Date.now() + EHR_DOWN_MS;
			throw error;
		}
		const url = (value: unknown) => {
			if (typeof value !== 'string') return null;
			try {
				const parsed = new URL(value);
				// The secret and tokens go to the introspection endpoint, the keys that sign tokens come from the JWKS.
				return isTlsOrLoopback(parsed) ? parsed : null;
			} catch {
				return null;
			}
		};
		const jwksUri = url(document.jwks_uri);
		const value: Discovery = {
			document,
			issuer: typeof document.issuer === 'string' ? document.issuer : null,
			introspection: url(document.introspection_endpoint)?.href ?? null,
			jwks: jwksUri && typeof document.issuer === 'string' ? createRemoteJWKSet(jwksUri) : null
		};
		this.#discovery = { value, until: Date.now() + DISCOVERY_TTL_MS };
		return value;
	}

	async #introspect(token: string, discovery: Discovery): Promise<TokenClaims | null> {
		const { clientId, clientSecret } = this.#config;
		if (!discovery.introspection || !clientId || clientSecret === null) {
			// Opaque tokens cannot be checked without introspection: refused (and said once, for the operator).
			warnOnce(
				'gateway: SMART introspection is not configured (RADFOLIO_SMART_CLIENT_ID, an EHR introspection_endpoint on https)'
			);
			return null;
		}
		// RFC 6749 2.3.1: the client id and secret are form-encoded before Basic encoding.
		const basic = Buffer.from(
			`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`
		).toString('base64');
		return (await this.#json(discovery.introspection, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${basic}`,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json'
			},
			body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
			// An introspection endpoint may refuse a token it cannot parse (oidc-provider: any JWT) with 400
			// rather than `active: false`: that token is not active, and the EHR is not down.
			badRequestIsNull: true
		})) as TokenClaims | null;
	}

	async #verifyJwt(token: string, discovery: Discovery): Promise<TokenClaims | null> {
		try {
			const { payload } = await jwtVerify<JWTPayload & TokenClaims>(token, discovery.jwks!, {
				issuer: discovery.issuer!,
				audience: this.#config.audiences,
				requiredClaims: ['exp']
			});
			return payload;
		} catch (error) {
			// The JWKS unreachable is the EHR's outage, not a bad token.
			if ((error as { code?: string })?.code === 'ERR_JWKS_TIMEOUT')
				throw new ArchiveUnavailableError();
			return null;
		}
	}

	/**
	 * The DICOM PatientID of a FHIR Patient, read from the EHR with the patient's own token: the identifier of the
	 * configured system (RADFOLIO_SMART_PATIENT_ID_SYSTEM). Null when there is none, or two different values.
	 */
	async #dicomPatient(fhirPatient: string, token: string): Promise<string | null> {
		const cached = this.#patients.get(fhirPatient);
		if (cached && cached.until > Date.now()) return cached.patientId;
		let response: Response;
		try {
			response = await this.#fetch(
				`${this.#config.issuer}/Patient/${encodeURIComponent(fhirPatient)}`,
				{
					headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
					redirect: 'error',
					signal: AbortSignal.timeout(TIMEOUT_MS)
				}
			);
		} catch {
			throw new ArchiveUnavailableError();
		}
		if (response.status >= 500) {
			await response.body?.cancel();
			throw new ArchiveUnavailableError();
		}
		if (!response.ok) {
			await response.body?.cancel();
			return null;
		}
		const patient = (await response.json().catch(() => null)) as {
			resourceType?: string;
			id?: string;
			identifier?: {
				system?: string;
				value?: string;
				type?: { coding?: { system?: string; code?: string }[] };
			}[];
		} | null;
		if (patient?.resourceType !== 'Patient' || patient.id !== fhirPatient) return null;
		const identifiers = Array.isArray(patient.identifier) ? patient.identifier : [];
		const matching = identifiers.filter((i) => i.system === this.#config.patientIdSystem);
		const values = [...new Set(matching.map((i) => i.value).filter((v) => typeof v === 'string'))];
		if (values.length !== 1 || !values[0]) return null;
		// Kept no longer than a token's answer: a corrected identifier (the MRN was another person's) takes effect
		// within RADFOLIO_SMART_CACHE_SECONDS, the bound the README gives for a revocation.
		if (this.#config.cacheSeconds > 0) {
			if (this.#patients.size >= CACHE_MAX) this.#patients.clear();
			this.#patients.set(fhirPatient, {
				patientId: values[0],
				until: Date.now() + this.#config.cacheSeconds * 1000
			});
		}
		return values[0];
	}

	async #json(
		url: string,
		init: RequestInit & { badRequestIsNull?: boolean }
	): Promise<Record<string, unknown> | null> {
		let response: Response;
		try {
			response = await this.#fetch(url, {
				...init,
				redirect: 'error',
				signal: AbortSignal.timeout(TIMEOUT_MS)
			});
		} catch {
			throw new ArchiveUnavailableError();
		}
		if (response.status === 400 && init.badRequestIsNull) {
			await response.body?.cancel();
			return null;
		}
		if (!response.ok) {
			await response.body?.cancel();
			// The EHR refusing the gateway's own credentials is the provider's problem, not the patient's.
			throw new ArchiveUnavailableError(undefined, response.status >= 500 ? 503 : 502);
		}
		const body = (await response.json().catch(() => null)) as unknown;
		if (!body || typeof body !== 'object') throw new ArchiveUnavailableError(undefined, 502);
		return body as Record<string, unknown>;
	}
}

export interface SmartTokensOptions {
	/** Failed tokens per client (index.ts: 30 per 10 minutes); without it, no limit (tests, tools). */
	failures?: Limiter;
}

const warned = new Set<string>();
function warnOnce(message: string) {
	if (warned.has(message)) return;
	warned.add(message);
	console.warn(message);
}

/** Enrollment tokens first (the gateway's own), then SMART tokens: both reach the DICOMweb routes. */
export class EitherTokens implements PatientTokens {
	constructor(
		readonly enrollments: PatientTokens,
		readonly smart: SmartTokens
	) {}

	async lookup(token: string, client?: string): Promise<{ id: string; patientId: string } | null> {
		return (await this.enrollments.lookup(token)) ?? this.smart.lookup(token, client);
	}
}
