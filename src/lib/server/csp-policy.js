// The one Content-Security-Policy of Radfolio, shared by svelte.config.js (Kit hashes its inline boot script into
// it) and scripts/start.js (sends it as a header on every response). Plain JS so the Kit config can import it.
// No third-party origin anywhere: the app, its decoders and its WASM all come from 'self'.

/**
 * @param {{ forMeta?: boolean, connectOrigins?: string[], frameAncestors?: string[] }} [options]
 * @returns {Record<string, string[]>} directives in Kit's form: keywords unquoted ('self', 'none').
 */
export function contentSecurityPolicy(options = {}) {
	/** @type {Record<string, string[]>} */
	const directives = {
		'default-src': ['self'],
		// WASM (argon2id, and the viewer's decoders) needs wasm-unsafe-eval; never unsafe-eval.
		'script-src': ['self', 'wasm-unsafe-eval'],
		// Svelte and dwv set element styles at run time; style injection cannot run script.
		'style-src': ['self', 'unsafe-inline'],
		'img-src': ['self', 'blob:', 'data:'],
		'font-src': ['self'],
		'worker-src': ['self', 'blob:'],
		// The <meta> policy is fixed at build time and cannot know a deployment's RADFOLIO_CONNECT_ORIGINS (a
		// hospital's EHR and imaging server, for SMART on FHIR): it allows TLS and this machine only, and the header
		// policy scripts/start.js sends (both apply) narrows that to 'self' and the origins listed.
		'connect-src': options.forMeta
			? ['self', 'https:', 'http://127.0.0.1:*', 'http://localhost:*']
			: ['self', ...(options.connectOrigins ?? [])],
		'frame-src': ['self', 'blob:'],
		'media-src': ['self', 'blob:'],
		// No manifest-src: default-src 'self' already governs the manifest in browsers that know the directive, and
		// WebKit, which does not, logs an error for it on every page.
		'object-src': ['none'],
		'base-uri': ['self'],
		'form-action': ['self']
	};
	// Browsers ignore frame-ancestors in a <meta> policy (and warn about it), so it only goes in the header.
	if (!options.forMeta) directives['frame-ancestors'] = options.frameAncestors ?? ['none'];
	return directives;
}

const KEYWORDS = new Set([
	'self',
	'none',
	'unsafe-inline',
	'unsafe-eval',
	'wasm-unsafe-eval',
	'strict-dynamic',
	'unsafe-hashes'
]);

/**
 * Serialises directives for a header, quoting keywords and hashes as CSP requires.
 * @param {Record<string, string[]>} directives
 * @param {string[]} [scriptHashes] e.g. ['sha256-…'] collected from the prerendered shells
 */
export function serializePolicy(directives, scriptHashes = []) {
	const quote = (/** @type {string} */ v) =>
		KEYWORDS.has(v) || /^(sha256|sha384|sha512|nonce)-/.test(v) ? `'${v}'` : v;
	return Object.entries(directives)
		.map(([name, values]) => {
			const all = name === 'script-src' ? [...values, ...scriptHashes] : values;
			return `${name} ${all.map(quote).join(' ')}`;
		})
		.join('; ');
}
