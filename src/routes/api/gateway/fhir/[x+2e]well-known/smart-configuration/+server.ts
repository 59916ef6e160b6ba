import { env } from '$env/dynamic/private';
import { imagingSmartConfiguration } from '$lib/server/gateway/smart-handlers';
import { fhirServer, notFound } from '$lib/server/gateway/smart-routes';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The imaging FHIR base's SMART configuration: the EHR's endpoints, with smart-imaging-access. */
export const GET: RequestHandler = ({ url }) => {
	const server = fhirServer(env, url);
	return server ? imagingSmartConfiguration(server) : notFound();
};
