import { env } from '$env/dynamic/private';
import { gatewayServer } from '$lib/server/gateway';
import { searchImagingStudies } from '$lib/server/gateway/smart-handlers';
import { fhirServer, notFound } from '$lib/server/gateway/smart-routes';
import type { RequestHandler } from './$types';

export const prerender = false;

/** SMART Imaging Access: ImagingStudy?patient=… for a SMART access token. */
export const GET: RequestHandler = ({ request, url }) => {
	const server = fhirServer(env, url);
	return server ? searchImagingStudies(server, request) : notFound();
};

export const OPTIONS: RequestHandler = ({ request }) => {
	const server = gatewayServer(env);
	return server ? server.gateway.preflight(request) : new Response(null, { status: 404 });
};
