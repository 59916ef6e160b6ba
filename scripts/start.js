// Runs the built app (adapter-node's handler) with Radfolio's security headers on every response, including the
// prerendered shells and static files that Kit's hooks never see.
//
// Environment: PORT (3000), HOST (127.0.0.1), RADFOLIO_FRAME_ANCESTORS (space-separated origins allowed to embed
// the app, e.g. a provider's portal; default: none), RADFOLIO_CONNECT_ORIGINS (extra origins the app may call).
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { securityHeaders, serverPolicyWithKitHashes } from './security-headers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// RADFOLIO_BUILD_DIR lets tests serve a copy of the build (e.g. to publish a "new version" of the worker).
const buildDir = process.env.RADFOLIO_BUILD_DIR ?? join(root, 'build');
if (!existsSync(join(buildDir, 'handler.js'))) {
	console.error(
		'No build found. Run `npm run build` first (or `npm ci && npm run build && npm start`).'
	);
	process.exit(1);
}

const list = (value) => (value ?? '').split(/[\s,]+/).filter(Boolean);
// The gateway's own EHR (RADFOLIO_SMART_ISSUER, SMART Imaging Access): patients' apps on this origin read its SMART
// configuration and exchange codes at its token endpoint, so it is one of the origins the app may call.
const smartIssuer = process.env.RADFOLIO_SMART_ISSUER?.trim();
const headers = securityHeaders({
	buildDir,
	frameAncestors: list(process.env.RADFOLIO_FRAME_ANCESTORS),
	connectOrigins: [
		...list(process.env.RADFOLIO_CONNECT_ORIGINS),
		...(smartIssuer ? [new URL(smartIssuer).origin] : [])
	]
});
// This server speaks plain HTTP. Unless the operator set ORIGIN (or a proxy header) for a TLS front end,
// tell adapter-node so, through a header only this process sets: Kit's request URLs (and the gateway's URLs built
// from them) then say http://host:port, not adapter-node's default https.
const protocolHeader =
	process.env.ORIGIN || process.env.PROTOCOL_HEADER ? null : 'x-radfolio-protocol';
if (protocolHeader) process.env.PROTOCOL_HEADER = protocolHeader;
// Kit refuses request bodies over 512 KiB by default; the relay takes share parts of up to 16 MiB (and checks
// its own limits), so the server as a whole accepts a little more than that.
process.env.BODY_SIZE_LIMIT ??= String(16 * 1024 * 1024 + 64 * 1024);
const { handler } = await import(pathToFileURL(join(buildDir, 'handler.js')).href);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const server = createServer((req, res) => {
	if (protocolHeader) req.headers[protocolHeader] = 'http';
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	// Kit sets its own CSP on pages it renders on request: the server's policy stays, with Kit's script hashes.
	const setHeader = res.setHeader.bind(res);
	res.setHeader = (name, value) =>
		String(name).toLowerCase() === 'content-security-policy'
			? setHeader(
					'Content-Security-Policy',
					serverPolicyWithKitHashes(headers['Content-Security-Policy'], String(value))
				)
			: setHeader(name, value);
	// The service worker script must be revalidated on every visit, or updates would never be noticed.
	if (req.url === '/service-worker.js') res.setHeader('Cache-Control', 'no-cache');
	// A request answered before its body arrived whole (a route that never reads a body, a refusal): Node would read
	// the rest after the answer and drop it, whatever its size, to keep the connection — gigabytes for free. The
	// answer says the connection ends instead, and Node closes it. Routes that read their body (the relay's parts,
	// JSON commands; the relay reads a refused one itself, counted) have it whole before they answer.
	const writeHead = res.writeHead.bind(res);
	res.writeHead = (...args) => {
		if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
		return writeHead(...args);
	};
	handler(req, res, () => {
		res.statusCode = 404;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	console.log(`Radfolio listening on http://${host}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		server.close(() => process.exit(0));
		setTimeout(() => process.exit(0), 3000).unref();
	});
}
