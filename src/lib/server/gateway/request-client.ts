import {
	ClientAddressError,
	clientAddress,
	limitKey,
	serverClientAddressConfig
} from '../client-address';

/**
 * The rate-limit key of a gateway request's client, as the enrollment and relay routes count it (the connection's
 * address, or behind a proxy named in RADFOLIO_TRUSTED_PROXIES the client it forwards for; IPv6 by its /56), or the
 * 400 answer when a trusted proxy did not say who the client is.
 */
export function requestClient(
	env: Record<string, string | undefined>,
	request: Request,
	getClientAddress: () => string
): { client: string } | { refused: Response } {
	try {
		return {
			client: limitKey(
				clientAddress(getClientAddress(), request.headers, serverClientAddressConfig(env))
			)
		};
	} catch (error) {
		if (!(error instanceof ClientAddressError)) throw error;
		return {
			refused: new Response(JSON.stringify({ error: error.message }), {
				status: 400,
				headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }
			})
		};
	}
}
