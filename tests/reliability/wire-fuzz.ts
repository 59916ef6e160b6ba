import { connect } from 'node:net';
import { asSharePart } from '../fixtures/share-header';
import { prng } from './import-corpus';

/**
 * R2: hostile requests at every relay and gateway endpoint of a running server (random and malformed methods,
 * paths, ids, headers, bodies, raw protocol garbage, clients that trickle). The servers must answer each with a
 * status below 500 (or close a connection that is not HTTP at all), and keep answering real requests meanwhile.
 * The relay's routes get real ids and tokens to reach past their checks: a whole share with a live open (its
 * ticket), and a mailbox with its owner and peer tokens. Ciphertext may only ever go to that ticket: a blob
 * request answered 2xx without it is a failure too, whatever else it carried (Range, prefetch, other tokens).
 */
export interface FuzzTargets {
	base: string;
	/** A real share (id + owner token) so requests reach past the id checks. */
	share: { id: string; ownerToken: string };
	/** A real patient token for the gateway, or null when the server has no archive. */
	gatewayToken: string | null;
	/** A real study UID of that patient (for WADO paths). */
	studyUid?: string;
}

/** What fuzzServer opened on the relay itself, so the caller can look for these secrets in the server's log. */
export interface FuzzOpened {
	/** A whole share (no open limit) and the ticket of an open started on it. */
	ready: { id: string; ownerToken: string; ticket: string };
	mailbox: { id: string; ownerToken: string; peerToken: string };
}

export interface FuzzResult {
	cases: number;
	/** Requests answered 5xx, or that got no answer at all over HTTP. */
	failures: { request: string; outcome: string }[];
	/** The slowest answer to a real request made between hostile ones, in ms. */
	slowestHealthCheck: number;
	opened: FuzzOpened;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
/** Mailbox slots: the three there are, the retired a/b, and near misses. */
const SLOTS = ['answer', 'offer', 'done', 'a', 'b', 'B', 'Answer', '', 'answer%00', '..'];

/** A whole share with an open started on it, and a mailbox with both its tokens: real targets for the fuzz. */
async function openTargets(base: string): Promise<FuzzOpened> {
	const api = `${base}/api/relay`;
	const answer = async (response: Promise<Response>, status: number) => {
		const r = await response;
		if (r.status !== status) throw new Error(`${r.url}: ${r.status}, not ${status}`);
		return (await r.json()) as Record<string, string>;
	};
	const share = await answer(
		fetch(`${api}/shares`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: null })
		}),
		201
	);
	const owner = { Authorization: `Bearer ${share.ownerToken}` };
	await answer(
		fetch(`${api}/shares/${share.id}/parts/0`, {
			method: 'PUT',
			headers: { ...owner, 'Content-Type': 'application/octet-stream' },
			body: asSharePart(new Uint8Array(64 * 1024).fill(9)) as BodyInit
		}),
		200
	);
	await answer(
		fetch(`${api}/shares/${share.id}/complete`, { method: 'POST', headers: owner }),
		200
	);
	// Commands say they are JSON (the relay refuses them otherwise: 415).
	const command = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };
	const { ticket } = await answer(fetch(`${api}/shares/${share.id}/open`, command), 201);
	const box = await answer(fetch(`${api}/mailboxes`, command), 201);
	const { peerToken } = await answer(
		fetch(`${api}/mailboxes/${box.id}/answer`, {
			method: 'PUT',
			// Without a Content-Type, SvelteKit hands the relay no body at all.
			headers: { 'Content-Type': 'application/octet-stream' },
			body: new Uint8Array(32).fill(1)
		}),
		201
	);
	return {
		ready: { id: share.id!, ownerToken: share.ownerToken!, ticket: ticket! },
		mailbox: { id: box.id!, ownerToken: box.ownerToken!, peerToken: peerToken! }
	};
}

