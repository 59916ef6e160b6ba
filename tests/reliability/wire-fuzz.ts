import { connect } from 'node:net';
import { prng } from './import-corpus';

/**
 * R2: hostile requests at every relay and gateway endpoint of a running server (random and malformed methods,
 * paths, ids, headers, bodies, raw protocol garbage, clients that trickle). The servers must answer each with a
 * status below 500 (or close a connection that is not HTTP at all), and keep answering real requests meanwhile.
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

export interface FuzzResult {
	cases: number;
	/** Requests answered 5xx, or that got no answer at all over HTTP. */
	failures: { request: string; outcome: string }[];
	/** The slowest answer to a real request made between hostile ones, in ms. */
	slowestHealthCheck: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

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
	const ids = [
		share.id,
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
			`/api/relay/${pick(ids)}`,
			`/api/relay/shares/${pick(ids)}/parts/${pick(numbers)}/${pick(ids)}`,
			`/api/relay/mailboxes/${pick(ids)}`,
			`/api/relay/mailboxes/${pick(ids)}/${pick(['a', 'b', 'B', '', pick(ids)])}`
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

	for (let i = 0; i < options.requests; i++) {
		cases++;
		const method = pick(METHODS);
		const path = random() < 0.5 || !targets.gatewayToken ? relayPaths() : gatewayPaths();
		const headers: Record<string, string> = {};
		if (random() < 0.7) headers.Authorization = `Bearer ${pick(tokens)}`;
		if (random() < 0.5)
			headers['Content-Type'] = pick([
				'application/json',
				'application/octet-stream',
				'multipart/related; boundary=x',
				'text/plain',
				'application/json; charset=utf-16'
			]);
		if (random() < 0.2)
			headers.Range = pick(['bytes=0-10', 'bytes=-5', 'bytes=999999999-', 'lines=1-2']);
		if (random() < 0.2) headers['X-Radfolio-Open'] = pick(['1', '0', 'yes', '']);
		if (random() < 0.1) headers.Origin = pick(['http://evil.example', 'null', targets.base]);
		let body: Uint8Array | string | undefined;
		if (method !== 'GET' && method !== 'HEAD') {
			const kind = random();
			if (kind < 0.4) body = pick(jsonBodies);
			else if (kind < 0.8) body = bytes(Math.floor(random() * 200_000));
			else if (kind < 0.85) body = bytes(17 * 1024 * 1024); // over the relay's part size and the body limit
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
			await response.arrayBuffer().catch(() => {});
			if (response.status >= 500)
				failures.push({ request: label, outcome: String(response.status) });
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
	return { cases, failures, slowestHealthCheck };
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
