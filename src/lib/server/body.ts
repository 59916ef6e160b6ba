import { concatBytes } from '$lib/crypto/formats';

/**
 * Small request bodies (JSON commands, mailbox messages, enrollment codes) read with a hard cap as they stream: a
 * body sent without a Content-Length (chunked) is cut off at `max + 1` bytes rather than read whole up to the
 * server's 16 MiB limit, so a few hundred such requests cannot hold gigabytes of the server's memory.
 */
export class BodyError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string,
		/**
		 * A body refused part-way for its size: the bytes read of it so far. The rest is left unread and uncancelled,
		 * so that the route may still read it to its end (counted) and its sender sees the answer (relay/http.ts).
		 */
		readonly read?: number
	) {
		super(message);
		this.name = 'BodyError';
	}
}

export async function readCapped(request: Request, max: number): Promise<Uint8Array> {
	if (Number(request.headers.get('content-length') ?? 0) > max)
		throw new BodyError(413, 'request too large');
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.length;
			// Not cancelled: cancelling tears the connection down under the answer, so the sender would see a cut
			// instead of the 413. Unread, the server ends the connection after the answer (scripts/start.js).
			if (size > max) throw new BodyError(413, 'request too large', size);
			chunks.push(value);
		}
	} catch (error) {
		if (error instanceof BodyError) throw error;
		await reader.cancel().catch(() => {});
		throw new BodyError(
			(error as { status?: number })?.status === 413 ? 413 : 400,
			'the request body could not be read'
		);
	} finally {
		reader.releaseLock();
	}
	return concatBytes(...chunks);
}

/**
 * A JSON command must say so: `Content-Type: application/json` is not a "simple" type, so a browser on another
 * origin must ask first (a CORS preflight), which this server does not grant. Without it, any web page a patient
 * visits could make their browser send the command (open mailboxes, guess codes, start opens) from their address.
 */
export function requireJson(request: Request): void {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type))
		throw new BodyError(415, 'send Content-Type: application/json');
}

export async function readJson(request: Request, max = 1024): Promise<unknown> {
	requireJson(request);
	const bytes = await readCapped(request, max);
	try {
		return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
	} catch {
		throw new BodyError(400, 'send JSON');
	}
}
