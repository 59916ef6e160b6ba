// A small load balancer for tests and trying N instances on one machine: requests go to the upstreams in turn (round
// robin), streamed both ways, with the client's address appended to X-Forwarded-For (the servers trust it through
// RADFOLIO_TRUSTED_PROXIES, as behind a real one). Like a real one it notices an instance that is down — a refused
// connection — sends nothing more to it, and sends the request that met it to the next one (its body is read only
// once an instance took the connection, so nothing of it is lost). An answer cut because its instance died is cut for
// the client too, never ended as if whole. Plain HTTP on 127.0.0.1: TLS is the real balancer's job (docs/DEPLOY.md).
//
//   node scripts/round-robin.js <port> <upstream> [<upstream> …]   → prints { url }; on TERM prints what each
//                                                                     upstream answered, and exits
import { createServer, request as forward } from 'node:http';
import { pipeline } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** Headers about one connection, not the message (RFC 9110 §7.6.1): never passed on by a proxy. */
const HOP_BY_HOP = [
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'te',
	'upgrade'
];

/**
 * A message's headers without the hop-by-hop ones. (Passed on, the `Connection: close` of the balancer's own
 * one-request connections to an instance would close the client's kept-alive connection under its next request.)
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
function endToEnd(headers) {
	const kept = { ...headers };
	for (const name of HOP_BY_HOP) delete kept[name];
	return kept;
}

/**
 * @param {string[]} upstreams origins, e.g. http://127.0.0.1:4311
 * @param {{ port?: number }} [options]
 */
export async function startRoundRobin(upstreams, options = {}) {
	let next = 0;
	/** @type {Set<number>} */
	const down = new Set();
	/**
	 * Which upstream answered each request, in order, and how. @type {{ method: string, path: string, upstream: number,
	 * status: number }[]}
	 */
	const log = [];
	/** Requests no upstream answered: the error's code. @type {{ method: string, upstream: number, code: string }[]} */
	const failed = [];

	const pick = () => {
		for (let i = 0; i < upstreams.length; i++) {
			const candidate = next++ % upstreams.length;
			if (!down.has(candidate)) return candidate;
		}
		return null;
	};

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {number} tries
	 */
	const attempt = (req, res, tries) => {
		const upstream = pick();
		if (upstream === null) {
			res.writeHead(502).end('no upstream');
			return;
		}
		const target = new URL(req.url ?? '/', upstreams[upstream]);
		const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
			.filter(Boolean)
			.join(', ');
		const outgoing = forward(
			target,
			{
				method: req.method,
				headers: { ...endToEnd(req.headers), host: target.host, 'x-forwarded-for': forwardedFor },
				// A connection per request: an instance that died is then refused at once (a kept-alive connection to
				// it would reset mid-request instead, indistinguishable from other failures).
				agent: false
			},
			(answer) => {
				log.push({
					method: req.method ?? '',
					path: target.pathname,
					upstream,
					status: answer.statusCode ?? 0
				});
				res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
				// An answer cut short (its instance died) destroys the client's connection as well.
				pipeline(answer, res, (error) => error && res.destroy());
			}
		);
		outgoing.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
			if (error.code === 'ECONNREFUSED') down.add(upstream);
			failed.push({ method: req.method ?? '', upstream, code: error.code ?? error.name });
			if (res.headersSent) return res.destroy();
			// Refused: not a byte of the request was read yet (see below), so it goes to the next instance whole.
			if (error.code === 'ECONNREFUSED' && tries < upstreams.length)
				return attempt(req, res, tries + 1);
			res.writeHead(502).end('upstream failed');
		});
		// The body is read only once the instance took the connection.
		outgoing.once('socket', (socket) => {
			const send = () => {
				if (req.method === 'GET' || req.method === 'HEAD') outgoing.end();
				else pipeline(req, outgoing, () => undefined);
			};
			if (socket.connecting) socket.once('connect', send);
			else send();
		});
	};

	const server = createServer((req, res) => attempt(req, res, 1));
	await new Promise((resolve) =>
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve(null))
	);
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		log,
		failed,
		down,
		/** @returns {Promise<void>} */
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [port, ...upstreams] = process.argv.slice(2);
	if (!port || !upstreams.length) {
		console.error('usage: node scripts/round-robin.js <port> <upstream> [<upstream> …]');
		process.exit(2);
	}
	const balancer = await startRoundRobin(upstreams, { port: Number(port) });
	console.log(JSON.stringify({ url: balancer.url }));
	// On TERM: what each upstream answered (requests by method, and downloads), then exit.
	process.once('SIGTERM', () => {
		const answered = upstreams.map((_, i) => {
			const mine = balancer.log.filter((r) => r.upstream === i);
			/** @type {Record<string, number>} */
			const byMethod = {};
			for (const r of mine) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
			return { ...byMethod, blob: mine.filter((r) => r.path.endsWith('/blob')).length };
		});
		// Refusals and failures, by method and status or error code (no paths: they hold share ids).
		/** @type {Record<string, number>} */
		const refused = {};
		for (const r of balancer.log)
			if (r.status >= 400)
				refused[`${r.method} ${r.status}`] = (refused[`${r.method} ${r.status}`] ?? 0) + 1;
		for (const f of balancer.failed)
			refused[`${f.method} ${f.code}`] = (refused[`${f.method} ${f.code}`] ?? 0) + 1;
		console.log(JSON.stringify({ answered, refused }));
		process.exit(0);
	});
}
