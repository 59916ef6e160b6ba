/**
 * Reads `source` ahead of its consumer, holding at most about `maxBytes` of parts it has not taken yet. A sync
 * stores each retrieved file (parse, seal, write) before it asks for the next; without this, the response body is
 * not read meanwhile, the connection's buffers fill, and the link stands idle — time a throttled network never
 * gives back (bench P5). With it the download and the storing overlap, and memory stays bounded.
 *
 * Parts come out in order. A failure of the source is thrown after the parts that arrived before it. A consumer
 * that stops early (break, throw) ends the source.
 */
export async function* bufferAhead(
	source: AsyncIterable<Uint8Array>,
	maxBytes: number
): AsyncGenerator<Uint8Array> {
	const iterator = source[Symbol.asyncIterator]();
	const queue: Uint8Array[] = [];
	let held = 0;
	let ended = false;
	let stopped = false;
	let failure: { error: unknown } | null = null;
	// Set inside promise executors, which TypeScript's narrowing does not follow: typed by assertion, not narrowed.
	/** Wakes the consumer waiting for a part (or the end). */
	let arrived = null as (() => void) | null;
	/** Wakes the reader waiting for room. */
	let room = null as (() => void) | null;
	const wakeConsumer = () => {
		arrived?.();
		arrived = null;
	};
	const reader = (async () => {
		try {
			while (!stopped) {
				while (held >= maxBytes && !stopped) await new Promise<void>((r) => (room = r));
				if (stopped) break;
				const next = await iterator.next();
				if (next.done) break;
				queue.push(next.value);
				held += next.value.byteLength;
				wakeConsumer();
			}
		} catch (error) {
			failure = { error };
		} finally {
			ended = true;
			wakeConsumer();
		}
	})();
	try {
		for (;;) {
			const part = queue.shift();
			if (part) {
				held -= part.byteLength;
				room?.();
				room = null;
				yield part;
				continue;
			}
			if (failure) throw (failure as { error: unknown }).error;
			if (ended) return;
			await new Promise<void>((r) => (arrived = r));
		}
	} finally {
		stopped = true;
		room?.();
		// Not awaited: a read in flight ends when its part arrives or the request is aborted.
		if (!ended) void Promise.resolve(iterator.return?.()).catch(() => {});
		void reader;
	}
}
