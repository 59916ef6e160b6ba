// A network link on loopback for the benchmarks: a TCP proxy in front of a server that carries bytes at a set rate
// each way and adds a set round-trip latency. One link is shared by every connection through it, as a home or
// clinic connection is. Chromium's own network emulation (DevTools' Network.emulateNetworkConditions) was tried
// first: set to 100 Mbit/s it carried a 105 MB retrieve in 18-19 s here, about half the rate asked for, so the
// benchmark could not say what "the same link" was; this proxy carries it in 8.4 s (P5's setup checks).
import { connect, createServer } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Pieces a chunk is cut into, so a big read does not go out as one burst. */
const PIECE = 64 * 1024;
/**
 * How far behind the link's clock may fall before it forgets the time (a link idle for longer has no backlog to
 * catch up): timers fire late by a millisecond or more, and without this slack every late one would be lost.
 */
const SLACK_MS = 20;

/** One direction of the link: bytes leave it no faster than `bytesPerMs`, in order, whoever sends them. */
class Pacer {
	#bytesPerMs;
	#clock = 0;
	constructor(bytesPerMs) {
		this.#bytesPerMs = bytesPerMs;
	}
	/** Takes the link for `n` bytes; resolves to when their last byte has gone (performance.now() time). */
	reserve(n) {
		this.#clock = Math.max(performance.now() - SLACK_MS, this.#clock) + n / this.#bytesPerMs;
		return this.#clock;
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Bytes through `pacer`, then `delayMs` of propagation. The pacing holds the stream back (the sender feels the
 * link's rate, as TCP would make it); the propagation delay does not (the link is a pipe, not a queue of one).
 */
function paced(pacer, delayMs) {
	let inFlight = Promise.resolve();
	return new Transform({
		async transform(chunk, _encoding, done) {
			for (let at = 0; at < chunk.length; at += PIECE) {
				const piece = chunk.subarray(at, at + PIECE);
				const wait = pacer.reserve(piece.length) - performance.now();
				if (wait >= 1) await sleep(wait);
				inFlight = sleep(delayMs).then(() => {
					this.push(piece);
				});
			}
			done();
		},
		async flush(done) {
			await inFlight;
			done();
		}
	});
}

/**
 * @param {{ target: string, bitsPerSecond: number, latencyMs: number }} options  `target`: the server's origin
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}  `url`: the same server through the link
 */
export async function startLink({ target, bitsPerSecond, latencyMs }) {
	const { hostname, port } = new URL(target);
	const bytesPerMs = bitsPerSecond / 8 / 1000;
	const down = new Pacer(bytesPerMs);
	const up = new Pacer(bytesPerMs);
	const sockets = new Set();
	const server = createServer((client) => {
		client.setNoDelay(true);
		const upstream = connect({ host: hostname, port: Number(port) });
		upstream.setNoDelay(true);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
		}
		const end = () => {
			client.destroy();
			upstream.destroy();
		};
		pipeline(client, paced(up, latencyMs / 2), upstream).catch(end);
		pipeline(upstream, paced(down, latencyMs / 2), client).catch(end);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the link has no port');
	return {
		url: `http://127.0.0.1:${address.port}`,
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}
