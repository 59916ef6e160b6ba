import { fromBase64Url, toBase64Url } from '$lib/crypto';
import { ShareOpenError } from './open-error';

/**
 * A share link, format v1: `<origin>/s/<id>#<key>` — the relay's share id in the path, the 32-byte link key in the
 * fragment as unpadded base64url. Browsers never send a fragment to a server, so the key reaches only the
 * recipient's page. The one place that builds and parses links.
 */
export interface ShareLink {
	id: string;
	key: Uint8Array;
}

const KEY_BYTES = 32;
/** The relay's share ids (src/lib/server/relay): url-safe, no slash. */
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export function shareUrl(origin: string, id: string, key: Uint8Array): string {
	if (!ID.test(id) || key.length !== KEY_BYTES) throw new ShareOpenError('bad-link');
	return `${origin.replace(/\/+$/, '')}/s/${id}#${toBase64Url(key)}`;
}

/** The key in a link's fragment (`#…`, with or without the '#'); ShareOpenError 'bad-link' when it is not one. */
export function keyFromFragment(hash: string): Uint8Array {
	try {
		const key = fromBase64Url(hash.replace(/^#/, ''));
		if (key.length === KEY_BYTES) return key;
	} catch {
		// fall through
	}
	throw new ShareOpenError('bad-link');
}

/** A whole link, as the sender's vault keeps it: its id and key. */
export function parseShareUrl(url: string): ShareLink {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new ShareOpenError('bad-link');
	}
	const id = /^\/s\/([^/]+)$/.exec(parsed.pathname)?.[1] ?? '';
	if (!ID.test(id)) throw new ShareOpenError('bad-link');
	return { id, key: keyFromFragment(parsed.hash) };
}
