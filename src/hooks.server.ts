import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { clientAddressConfig } from '$lib/server/client-address';
import { startGateway } from '$lib/server/gateway';
import { startRelay } from '$lib/server/relay';

/**
 * The relay opens its store when the server starts, not on its first request: after a crash it must clear
 * half-written parts and end what expired meanwhile at once (store.ts recovers; the sweeper then runs every minute).
 * On PostgreSQL (RADFOLIO_DATABASE_URL) this is also where the migrations run; Kit waits for it before serving.
 */
export const init: ServerInit = async () => {
	// Not while Kit prerenders during the build; and $env/dynamic/private is not filled in yet when init runs, so
	// the process env (the same values: adapter-node reads them from there).
	if (building) return;
	// Settings that decide who a client is, or where links point, are checked now: a malformed or ambiguous one
	// stops the server with its reason instead of running without the limit it was meant to set.
	clientAddressConfig(process.env);
	await startRelay(process.env);
	await startGateway(process.env);
};

/**
 * Pages Kit renders at request time (errors, not-found) get Kit's own CSP header, which carries the hash of their
 * inline script but, being shared with the <meta> form, no frame-ancestors. Add it here, from the same setting
 * scripts/start.js uses, so every response forbids framing unless the operator allowed a portal.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const csp = response.headers.get('content-security-policy');
	if (csp && !csp.includes('frame-ancestors')) {
		const origins = (env.RADFOLIO_FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter(Boolean);
		const value = origins.length ? origins.join(' ') : "'none'";
		try {
			response.headers.set('content-security-policy', `${csp}; frame-ancestors ${value}`);
		} catch {
			// Immutable headers (a proxied response): scripts/start.js already sent the full policy.
		}
	}
	return response;
};

/**
 * Kit's default logs every failed request with its path ("[404] GET /…"). Paths can carry what must never reach a log
 * (study UIDs in gateway URLs, share ids), so only server faults are logged: the error's name and where it was thrown,
 * never the URL or the message (messages can quote input).
 */
export const handleError: HandleServerError = ({ error, status }) => {
	if (status >= 500) {
		const e = error instanceof Error ? error : null;
		const where = e?.stack?.split('\n').slice(1, 6).join('\n') ?? '';
		console.error(`server error ${status}: ${e?.name ?? typeof error}\n${where}`);
	}
	return { message: status === 404 ? 'Not Found' : 'Internal Error' };
};
