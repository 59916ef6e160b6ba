import { env } from '$env/dynamic/private';
import { imagingCapabilityStatement } from '$lib/server/gateway/smart-handlers';
import { fhirServer, notFound } from '$lib/server/gateway/smart-routes';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The imaging FHIR base's CapabilityStatement. */
export const GET: RequestHandler = ({ url }) => {
	const server = fhirServer(env, url);
	return server?.smart ? imagingCapabilityStatement(server) : notFound();
};
