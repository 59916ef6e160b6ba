import { env } from '$env/dynamic/private';
import {
	ClientAddressError,
	clientAddress,
	limitKey,
	serverClientAddressConfig
} from '$lib/server/client-address';
import { relayServer } from '$lib/server/relay';
import type { RequestHandler } from './$types';

export const prerender = false;

const PREFIX = '/api/relay/';

/** Every method goes to the relay, which answers 405 itself where a method does not fit. */
const handle: RequestHandler = ({ request, url, getClientAddress }) => {
	const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
	let client: string;
	try {
		client = limitKey(
			clientAddress(getClientAddress(), request.headers, serverClientAddressConfig(env))
		);
	} catch (error) {
		if (!(error instanceof ClientAddressError)) throw error;
		return new Response(JSON.stringify({ error: error.message }), {
			status: 400,
			headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }
		});
	}
	return relayServer(env).handle(request, path, client);
};

export const GET = handle;
export const fallback = handle;
