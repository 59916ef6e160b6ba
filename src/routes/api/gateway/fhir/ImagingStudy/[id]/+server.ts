import { env } from '$env/dynamic/private';
import { gatewayServer } from '$lib/server/gateway';
import { readImagingStudy } from '$lib/server/gateway/smart-handlers';
import { requestClient } from '$lib/server/gateway/request-client';
import { fhirServer, notFound } from '$lib/server/gateway/smart-routes';
import type { RequestHandler } from './$types';

export const prerender = false;

/** SMART Imaging Access: one ImagingStudy (its id is the Study Instance UID) for a SMART access token. */
export const GET: RequestHandler = ({ request, url, params, getClientAddress }) => {
	// Who the caller is, for the limit on failed SMART tokens (each unknown one costs the EHR a request).
	const caller = requestClient(env, request, getClientAddress);
	if ('refused' in caller) return caller.refused;
	const server = fhirServer(env, url, caller.client);
	return server ? readImagingStudy(server, request, params.id) : notFound();
};

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
