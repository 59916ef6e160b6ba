import { env } from '$env/dynamic/private';
import { gatewayServer, publicDicomWebRoot } from '$lib/server/gateway';
import { requestClient } from '$lib/server/gateway/request-client';
import type { RequestHandler } from './$types';

export const prerender = false;

const PREFIX = '/api/gateway/dicom-web/';

/** Every method reaches the gateway, which authenticates first and then allows GET only. */
const handle: RequestHandler = async ({ request, url, getClientAddress }) => {
	const server = gatewayServer(env);
	if (!server) return new Response('Not found', { status: 404 });
	// Who the caller is, for the limit on failed SMART tokens (each unknown one costs the EHR a request).
	const caller = requestClient(env, request, getClientAddress);
	if ('refused' in caller) return caller.refused;
	// The raw (still percent-encoded) path: the rules refuse encoded characters rather than decode them.
	const subpath = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
	return server.gateway.handle(request, subpath, publicDicomWebRoot(env), caller.client);
};

export const GET = handle;
export const fallback = handle;

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
