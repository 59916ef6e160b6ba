import { env } from '$env/dynamic/private';
import {
	ClientAddressError,
	clientAddress,
	limitKey,
	serverClientAddressConfig
} from '$lib/server/client-address';
import { BodyError, readJson, requireJson } from '$lib/server/body';
import { gatewayServer, publicDicomWebRoot } from '$lib/server/gateway';
import { failure } from '$lib/server/gateway/proxy';
import type { RequestHandler } from './$types';

export const prerender = false;

/**
 * Ten failed tries per ten minutes per client (a 60-bit code cannot be guessed at that pace), and a back-off over
 * all clients together that slows failures when many clients guess at once but never refuses a right code (see
 * FailureBackoff): the gateway's `attempts` and `backoff`, in memory or, on PostgreSQL, shared by every instance.
 * Who "a client" is depends on RADFOLIO_TRUSTED_PROXIES (src/lib/server/client-address.ts).
 */

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }
	});

/** Exchanges a one-time enrollment code for a patient token: `{ code }` → `{ token, provider, dicomWebUrl }`. */
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const server = gatewayServer(env);
	if (!server) return json({ error: 'this server has no provider gateway' }, 404);
	const cors = server.gateway.cors(request);
	const { attempts, backoff } = server;
	try {
		let client: string;
		try {
			client = limitKey(
				clientAddress(getClientAddress(), request.headers, serverClientAddressConfig(env))
			);
		} catch (error) {
			if (error instanceof ClientAddressError) return json({ error: error.message }, 400, cors);
			throw error;
		}
		// Only a JSON body is a guess: a form or a bodiless POST, which any web page can make its visitors' browsers
		// send, is refused before it counts (else one page could lock a clinic's shared address out).
		try {
			requireJson(request);
		} catch (error) {
			if (error instanceof BodyError) return json({ error: error.message }, error.status, cors);
			throw error;
		}
		// Counted now, before anything is awaited: parallel requests cannot all pass a check made before any of
		// them is counted. A right code, or a body that is no guess at all, takes its count back.
		const wait = await attempts.hit(client);
		if (wait || (await backoff.busy(client)))
			return json({ error: 'too many attempts; try again later' }, 429, {
				...cors,
				'Retry-After': String(wait || 10)
			});
		let code: unknown;
		try {
			code = ((await readJson(request, 1024)) as { code?: unknown } | null)?.code;
		} catch (error) {
			await attempts.refund(client);
			if (error instanceof BodyError) return json({ error: error.message }, error.status, cors);
			throw error;
		}
		if (typeof code !== 'string' || !code.trim()) {
			await attempts.refund(client);
			return json({ error: 'send JSON: { "code": "…" }' }, 400, cors);
		}
		const redeemed = await server.store.redeem(code);
		if (!redeemed) {
			await backoff.fail(client);
			return json({ error: 'this enrollment code is unknown, already used or expired' }, 401, cors);
		}
		await attempts.refund(client);
		return json(
			{
				token: redeemed.token,
				provider: server.config.providerName,
				dicomWebUrl: publicDicomWebRoot(env)
			},
			200,
			cors
		);
	} catch (error) {
		return failure(error, cors);
	}
};

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
