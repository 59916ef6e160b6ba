import { env } from '$env/dynamic/private';
import { gatewayServer } from '$lib/server/gateway';
import { searchImagingStudies } from '$lib/server/gateway/smart-handlers';
import { requestClient } from '$lib/server/gateway/request-client';
import { fhirServer, notFound } from '$lib/server/gateway/smart-routes';
import type { RequestHandler } from './$types';

export const prerender = false;

/** SMART Imaging Access: ImagingStudy?patient=… for a SMART access token. */
export const GET: RequestHandler = ({ request, url, getClientAddress }) => {
	// Who the caller is, for the limit on failed SMART tokens (each unknown one costs the EHR a request).
	const caller = requestClient(env, request, getClientAddress);
	if ('refused' in caller) return caller.refused;
	const server = fhirServer(env, url, caller.client);
	return server ? searchImagingStudies(server, request) : notFound();
};

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
