import { chunksOf } from '$lib/streams';
import { BodyError, readCapped, readJson, requireJson } from '../body';
import { memoryLimits, type Budget, type LimitStore, type Limiter } from '../rate-limit';
import { MAILBOX_SLOT_BYTES, Mailboxes } from './mailboxes';
import { RelayError, type ShareRelay } from './store';

/**
 * The relay's HTTP API under /api/relay/ (README: "Sharing relay"):
 *   POST   shares                    { expiresInSeconds, maxOpens } → 201 { id, ownerToken, partBytes, maxBytes }
 *   PUT    shares/{id}/parts/{n}     owner; one part of the ciphertext, in order (the same part again: 200); part 0
 *                                    must begin with a share-stream header of a known version
 *   POST   shares/{id}/complete      owner; the share becomes downloadable
 *   GET    shares/{id}               { state, expiresAt, maxOpens, opens, opensLeft, size }; 410 { reason } once ended
 *   DELETE shares/{id}               owner; revoke
 *   POST   shares/{id}/open          (JSON) starts an open → 201 { ticket, size, expiresAt } (holds one of the opens
 *                                    left)
 *   GET    shares/{id}/blob          `Authorization: Bearer <ticket>`: the ciphertext (`Range: bytes=N-` resumes,
 *                                    206). Without a live ticket: 401 and not one byte — previews, HEAD (405),
 *                                    Range and prefetch get metadata at most, from GET shares/{id}
 *   POST   shares/{id}/opened        ticket; the recipient has it all: the open is spent (see store.ts for when a
 *                                    ticket that never says so spends it anyway)
 *   POST   mailboxes, PUT/GET mailboxes/{id}/{slot}, DELETE mailboxes/{id}: two devices meeting ("Add a device"),
 *                                    see mailboxes.ts.
 * Commands (POST shares, shares/{id}/open, mailboxes) must say `Content-Type: application/json` (415 otherwise), which
 * makes other sites' pages ask first (a CORS preflight this server refuses). Every part but the last holds at least
 * 64 KiB; an empty part is refused. Small bodies are read with a hard cap as they stream (../body.ts).
 * Uploads go in parts because browsers stream request bodies only over HTTP/2. Limits: a share's size, a part's,
 * what one client may upload in a day (429), and what the relay holds in all (507) — see RelayLimits.
 * Errors answer { error } for people, and `code` where a client acts on more than the status (RelayErrorCode).
 */
export interface RelayLimits {
	/** Largest share, in bytes. */
	maxBytes: number;
	/** Largest part. */
	partBytes: number;
	/** What one client (address) may upload in a day. */
	clientBytesPerDay: number;
	/** What the relay holds in all, every live share together (the disk's free space bounds it too). */
	storeBytes: number;
}

const GiB = 1024 * 1024 * 1024;
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
	maxBytes: 2 * GiB,
	partBytes: 16 * 1024 * 1024,
	clientBytesPerDay: 8 * GiB,
	storeBytes: 50 * GiB
};

const MIN_EXPIRY_S = 60;
/** What a part costs against the client's allowance at least, whatever its size (a disk block and a row). */
const PART_COST_MIN = 4096;
const MAX_EXPIRY_S = 30 * 86_400;

/**
 * Downloads one client may have under way at once. Each holds a socket and a file until it is read to its end or let
 * go, and the server has no idle timeout: without a bound, one client holding unread downloads (10 under each ticket
 * of a 16 MiB share of its own, a new ticket every 12 s) runs the server out of file descriptors, for everyone
 * (review, session 6). A recipient reads one share at a time; the bound leaves room for many recipients behind one
 * address (a clinic's NAT; R5's load test downloads 50 shares at once from one). Per process, in memory.
 */
export const DOWNLOADS_PER_CLIENT = 64;

/**
 * What a client may have read of its refused bodies in a day beyond its upload allowance: enough to see the answer to
 * a few parts refused because that allowance ran out ("quota"), no more.
 */
const REFUSED_GRACE_PARTS = 4;

