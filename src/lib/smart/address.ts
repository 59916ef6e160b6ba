import { SmartError } from './errors';

/**
 * Tokens go over TLS, or to this machine only (a developer's or a test's server on the loopback address): an
 * `http:` URL elsewhere is refused rather than used.
 */
export function isLoopback(url: URL): boolean {
	return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
}

/** `value` (absolute, or relative to `base`) as a URL a token may be sent to, or null. */
export function secureUrl(value: unknown, base?: string): URL | null {
	if (typeof value !== 'string' || !value.trim()) return null;
	let url: URL;
	try {
		url = new URL(value.trim(), base);
	} catch {
		return null;
	}
	if (url.username || url.password) return null;
	if (url.protocol === 'https:') return url;
	return url.protocol === 'http:' && isLoopback(url) ? url : null;
}

/** A FHIR base URL as typed or pasted: trimmed, without a trailing slash or a pasted discovery path. */
export function fhirBaseFrom(text: string): string {
	const url = secureUrl(text);
	if (!url || url.search || url.hash) throw new SmartError('bad-address');
	const path = url.pathname
		.replace(/\/\.well-known\/smart-configuration$/, '')
		.replace(/\/metadata$/, '')
		.replace(/\/+$/, '');
	return `${url.origin}${path}`;
}

/** `a` and `b` are the same origin (scheme, host, port). */
export function sameOrigin(a: string, b: string): boolean {
	try {
		return new URL(a).origin === new URL(b).origin;
	} catch {
		return false;
	}
}
