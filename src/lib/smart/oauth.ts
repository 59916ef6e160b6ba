import * as oauth from 'oauth4webapi';
import { ArchiveError } from '$lib/archive';
import type { SmartGrant } from '$lib/vault';
import { isLoopback } from './address';
import type { SmartConfiguration } from './discovery';
import { SmartError } from './errors';

/**
 * The OAuth 2 side of SMART App Launch, by oauth4webapi (the only importer of it): Radfolio is a public client
 * (no secret: it runs on the patient's device) that proves each code exchange with PKCE S256.
 */
type Endpoints = Pick<SmartConfiguration, 'issuer' | 'authorizationEndpoint' | 'tokenEndpoint'> & {
	idTokenAlgs?: string[] | null;
};

/** The authorization server as oauth4webapi takes it, from the SMART configuration. */
export function authorizationServer(config: Endpoints): oauth.AuthorizationServer {
	return {
		// Without a named issuer no ID token is asked for (launch.ts), so this value checks nothing but `iss`.
		issuer: config.issuer ?? new URL(config.authorizationEndpoint).origin,
		authorization_endpoint: config.authorizationEndpoint,
		token_endpoint: config.tokenEndpoint,
		code_challenge_methods_supported: ['S256'],
		...(config.idTokenAlgs?.length
			? { id_token_signing_alg_values_supported: config.idTokenAlgs }
			: {})
	};
}

/** Plain HTTP is allowed only to this machine (tests, a developer's EHR); secureUrl refused it elsewhere. */
export function requestOptions(url: string) {
	return {
		[oauth.allowInsecureRequests]: new URL(url).protocol === 'http:' && isLoopback(new URL(url))
	};
}

export interface IssuedTokens {
	accessToken: string;
	refreshToken: string | null;
	/** ISO 8601, when the server said. */
	expiresAt: string | null;
	scope: string;
}

function issued(tokens: oauth.TokenEndpointResponse, now: Date, previous?: IssuedTokens) {
	return {
		accessToken: tokens.access_token,
		// A server that does not rotate refresh tokens answers without one: the old one stays good.
		refreshToken: tokens.refresh_token ?? previous?.refreshToken ?? null,
		expiresAt:
			typeof tokens.expires_in === 'number'
				? new Date(now.getTime() + tokens.expires_in * 1000).toISOString()
				: null,
		scope: tokens.scope ?? previous?.scope ?? ''
	};
}

/**
 * The ID token algorithms the issuer signs with, from its OpenID Connect discovery document (the SMART document
 * need not list them). null when it has none to give: the default (RS256) is then expected.
 */
export async function idTokenAlgorithms(issuer: string): Promise<string[] | null> {
	try {
		const url = new URL(issuer);
		const response = await oauth.discoveryRequest(url, {
			algorithm: 'oidc',
			...requestOptions(issuer)
		});
		const metadata = await oauth.processDiscoveryResponse(url, response);
		return metadata.id_token_signing_alg_values_supported ?? null;
	} catch {
		return null;
	}
}

/** The PKCE pair and `state` of a new sign-in, and the authorization URL it starts at. */
export async function authorizationRequest(input: {
	config: Endpoints;
	clientId: string;
	redirectUri: string;
	scope: string;
	/** The FHIR base the token is for (SMART's `aud`). */
	audience: string;
	/** An EHR launch's opaque `launch` value. */
	launch?: string;
}): Promise<{ url: string; state: string; verifier: string }> {
	const verifier = oauth.generateRandomCodeVerifier();
	const state = oauth.generateRandomState();
	const url = new URL(input.config.authorizationEndpoint);
	const params = {
		response_type: 'code',
		client_id: input.clientId,
		redirect_uri: input.redirectUri,
		scope: input.scope,
		state,
		aud: input.audience,
		code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
		code_challenge_method: 'S256',
		...(input.launch ? { launch: input.launch } : {})
	};
	for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
	return { url: url.href, state, verifier };
}

/** Checks the provider's answer (state, issuer) and exchanges the code, with the PKCE verifier. */
export async function exchangeCode(input: {
	config: Endpoints;
	clientId: string;
	redirectUri: string;
	callbackUrl: string;
	state: string;
	verifier: string;
	now: Date;
}): Promise<IssuedTokens & { raw: oauth.TokenEndpointResponse }> {
	const as = authorizationServer(input.config);
	const client: oauth.Client = { client_id: input.clientId };
	let params: URLSearchParams;
	try {
		params = oauth.validateAuthResponse(as, client, new URL(input.callbackUrl), input.state);
	} catch (error) {
		if (error instanceof oauth.AuthorizationResponseError)
			throw new SmartError('denied', { detail: error.error, cause: error });
		throw new SmartError('state-mismatch', { cause: error });
	}
	let tokens: oauth.TokenEndpointResponse;
	try {
		const response = await oauth.authorizationCodeGrantRequest(
			as,
			client,
			oauth.None(),
			params,
			input.redirectUri,
			input.verifier,
			requestOptions(as.token_endpoint!)
		);
		tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
	} catch (error) {
		if (error instanceof TypeError) throw new SmartError('unreachable', { cause: error });
		throw new SmartError('token-refused', { cause: error });
	}
	return { ...issued(tokens, input.now), raw: tokens };
}

/**
 * A new access token from the refresh token. Failures are the sync's (ArchiveError): a refused refresh token
 * (expired, or the patient withdrew the approval at the provider) is 'grant-ended', so the app says "Reconnect".
 */
export async function refreshTokens(input: {
	grant: SmartGrant;
	current: IssuedTokens;
	now: Date;
	signal?: AbortSignal;
}): Promise<IssuedTokens> {
	const { grant } = input;
	if (!input.current.refreshToken) throw new ArchiveError('grant-ended');
	const as = authorizationServer(grant);
	const client: oauth.Client = { client_id: grant.clientId };
	let response: Response;
	try {
		response = await oauth.refreshTokenGrantRequest(
			as,
			client,
			oauth.None(),
			input.current.refreshToken,
			{ ...requestOptions(grant.tokenEndpoint), signal: input.signal }
		);
	} catch (error) {
		if ((error as Error)?.name === 'AbortError') throw error;
		throw new ArchiveError('unreachable', { cause: error });
	}
	if (response.status === 429 || response.status >= 500) {
		await response.body?.cancel().catch(() => {});
		throw new ArchiveError('busy', { status: response.status });
	}
	try {
		return issued(
			await oauth.processRefreshTokenResponse(as, client, response),
			input.now,
			input.current
		);
	} catch (error) {
		throw new ArchiveError('grant-ended', { status: response.status, cause: error });
	}
}