export class RelayHttp {
	readonly #creates: Limiter;
	readonly #opens: Limiter;
	readonly #mailboxOpens: Limiter;
	readonly #mailboxWrites: Limiter;
	/** Part uploads (a 2 GiB share is 256 parts of 8 MiB): bounds the files and rows one client makes. */
	readonly #partWrites: Limiter;
	readonly #uploaded: Budget;
	/** Refused bodies read once the allowance is spent (REFUSED_GRACE_PARTS). */
	readonly #refusedGrace: Budget;
	/**
	 * Bytes of a body read before it was refused part-way (a part: counted with it; a mailbox message or a command
	 * over its cap): handle reads the rest, counted.
	 */
	readonly #bodyRead = new WeakMap<Request, number>();
	/** Of those, the bytes nothing counted yet (a small body's, read before its refusal): #readRefused counts them. */
	readonly #bodyUncounted = new WeakMap<Request, number>();
	/** Downloads under way per client (DOWNLOADS_PER_CLIENT at most). */
	readonly #downloads = new Map<string, number>();

	constructor(
		readonly store: ShareRelay,
		readonly limits: RelayLimits = DEFAULT_RELAY_LIMITS,
		/** Where the counts live: this process's memory (one instance), or the database all instances share. */
		counters: LimitStore = memoryLimits,
		/** The clock the daily allowance is kept by (tests turn the day over without moving anyone else's). */
		readonly now: () => number = Date.now
	) {
		this.#creates = counters.limiter('relay-creates', 60, 3_600_000);
		this.#opens = counters.limiter('relay-opens', 300, 3_600_000);
		this.#mailboxOpens = counters.limiter('mailbox-opens', 30, 3_600_000);
		this.#mailboxWrites = counters.limiter('mailbox-writes', 120, 3_600_000);
		this.#partWrites = counters.limiter('relay-parts', 3600, 3_600_000);
		this.#uploaded = counters.budget('relay-bytes', limits.clientBytesPerDay, 86_400_000);
		this.#refusedGrace = counters.budget(
			'relay-refused',
			REFUSED_GRACE_PARTS * limits.partBytes,
			86_400_000
		);
	}

	async handle(request: Request, path: string, client: string): Promise<Response> {
		const response = await this.#route(request, path, client);
		// Refused before its body was read (part too big, no such share, not the owner): the client is still sending.
		// Hanging up on it makes most clients (browsers' fetch, Node's) fail on the write and never see the answer,
		// so the body is read to its end and dropped, and the connection kept, as a lingering close would. Reading it
		// costs the sender as an upload would (#readRefused); one it may not afford is not read: the answer says the
		// connection ends (Node then closes it instead of draining the body itself). A part refused part-way through
		// (the relay full, the share over its cap) is the same: its uploader is still sending the rest.
		const consumed = this.#bodyRead.get(request);
		if (
			response.status >= 400 &&
			request.body &&
			!request.body.locked &&
			(!request.bodyUsed || consumed !== undefined)
		) {
			// What was read before the refusal and not counted with a part (review, session 6: a small body's was not).
			const uncounted = this.#bodyUncounted.get(request);
			if (uncounted) await this.#uploaded.spend(client, uncounted, this.now());
			if (!(await this.#readRefused(request, client, consumed ?? 0)))
				response.headers.set('Connection', 'close');
		}
		return response;
	}

	/**
	 * Reads a refused body to its end, counted against the sender's daily allowance (then, once that is spent, a small
	 * grace): nobody makes the relay read bodies for free. True when it was read whole; false, unread or partly read,
	 * when it is bigger than any body the app sends (a part), bigger than what the sender may still spend, or cut.
	 */
	async #readRefused(request: Request, client: string, consumed: number): Promise<boolean> {
		const said = request.headers.get('content-length');
		const declared = said !== null && /^[0-9]+$/.test(said) ? Number(said) : undefined;
		if (declared !== undefined && declared > this.limits.partBytes) return false;
		// What is left of it: a part's bytes read before its refusal were counted with the part.
		const wanted = Math.max(0, (declared ?? this.limits.partBytes) - consumed);
		if (wanted === 0) return discard(request.body!, 0).then((r) => r.whole);
		const at = this.now();
		const own = await this.#uploaded.reserve(client, wanted, 1, at);
		const grace =
			own < wanted ? await this.#refusedGrace.reserve(client, wanted - own, wanted - own, at) : 0;
		if (own + grace < wanted) {
			if (own) await this.#uploaded.release(client, own, at, this.now());
			return false;
		}
		const { read, whole } = await discard(request.body!, wanted);
		// What was read counts against the allowance first, then the grace; the rest of each goes back.
		const fromOwn = Math.min(read, own);
		if (own > fromOwn) await this.#uploaded.release(client, own - fromOwn, at, this.now());
		const fromGrace = Math.min(read - fromOwn, grace);
		if (grace > fromGrace)
			await this.#refusedGrace.release(client, grace - fromGrace, at, this.now());
		// The chunk that crossed `max` was read too (up to a socket chunk, ~64 KiB): it costs the sender as well.
		const over = read - own - grace;
		if (over > 0) await this.#uploaded.spend(client, over, this.now());
		return whole;
	}

	/** A small body's failure as the relay's answer; one refused part-way for its size is remembered for handle. */
	#bodyFailure(request: Request, error: unknown): RelayError {
		if (error instanceof BodyError && error.read !== undefined) {
			this.#bodyRead.set(request, error.read);
			this.#bodyUncounted.set(request, error.read);
		}
		return bodyFailure(error);
	}

	async #route(request: Request, path: string, client: string): Promise<Response> {
		try {
			const parts = path.split('/');
			if (parts.some((p) => !p)) throw new RelayError(404, 'not found');
			if (parts[0] === 'mailboxes') return await this.#mailbox(request, parts, client);
			if (parts[0] !== 'shares') throw new RelayError(404, 'not found');
			const [, id, action, index, ...rest] = parts;
			if (rest.length) throw new RelayError(404, 'not found');
			const method = request.method;
			if (!id) {
				if (method !== 'POST') return methodNotAllowed('POST');
				return await this.#create(request, client);
			}
			if (!action) {
				if (method === 'GET' || method === 'HEAD') return await this.#info(id);
				if (method === 'DELETE') {
					await this.store.revoke(id, bearer(request));
					return new Response(null, { status: 204, headers: NO_STORE });
				}
				return methodNotAllowed('GET, DELETE');
			}
			if (action === 'parts' && index !== undefined) {
				if (method !== 'PUT') return methodNotAllowed('PUT');
				if (!/^(0|[1-9][0-9]{0,5})$/.test(index)) throw new RelayError(404, 'not found');
				if (!request.body) throw new RelayError(400, 'empty part');
				const length = Number(request.headers.get('content-length') ?? 0);
				if (length > this.limits.partBytes) throw new RelayError(413, 'part too large');
				const wait = await this.#partWrites.hit(client);
				if (wait) throw new RelayError(429, 'too many parts; try again later', wait);
				// The client's allowance is taken before the part is read (the most it may be: its declared length,
				// else a whole part) and what was not used given back after: parallel parts cannot overshoot it.
				// (One step, so parts sent in parallel, to this instance or others, each see what the others took.)
				const reservedAt = this.now();
				const reserved = await this.#uploaded.reserve(
					client,
					length || this.limits.partBytes,
					Math.max(length, 1),
					reservedAt
				);
				if (!reserved)
					throw new RelayError(
						429,
						'you have shared a lot from this connection today; try again later',
						3600,
						'quota'
					);
				let received = 0;
				try {
					const put = await this.store.putPart(
						id,
						bearer(request),
						Number(index),
						counted(chunksOf(request.body), (n) => (received += n)),
						{
							partBytes: this.limits.partBytes,
							totalBytes: this.limits.maxBytes,
							clientBytes: reserved,
							storeBytes: this.limits.storeBytes,
							// An object store streams a part on only with its length said first.
							declaredBytes: /^[0-9]+$/.test(request.headers.get('content-length') ?? '')
								? length
								: undefined
						}
					);
					return json({ parts: put.info.parts, size: put.info.size }, 200);
				} finally {
					// Every byte received counts, stored or not (refusals cost the sender too), and every part at
					// least a disk block: tiny parts are not free. What the reservation did not use goes back to the
					// window that held it (not to a new day's, should the day have turned while the part was read).
					this.#bodyRead.set(request, received);
					const cost = Math.max(received, PART_COST_MIN);
					if (cost > reserved) await this.#uploaded.spend(client, cost - reserved, this.now());
					else await this.#uploaded.release(client, reserved - cost, reservedAt, this.now());
				}
			}
			if (action === 'complete' && index === undefined) {
				if (method !== 'POST') return methodNotAllowed('POST');
				const info = await this.store.complete(id, bearer(request));
				return json({ size: info.size, expiresAt: info.expiresAt }, 200);
			}
			if (action === 'open' && index === undefined) {
				if (method !== 'POST') return methodNotAllowed('POST');
				requireJson(request);
				const wait = await this.#opens.hit(client);
				if (wait) throw new RelayError(429, 'too many downloads; try again later', wait);
				return json(await this.store.startOpen(id), 201);
			}
			if (action === 'opened' && index === undefined) {
				if (method !== 'POST') return methodNotAllowed('POST');
				await this.store.finishOpen(id, bearer(request));
				return new Response(null, { status: 204, headers: NO_STORE });
			}
			if (action === 'blob' && index === undefined) {
				// HEAD would say how big the ciphertext is to anyone: that is metadata, at GET shares/{id}.
				if (method !== 'GET') return methodNotAllowed('GET');
				return await this.#blob(request, id, client);
			}
			throw new RelayError(404, 'not found');
		} catch (error) {
			return failure(error);
		}
	}

	/** mailboxes: POST opens one; mailboxes/{id}/{slot}: PUT once, GET; mailboxes/{id}: DELETE (see mailboxes.ts). */
	async #mailbox(request: Request, parts: string[], client: string): Promise<Response> {
		const [, id, slot, ...rest] = parts;
		if (rest.length) throw new RelayError(404, 'not found');
		const boxes = this.store.mailboxes;
		if (id === undefined) {
			if (request.method !== 'POST') return methodNotAllowed('POST');
			requireJson(request);
			const wait = await this.#mailboxOpens.hit(client);
			if (wait) throw new RelayError(429, 'too many pairings; try again later', wait);
			return json(await boxes.open(), 201);
		}
		if (slot === undefined) {
			if (request.method !== 'DELETE') return methodNotAllowed('DELETE');
			await boxes.remove(id, bearer(request));
			return new Response(null, { status: 204, headers: NO_STORE });
		}
		if (request.method === 'GET') {
			const body = await boxes.get(id, slot);
			if (!body) return json({ error: 'nothing here yet' }, 404, NO_STORE);
			return new Response(body as BodyInit, {
				status: 200,
				headers: { 'Content-Type': 'application/octet-stream', ...NO_STORE }
			});
		}
		if (request.method !== 'PUT') return methodNotAllowed('GET, PUT');
		const wait = await this.#mailboxWrites.hit(client);
		if (wait) throw new RelayError(429, 'too many messages; try again later', wait);
		Mailboxes.check(id, slot);
		const body = await readCapped(request, MAILBOX_SLOT_BYTES).catch((error: unknown) => {
			throw this.#bodyFailure(request, error);
		});
		return json(await boxes.put(id, slot, body, bearer(request)), 201);
	}

	async #create(request: Request, client: string) {
		const wait = await this.#creates.hit(client);
		if (wait) throw new RelayError(429, 'too many shares; try again later', wait);
		if ((await this.#uploaded.left(client, this.now())) <= 0)
			throw new RelayError(
				429,
				'you have shared a lot from this connection today; try again later',
				3600,
				'quota'
			);
		const body = (await readJson(request, 1024).catch((error: unknown) => {
			throw this.#bodyFailure(request, error);
		})) as { expiresInSeconds?: unknown; maxOpens?: unknown } | null;
		const expires = body?.expiresInSeconds;
		const maxOpens = body?.maxOpens ?? null;
		if (
			!Number.isInteger(expires) ||
			(expires as number) < MIN_EXPIRY_S ||
			(expires as number) > MAX_EXPIRY_S
		) {
			throw new RelayError(400, 'expiresInSeconds must be 60 … 2592000');
		}
		if (
			maxOpens !== null &&
			(!Number.isInteger(maxOpens) || (maxOpens as number) < 1 || (maxOpens as number) > 100)
		) {
			throw new RelayError(400, 'maxOpens must be 1 … 100, or null');
		}
		const created = await this.store.create({
			expiresInSeconds: expires as number,
			maxOpens: maxOpens as number | null
		});
		return json(
			{ ...created, partBytes: this.limits.partBytes, maxBytes: this.limits.maxBytes },
			201
		);
	}

	async #info(id: string) {
		const info = await this.store.info(id);
		if (info.state === 'uploading') throw new RelayError(404, 'no such share');
		if (info.state !== 'ready')
			return json({ error: 'this share has ended', reason: info.state }, 410);
		const opensLeft = info.maxOpens === null ? null : Math.max(0, info.maxOpens - info.opens);
		return json(
			{
				state: info.state,
				expiresAt: info.expiresAt,
				maxOpens: info.maxOpens,
				opens: info.opens,
				opensLeft,
				size: info.size
			},
			200
		);
	}

	/** The ciphertext, to a live ticket only; `Range: bytes=N-` (one open-ended range) resumes a cut download. */
	async #blob(request: Request, id: string, client: string) {
		const range = request.headers.get('range');
		let start = 0;
		if (range) {
			// A malformed range is -1, refused (416) by the store only after the ticket: without one, nothing is said.
			const match = /^bytes=(0|[1-9][0-9]{0,14})-$/.exec(range.trim());
			start = match ? Number(match[1]) : -1;
		}
		const { info, body } = await this.store.download(id, bearer(request), start);
		// Checked and counted with no await between, so downloads sent at once cannot all pass. (Nothing was served
		// yet: the store counts bytes as they are read.)
		const under = this.#downloads.get(client) ?? 0;
		if (under >= DOWNLOADS_PER_CLIENT) {
			await body[Symbol.asyncIterator]().return?.();
			throw new RelayError(429, 'too many downloads under way from this connection', 5);
		}
		this.#downloads.set(client, under + 1);
		let ended = false;
		const end = () => {
			if (ended) return;
			ended = true;
			const left = (this.#downloads.get(client) ?? 1) - 1;
			if (left > 0) this.#downloads.set(client, left);
			else this.#downloads.delete(client);
		};
		// The client gone (Kit also cancels the body then): its place is free whatever the stream was doing.
		request.signal.addEventListener('abort', end, { once: true });
		const headers: Record<string, string> = {
			...NO_STORE,
			'Content-Type': 'application/octet-stream',
			'Content-Length': String(info.size - start)
		};
		if (range) headers['Content-Range'] = `bytes ${start}-${info.size - 1}/${info.size}`;
		const iterator = body[Symbol.asyncIterator]();
		const stream = new ReadableStream<Uint8Array>({
			async pull(controller) {
				let next: IteratorResult<Uint8Array>;
				try {
					next = await iterator.next();
				} catch (error) {
					end();
					throw error;
				}
				if (next.done) {
					end();
					controller.close();
				} else controller.enqueue(next.value);
			},
			async cancel() {
				end();
				await iterator.return?.();
			}
		});
		return new Response(stream, { status: range ? 206 : 200, headers });
	}
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function bearer(request: Request): string | null {
	const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.get('authorization') ?? '');
	return match ? match[1]! : null;
}

