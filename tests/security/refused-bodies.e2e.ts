import { expect, test } from '@playwright/test';
import { connect } from 'node:net';
import { asSharePart } from '../fixtures/share-header';
import { OwnServer } from '../e2e/server';
import { randomKey } from './helpers';

/**
 * Review: request bodies the server refuses were read to their end for free — the relay's (up to 16 MiB each) and,
 * after Node's own drain, any route's that never reads a body (gigabytes). What the server reads of a body it refuses
 * is counted against the sender's allowance, or not read at all.
 */

interface Outcome {
	/** The status line of the answer, if one came. */
	status: string | null;
	/** The answer's Connection header. */
	connection: string | null;
	/** Bytes of the body the server took from the socket before the connection ended (or 5 s passed). */
	written: number;
	/** Whether the connection was still open after the answer (kept alive). */
	keptAlive: boolean;
}

/** Sends `size` bytes of body to `path` on a raw connection (as an attacker would), as fast as the server reads. */
function send(base: string, method: string, path: string, size: number): Promise<Outcome> {
	const { hostname, port } = new URL(base);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		let answer = '';
		let written = 0;
		let ended = false;
		const chunk = Buffer.alloc(64 * 1024);
		const finish = () => {
			if (ended) return;
			ended = true;
			clearTimeout(timer);
			const keptAlive = !socket.readableEnded && !socket.destroyed;
			socket.destroy();
			resolve({
				status: /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? null,
				connection: /\r\nconnection: ([^\r]*)/i.exec(answer)?.[1]?.toLowerCase() ?? null,
				written,
				keptAlive
			});
		};
		// Node ends an idle kept-alive connection after 5 s: the outcome is read well before that.
		const timer = setTimeout(finish, 4000);
		let settling = false;
		socket.on('data', (data) => {
			answer += data.toString('latin1');
			if (settling || !answer.includes('\r\n\r\n') || written < size) return;
			// The answer is in and the body sent: a connection still open a moment later was kept alive (one the
			// server ends closes right after its answer).
			settling = true;
			setTimeout(finish, 300);
		});
		socket.on('error', finish);
		socket.on('close', finish);
		socket.write(
			`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n` +
				`Content-Length: ${size}\r\n\r\n`
		);
		const pump = () => {
			while (written < size && !ended) {
				const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
				written += piece.length;
				if (!socket.write(piece)) return void socket.once('drain', pump);
			}
		};
		pump();
	});
}

const MiB = 1024 * 1024;

test('a body a route never reads is not drained after the answer: the connection ends', async ({
	baseURL
}) => {
	// Before: 2 GB sent to these were all read (~400 MB/s) and dropped, the connection kept.
	for (const path of ['/api/gateway/fhir/metadata', '/', '/api/relay/shares']) {
		const outcome = await send(baseURL!, 'POST', path, 512 * MiB);
		if (outcome.status === null) {
			// The answer was lost to the reset a server's close causes while the sender still writes (TCP RST
			// discards what the sender had not read yet): the connection ended all the same.
			expect(outcome.keptAlive, path).toBe(false);
		} else {
			expect(outcome.status, path).toMatch(/^[2-4]\d\d$/);
			expect(outcome.connection, path).toBe('close');
		}
		// What the sockets' buffers hold on the way, at most: nowhere near the body.
		expect(outcome.written, path).toBeLessThan(64 * MiB);
	}
});

test('the relay reads a refused body only against its sender’s allowance, then stops reading', async () => {
	const server = new OwnServer(4442, { env: { RADFOLIO_RELAY_CLIENT_BYTES: String(3 * MiB) } });
	await server.start();
	try {
		const missing = `/api/relay/shares/${'A'.repeat(22)}/complete`;
		// Refused (no such share), read whole so the sender sees the answer, the connection kept: 2 × 2 MiB.
		for (let i = 0; i < 2; i++) {
			const refused = await send(server.url, 'POST', missing, 2 * MiB);
			expect(refused.status).toBe('404');
			expect(refused.connection).not.toBe('close');
			expect(refused.keptAlive).toBe(true);
		}
		// They were counted: 4 MiB read of a 3 MiB day, so this client's own upload is refused.
		const created = await fetch(`${server.url}/api/relay/shares`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: 1 })
		});
		expect(created.status).toBe(429);
		// Past a grace of four parts (64 MiB) read, refused bodies are not read at all: the answer, then a hang-up.
		let last: Outcome | undefined;
		for (let i = 0; i < 6; i++) {
			last = await send(server.url, 'POST', missing, 16 * MiB);
			if (last.connection === 'close') break;
		}
		expect(last!.status).toBe('404');
		expect(last!.connection).toBe('close');
		expect(last!.written).toBeLessThan(16 * MiB);
	} finally {
		await server.stop();
	}
});

test('an upload under way answers a stranger’s owner-only requests as a missing share', async ({
	baseURL
}) => {
	const created = await fetch(`${baseURL}/api/relay/shares`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: 1 })
	});
	const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
	const owner = {
		Authorization: `Bearer ${ownerToken}`,
		'Content-Type': 'application/octet-stream'
	};
	expect(
		(
			await fetch(`${baseURL}/api/relay/shares/${id}/parts/0`, {
				method: 'PUT',
				headers: owner,
				body: asSharePart(randomKey(5000)) as BodyInit
			})
		).status
	).toBe(200);
	const stranger = { Authorization: `Bearer ${randomKey().toString('base64url')}` };
	const probe = async (share: string) =>
		Promise.all(
			[
				fetch(`${baseURL}/api/relay/shares/${share}/parts/1`, {
					method: 'PUT',
					headers: { ...stranger, 'Content-Type': 'application/octet-stream' },
					body: randomKey(5000) as BodyInit
				}),
				fetch(`${baseURL}/api/relay/shares/${share}/complete`, {
					method: 'POST',
					headers: stranger
				}),
				fetch(`${baseURL}/api/relay/shares/${share}`, { method: 'DELETE', headers: stranger })
			].map(async (answer) => {
				const response = await answer;
				return [response.status, await response.text()];
			})
		);
	const answers = await probe(id);
	expect(answers).toEqual(await probe(randomKey(16).toString('base64url')));
	expect(answers.map(([status]) => status)).toEqual([404, 404, 404]);
});