export async function fuzzServer(
	targets: FuzzTargets,
	options: { seed: number; requests: number }
): Promise<FuzzResult> {
	const random = prng(options.seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const bytes = (n: number) => {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
		return out;
	};
	const { share } = targets;
	const opened = await openTargets(targets.base);
	const { ready, mailbox } = opened;
	const ids = [
		share.id,
		ready.id,
		mailbox.id,
		'x',
		'',
		'..',
		'%2e%2e%2f%2e%2e%2fetc%2fpasswd',
		'a'.repeat(5000),
		'%00',
		'-1',
		'99999999999999999999999',
		'NaN',
		'ñ✓🙂',
		share.id.toUpperCase(),
		`${share.id}/../${share.id}`
	];
	const numbers = ['0', '1', '-1', '1.5', '4294967296', '99999999999999999999', 'abc', '', '%20'];
	const uids = [
		targets.studyUid ?? '1.2.3',
		'1.2.3',
		'*',
		'1..2',
		'a'.repeat(300),
		'0.0',
		'%2A',
		'1.2.3?x=1'
	];
	const tokens = [
		share.ownerToken,
		ready.ticket,
		mailbox.ownerToken,
		mailbox.peerToken,
		targets.gatewayToken ?? 'none',
		'',
		'garbage',
		'a'.repeat(8000),
		'Bearer',
		'\u00ff\u00fe'
	];
	const relayPaths = () =>
		pick([
			`/api/relay/shares`,
			`/api/relay/shares/${pick(ids)}`,
			`/api/relay/shares/${pick(ids)}/parts/${pick(numbers)}`,
			`/api/relay/shares/${pick(ids)}/complete`,
			`/api/relay/shares/${pick(ids)}/blob`,
			`/api/relay/shares/${ready.id}/blob`,
			`/api/relay/shares/${pick(ids)}/open`,
			`/api/relay/shares/${pick(ids)}/opened`,
			`/api/relay/shares/${pick(ids)}/${pick(['open', 'opened', 'blob'])}/${pick(numbers)}`,
			`/api/relay/${pick(ids)}`,
			`/api/relay/shares/${pick(ids)}/parts/${pick(numbers)}/${pick(ids)}`,
			`/api/relay/mailboxes`,
			`/api/relay/mailboxes/${pick(ids)}`,
			`/api/relay/mailboxes/${pick(ids)}/${pick(SLOTS)}`,
			`/api/relay/mailboxes/${mailbox.id}/${pick(SLOTS)}`,
			`/api/relay/mailboxes/${pick(ids)}/${pick(SLOTS)}/${pick(ids)}`
		]);
	const gatewayPaths = () => {
		const q = pick([
			'',
			'?PatientID=*',
			'?patientid=RFTEST-0001',
			'?StudyDate=19000101-30000101',
			'?limit=-5&offset=NaN',
			'?includefield=all',
			'?00100020=x',
			`?StudyInstanceUID=${pick(uids)}`,
			'?' + 'a=b&'.repeat(2000)
		]);
		return pick([
			`/api/gateway/enroll`,
			`/api/gateway/dicom-web/studies${q}`,
			`/api/gateway/dicom-web/studies/${pick(uids)}/series${q}`,
			`/api/gateway/dicom-web/studies/${pick(uids)}/series/${pick(uids)}/instances${q}`,
			`/api/gateway/dicom-web/studies/${pick(uids)}`,
			`/api/gateway/dicom-web/studies/${pick(uids)}/metadata`,
			`/api/gateway/dicom-web/studies/${pick(uids)}/series/${pick(uids)}/instances/${pick(uids)}/frames/${pick(numbers)}`,
			`/api/gateway/dicom-web/studies/${pick(uids)}/bulk/${pick(ids)}`,
			`/api/gateway/dicom-web/${pick(ids)}`,
			`/api/gateway/dicom-web/instances`
		]);
	};
	const jsonBodies = [
		'{}',
		'{"expiresInSeconds":-1,"maxOpens":0}',
		'{"expiresInSeconds":1e308,"maxOpens":1e308}',
		'{"expiresInSeconds":"soon","maxOpens":[1]}',
		'{"code":"AAAA-BBBB-CCCC"}',
		'{"code":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
		'{"code":null}',
		'[',
		'null',
		'"x"',
		'{"__proto__":{"admin":true}}'
	];
	const failures: FuzzResult['failures'] = [];
	let slowestHealthCheck = 0;
	let cases = 0;

	const healthCheck = async () => {
		const started = performance.now();
		const response = await fetch(`${targets.base}/api/relay/shares/${share.id}`).catch(() => null);
		slowestHealthCheck = Math.max(slowestHealthCheck, performance.now() - started);
		if (!response || response.status >= 500) {
			failures.push({ request: 'health check', outcome: String(response?.status ?? 'no answer') });
		}
		await response?.body?.cancel();
	};

	// A client that trickles its request line and headers over several seconds while the rest goes on.
	const slowClient = trickle(targets.base, 4_000);

	/**
	 * A request close to one the app makes on the relay's newer routes (the real share, ticket, mailbox and their
	 * tokens, mostly the right method): picked at random among the ids and tokens, these would rarely reach past the
	 * first checks.
	 */
	/** The tickets of the opens started on the ready share: the one made first, then any the fuzz starts. */
	const tickets = [ready.ticket];
	const nearReal = (): {
		method: string;
		path: string;
		token?: string;
		body?: Uint8Array;
		json?: boolean;
	} => {
		const slot = (token?: string) => ({
			method: 'PUT',
			path: `/api/relay/mailboxes/${mailbox.id}/${pick(['answer', 'offer', 'done'])}`,
			token,
			body: bytes(pick([1, 32, 200, 1024, 1025]))
		});
		return pick([
			() => ({ method: 'GET', path: `/api/relay/shares/${ready.id}/blob`, token: pick(tickets) }),
			() => ({ method: 'POST', path: `/api/relay/shares/${ready.id}/open`, json: true }),
			() => ({
				method: 'POST',
				path: `/api/relay/shares/${ready.id}/opened`,
				token: pick([pick(tickets), mailbox.peerToken, share.ownerToken])
			}),
			() => ({
				method: 'PUT',
				path: `/api/relay/shares/${ready.id}/parts/${pick(['0', '1'])}`,
				token: ready.ownerToken,
				body: asSharePart(bytes(64 * 1024))
			}),
			() => ({ method: 'POST', path: `/api/relay/mailboxes`, json: true }),
			() => slot(),
			() => slot(pick([mailbox.ownerToken, mailbox.peerToken, ready.ticket])),
			() => ({
				method: 'GET',
				path: `/api/relay/mailboxes/${mailbox.id}/${pick(['answer', 'offer', 'done'])}`
			}),
			() => ({
				method: 'DELETE',
				path: `/api/relay/mailboxes/${mailbox.id}`,
				token: pick([mailbox.peerToken, ready.ticket, share.ownerToken])
			})
		])();
	};

	for (let i = 0; i < options.requests; i++) {
		cases++;
		let method = pick(METHODS);
		let path = random() < 0.5 || !targets.gatewayToken ? relayPaths() : gatewayPaths();
		const near = random() < 0.25 ? nearReal() : null;
		if (near) {
			path = near.path;
			if (random() < 0.85) method = near.method;
		}
		const headers: Record<string, string> = {};
		if (random() < 0.7) headers.Authorization = `Bearer ${pick(tokens)}`;
		if (near?.token && random() < 0.85) headers.Authorization = `Bearer ${near.token}`;
		if (near?.body && random() < 0.85) headers['Content-Type'] = 'application/octet-stream';
		else if (near?.json && random() < 0.85) headers['Content-Type'] = 'application/json';
		else if (random() < 0.5)
			headers['Content-Type'] = pick([
				'application/json',
				'application/octet-stream',
				'multipart/related; boundary=x',
				'text/plain',
				'application/json; charset=utf-16'
			]);
		if (random() < 0.2)
			headers.Range = pick([
				'bytes=0-',
				'bytes=1-',
				'bytes=65535-',
				'bytes=65536-',
				'bytes=0-10',
				'bytes=-5',
				'bytes=5-,0-',
				'bytes=00-',
				'bytes=999999999-',
				'bytes=99999999999999999999-',
				'lines=1-2'
			]);
		// Previews and the header the landing page once sent to count an open: neither may get ciphertext.
		if (random() < 0.2) headers['X-Radfolio-Open'] = pick(['1', '0', 'yes', '']);
		if (random() < 0.1) headers['Sec-Purpose'] = pick(['prefetch', 'prefetch;prerender']);
		if (random() < 0.1) headers.Origin = pick(['http://evil.example', 'null', targets.base]);
		let body: Uint8Array | string | undefined;
		if (method !== 'GET' && method !== 'HEAD') {
			const kind = random();
			if (kind < 0.4) body = pick(jsonBodies);
			else if (kind < 0.6) body = bytes(Math.floor(random() * 200_000));
			// Mailbox-sized: a public key, a sealed message, just over a slot's 1 KiB.
			else if (kind < 0.7) body = bytes(pick([32, 1024, 1025, Math.floor(random() * 8192)]));
			// A share stream's header, then garbage: what gets past part 0's check.
			else if (kind < 0.8) body = asSharePart(bytes(29 + Math.floor(random() * 60_000)));
			else if (kind < 0.85) body = bytes(17 * 1024 * 1024); // over the relay's part size and the body limit
			if (near?.body && random() < 0.85) body = near.body;
		}
		const size = typeof body === 'string' ? body.length : (body?.length ?? 0);
		const label = `${method} ${path.slice(0, 120)} (${size} B body)`;
		if (size > 64 * 1024) {
			// A big body the server refuses unread: it answers and hangs up while the client is still sending, which
			// fetch reports as a failure before reading the answer. A raw client reads what the server said.
			const status = await rawRequest(
				targets.base,
				`${method} ${encodeURI(path)} HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n` +
					Object.entries(headers)
						.map(([k, v]) => `${k}: ${v.replace(/[^\x20-\x7e]/g, '?')}\r\n`)
						.join('') +
					'\r\n',
				body as Uint8Array
			);
			// 'closed': the server hung up on a body it refused, and the reset can drop its answer on the way back
			// (TCP discards it when unread data meets a close). A refusal all the same; the health checks that
			// follow show the server is still there.
			if (!/^HTTP\/1\.[01] [1-4]\d\d/.test(status) && status !== 'closed')
				failures.push({ request: label, outcome: status });
			continue;
		}
		try {
			const response = await fetch(`${targets.base}${path}`, {
				method,
				headers,
				body: body as BodyInit | undefined,
				redirect: 'manual',
				signal: AbortSignal.timeout(20_000)
			});
			const answer = await response.arrayBuffer().catch(() => new ArrayBuffer(0));
			if (response.status >= 500)
				failures.push({ request: label, outcome: String(response.status) });
			const asked = new URL(response.url || `${targets.base}${path}`).pathname;
			if (asked === `/api/relay/shares/${ready.id}/open` && response.status === 201)
				tickets.push((JSON.parse(new TextDecoder().decode(answer)) as { ticket: string }).ticket);
			// The ciphertext goes to a live open's ticket only, and only on a GET of the blob.
			if (
				/\/blob$/.test(asked) &&
				response.ok &&
				(method !== 'GET' ||
					!tickets.some((t) => headers.Authorization === `Bearer ${t}`) ||
					asked !== `/api/relay/shares/${ready.id}/blob`)
			)
				failures.push({
					request: label,
					outcome: `${response.status} with ${answer.byteLength} B, without the ticket`
				});
		} catch (error) {
			failures.push({ request: label, outcome: `no answer (${(error as Error).message})` });
		}
		if (i % 25 === 0) await healthCheck();
	}

	// Raw protocol garbage: the server may answer 400 or close, and must go on serving.
	const raw = [
		'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
		'POST /api/relay/shares HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
		'PUT /api/relay/shares/x/parts/0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
		'GET /' + 'a'.repeat(100_000) + ' HTTP/1.1\r\nHost: x\r\n\r\n',
		'\u0000\u0001\u0002garbage\r\n\r\n',
		'GET / HTTP/1.1\r\n' + 'X-A: b\r\n'.repeat(5000) + '\r\n'
	];
	for (const request of raw) {
		cases++;
		const outcome = await rawRequest(targets.base, request);
		if (/^HTTP\/1\.[01] 5/.test(outcome)) failures.push({ request: 'raw', outcome });
		await healthCheck();
	}
	cases++;
	const slow = await slowClient;
	if (/^HTTP\/1\.[01] 5/.test(slow)) failures.push({ request: 'slow client', outcome: slow });
	await healthCheck();
	return { cases, failures, slowestHealthCheck, opened };
}

/** Sends raw bytes and resolves to the status line the server answered with ('closed' if none). */
function rawRequest(base: string, text: string, body?: Uint8Array): Promise<string> {
	const url = new URL(base);
	return new Promise((resolve) => {
		const socket = connect(Number(url.port), url.hostname);
		let answer = '';
		socket.setTimeout(10_000, () => socket.destroy());
		socket.on('data', (d) => {
			answer += d.toString('latin1');
			// Enough to know the answer; no need to wait for the rest of a body still being sent.
			if (body && answer.includes('\r\n\r\n')) socket.destroy();
		});
		socket.on('close', () => resolve(answer.split('\r\n')[0] || 'closed'));
		socket.on('error', () => {});
		socket.write(text);
		if (body) socket.write(body);
	});
}

/** Sends a request a few bytes at a time over `ms` (a slowloris client); resolves to its status line. */
function trickle(base: string, ms: number): Promise<string> {
	const url = new URL(base);
	const text = `GET /api/relay/shares/x HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: ${'z'.repeat(200)}\r\n\r\n`;
	return new Promise((resolve) => {
		const socket = connect(Number(url.port), url.hostname);
		let answer = '';
		let at = 0;
		const step = Math.max(1, Math.ceil(text.length / (ms / 50)));
		const timer = setInterval(() => {
			if (socket.destroyed) return clearInterval(timer);
			socket.write(text.slice(at, at + step));
			at += step;
			if (at >= text.length) clearInterval(timer);
		}, 50);
		socket.setTimeout(ms + 15_000, () => socket.destroy());
		socket.on('data', (d) => (answer += d.toString('latin1')));
		socket.on('close', () => {
			clearInterval(timer);
			resolve(answer.split('\r\n')[0] || 'closed');
		});
		socket.on('error', () => {});
	});
}