/** The same chunks, each length told to `count` as it passes. */
async function* counted(
	body: AsyncIterable<Uint8Array>,
	count: (bytes: number) => void
): AsyncIterable<Uint8Array> {
	for await (const chunk of body) {
		count(chunk.length);
		yield chunk;
	}
}

function json(body: unknown, status: number, headers: Record<string, string> = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', ...NO_STORE, ...headers }
	});
}

function methodNotAllowed(allow: string) {
	return json({ error: 'method not allowed' }, 405, { Allow: allow });
}

/** A request body that could not be read: over a limit (413), not JSON (415), or cut or malformed (400). */
function bodyFailure(error: unknown): RelayError {
	if (error instanceof RelayError) return error;
	if (error instanceof BodyError) return new RelayError(error.status, error.message);
	return (error as { status?: number })?.status === 413
		? new RelayError(413, 'request too large')
		: new RelayError(400, 'the request body could not be read');
}

function failure(error: unknown): Response {
	if (error instanceof BodyError) error = bodyFailure(error);
	// The server's own body limit, met while a part streams to disk.
	if (!(error instanceof RelayError) && (error as { status?: number })?.status === 413)
		error = bodyFailure(error);
	if (error instanceof RelayError) {
		const body: Record<string, string> = { error: error.message };
		if (error.status === 410) body.reason = error.message;
		if (error.code) body.code = error.code;
		const headers: Record<string, string> = {};
		if (error.retryAfter) headers['Retry-After'] = String(error.retryAfter);
		return json(body, error.status, headers);
	}
	console.error('relay: unexpected failure', (error as Error)?.name ?? typeof error);
	return json({ error: 'the relay failed' }, 500);
}

/**
 * Reads a body and drops it, `max` bytes at most: `whole` when it ended within them. Past `max`, or when it cannot be
 * read (over the server's body limit, Kit's stream fails at once; the client went away), it is left as it is — not
 * cancelled, which would drop the connection before the answer goes out.
 */
async function discard(
	body: ReadableStream<Uint8Array>,
	max: number
): Promise<{ read: number; whole: boolean }> {
	const reader = body.getReader();
	let read = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return { read, whole: true };
			read += value.length;
			if (read > max) return { read, whole: false };
		}
	} catch {
		return { read, whole: false };
	} finally {
		reader.releaseLock();
	}
}
