import { env } from '$env/dynamic/private';
import { gatewayServer, publicDicomWebRoot } from '$lib/server/gateway';
import { failure } from '$lib/server/gateway/proxy';
import { RateLimiter } from '$lib/server/rate-limit';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Ten failed tries per ten minutes per client: a 60-bit code cannot be guessed at that pace. */
const attempts = new RateLimiter(10, 10 * 60_000);

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }
	});

/** Exchanges a one-time enrollment code for a patient token: `{ code }` → `{ token, provider, dicomWebUrl }`. */
export const POST: RequestHandler = async ({ request, url, getClientAddress }) => {
	const server = gatewayServer(env);
	if (!server) return json({ error: 'this server has no provider gateway' }, 404);
	const cors = server.gateway.cors(request);
	try {
		const client = getClientAddress();
		const wait = attempts.check(client);
		if (wait)
			return json({ error: 'too many attempts; try again later' }, 429, {
				...cors,
				'Retry-After': String(wait)
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
			attempts.hit(client);
			return json({ error: 'this enrollment code is unknown, already used or expired' }, 401, cors);
		}
		return json(
			{
				token: redeemed.token,
				provider: server.config.providerName,
				dicomWebUrl: publicDicomWebRoot(url, env)
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
