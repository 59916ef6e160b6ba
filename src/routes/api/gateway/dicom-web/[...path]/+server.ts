import { env } from '$env/dynamic/private';
import { gatewayServer, publicDicomWebRoot } from '$lib/server/gateway';
import type { RequestHandler } from './$types';

export const prerender = false;

const PREFIX = '/api/gateway/dicom-web/';

/** Every method reaches the gateway, which authenticates first and then allows GET only. */
const handle: RequestHandler = async ({ request, url }) => {
	const server = gatewayServer(env);
	if (!server) return new Response('Not found', { status: 404 });
	// The raw (still percent-encoded) path: the rules refuse encoded characters rather than decode them.
	const subpath = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
	return server.gateway.handle(request, subpath, publicDicomWebRoot(env));
};

export const GET = handle;
export const fallback = handle;

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
