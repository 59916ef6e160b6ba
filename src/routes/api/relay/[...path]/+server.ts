import { env } from '$env/dynamic/private';
import { relayServer } from '$lib/server/relay';
import type { RequestHandler } from './$types';

export const prerender = false;

const PREFIX = '/api/relay/';

/** Every method goes to the relay, which answers 405 itself where a method does not fit. */
const handle: RequestHandler = ({ request, url, getClientAddress }) => {
	const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
	return relayServer(env).handle(request, path, getClientAddress());
};

export const GET = handle;
export const fallback = handle;
