import { env } from '$env/dynamic/private';
import {
	ClientAddressError,
	clientAddress,
	limitKey,
	serverClientAddressConfig
} from '$lib/server/client-address';
import { gatewayServer, publicDicomWebRoot } from '$lib/server/gateway';
import { failure } from '$lib/server/gateway/proxy';
import { FailureBackoff, RateLimiter } from '$lib/server/rate-limit';
import type { RequestHandler } from './$types';

export const prerender = false;

/**
 * Ten failed tries per ten minutes per client (a 60-bit code cannot be guessed at that pace), and a back-off over
 * all clients together that slows failures when many clients guess at once but never refuses a right code (see
 * FailureBackoff). Who "a client" is depends on RADFOLIO_TRUSTED_PROXIES (src/lib/server/client-address.ts).
 */
const attempts = new RateLimiter(10, 10 * 60_000);
const backoff = new FailureBackoff();

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
		// Counted now, before anything is awaited: parallel requests cannot all pass a check made before any of
		// them is counted. A right code takes its count back.
		const wait = attempts.hit(client);
		if (wait || backoff.busy(client))
			return json({ error: 'too many attempts; try again later' }, 429, {
				...cors,
				'Retry-After': String(wait || 10)
			});
		// A code is a few bytes: refuse anything big before reading it, and a body the server refuses to read.
		if (Number(request.headers.get('content-length') ?? 0) > 1024)
			return json({ error: 'request too large' }, 413, cors);
		const text = await request.text().catch(() => null);
		if (text === null) return json({ error: 'the request body could not be read' }, 400, cors);
		if (text.length > 1024) return json({ error: 'request too large' }, 413, cors);
		let code: unknown;
		try {
			code = (JSON.parse(text) as { code?: unknown })?.code;
		} catch {
			return json({ error: 'send JSON: { "code": "…" }' }, 400, cors);
		}
		if (typeof code !== 'string' || !code.trim()) {
			return json({ error: 'send JSON: { "code": "…" }' }, 400, cors);
		}
		const redeemed = server.store.redeem(code);
		if (!redeemed) {
			await backoff.fail(client);
			return json({ error: 'this enrollment code is unknown, already used or expired' }, 401, cors);
		}
		attempts.refund(client);
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
