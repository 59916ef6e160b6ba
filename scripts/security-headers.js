import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, serializePolicy } from '../src/lib/server/csp-policy.js';

/**
 * Kit puts the hash of each prerendered shell's inline boot script in a <meta> CSP. A response header must allow
 * the same script, or the two policies together would block it: collect those hashes once at start-up.
 * @param {string} buildDir
 */
export function prerenderedScriptHashes(buildDir) {
	const dir = join(buildDir, 'prerendered');
	const hashes = new Set();
	if (!existsSync(dir)) return [];
	for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
		const html = readFileSync(join(entry.parentPath, entry.name), 'utf8');
		for (const match of html.matchAll(/'(sha256-[A-Za-z0-9+/=]+)'/g)) hashes.add(match[1]);
	}
	return [...hashes].sort();
}

/**
 * @param {{ buildDir: string, frameAncestors?: string[], connectOrigins?: string[] }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ buildDir, frameAncestors = [], connectOrigins = [] }) {
	const directives = contentSecurityPolicy({
		connectOrigins,
		frameAncestors: frameAncestors.length ? frameAncestors : ['none']
	});
	return {
		'Content-Security-Policy': serializePolicy(directives, prerenderedScriptHashes(buildDir)),
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Cross-Origin-Resource-Policy': 'same-origin',
		'Permissions-Policy':
			'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
		...(frameAncestors.length ? {} : { 'X-Frame-Options': 'DENY' })
	};
}

/**
 * A page Kit renders on request (a 404, any server-rendered route) comes with Kit's own CSP header, built from the
 * <meta> directives (which are loose on connect-src, since they cannot know a deployment's origins) plus the hash of
 * that response's inline boot script. The server's policy must win, so the header sent is the server's own with
 * only Kit's script hashes added.
 * @param {string} serverPolicy the serialized policy of securityHeaders()
 * @param {string} kitPolicy the policy Kit set on a response
 */
export function serverPolicyWithKitHashes(serverPolicy, kitPolicy) {
	const scriptSrc = /(?:^|;)\s*script-src\s+([^;]*)/.exec(kitPolicy)?.[1] ?? '';
	const hashes = scriptSrc
		.split(/\s+/)
		.filter((v) => /^'(sha256|sha384|sha512)-[A-Za-z0-9+/=]+'$/.test(v));
	if (!hashes.length) return serverPolicy;
	return serverPolicy.replace(/(^|;\s*)(script-src\s+)([^;]*)/, (_, lead, name, values) => {
		const have = new Set(values.split(/\s+/));
		return `${lead}${name}${[values, ...hashes.filter((h) => !have.has(h))].join(' ')}`;
	});
}
