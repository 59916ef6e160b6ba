import { gatewayServer } from './index';
import type { FhirServer } from './smart-handlers';

/**
 * The imaging FHIR base for a request (routes under /api/gateway/fhir), or null when the gateway is off.
 * URLs handed to apps are absolute: on RADFOLIO_PUBLIC_URL when set (behind a TLS proxy, and what production
 * should set), else on the origin the app called — an Endpoint address is where the app sends its SMART token, and
 * only the app's own request decides that origin here.
 */
export function fhirServer(
	env: Record<string, string | undefined>,
	url: URL,
	client?: string
): FhirServer | null {
	const server = gatewayServer(env);
	if (!server) return null;
	const origin = env.RADFOLIO_PUBLIC_URL?.trim().replace(/\/+$/, '') || url.origin;
	return {
		gateway: server.gateway,
		smart: server.smart,
		fhirBase: `${origin}/api/gateway/fhir`,
		dicomWebBase: `${origin}/api/gateway/dicom-web`,
		client
	};
}

export const notFound = () => new Response('Not found', { status: 404 });
