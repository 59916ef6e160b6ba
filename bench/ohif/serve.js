// Serves OHIF's built dist/ on loopback as a deployment would: hashed bundles cached for a year, index.html and
// the configuration revalidated, every unknown path answered with index.html (OHIF routes in the page), the
// cross-origin isolation headers OHIF's deployment guide asks for, and /dicom-web/ passed to Orthanc with its
// credentials added (Orthanc sends no CORS headers, so the viewer reaches it on its own origin, as behind nginx).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.ttf': 'font/ttf',
	'.onnx': 'application/octet-stream'
};

/** Content-hashed file names (`name.0f6159c501addfe9.js`, `0ddf166f7a343eda.wasm`) never change. */
const HASHED = /[./][0-9a-f]{16}\.[a-z0-9]+$/;

/**
 * @param {{ dist: string, config: string, archive: { url: string, authorization: string } }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveOhif({ dist, config, archive }) {
	const configJs = readFileSync(config);
	const index = readFileSync(join(dist, 'index.html'));
	const upstream = new URL(archive.url);
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname.startsWith('/dicom-web/')) return proxy(req, res);
		const common = {
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp'
		};
		if (url.pathname === '/app-config.js') {
			res.writeHead(200, { ...common, 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-cache' });
			return res.end(configJs);
		}
		const path = normalize(join(dist, decodeURIComponent(url.pathname)));
		if (path.startsWith(dist) && existsSync(path) && statSync(path).isFile()) {
			res.writeHead(200, {
				...common,
				'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
				'Content-Length': statSync(path).size,
				'Cache-Control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'
			});
			return createReadStream(path).pipe(res);
		}
		res.writeHead(200, { ...common, 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-cache' });
		res.end(index);
	});
	/** Orthanc behind the viewer's origin; the Host header is kept so its BulkDataURIs point back here. */
	function proxy(req, res) {
		const out = httpRequest(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, authorization: archive.authorization }
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, {
					...answer.headers,
					'cross-origin-resource-policy': 'same-origin'
				});
				answer.pipe(res);
			}
		);
		out.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(out);
	}
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('OHIF server has no port');
	return {
		url: `http://127.0.0.1:${address.port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
