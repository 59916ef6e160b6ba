import { RelayError } from './errors';

/**
 * A part's body as it arrives, read in pieces of exact sizes: an object store takes a streamed request only with its
 * length said first, so a part is cut into pieces of known length and each is streamed on as its bytes come in (none
 * is gathered whole unless asked for). Counts what it read and refuses (413 "too large") past `maxBytes`.
 */
export class ByteReader {
	readonly #iterator: AsyncIterator<Uint8Array>;
	/** What is left of a chunk that crossed the end of the last piece. */
	#pending: Uint8Array | null = null;
	#done = false;
	/** Bytes read from the source so far. */
	size = 0;

	constructor(
		source: AsyncIterable<Uint8Array>,
		readonly maxBytes: number
	) {
		this.#iterator = source[Symbol.asyncIterator]();
	}

	async #next(): Promise<Uint8Array | null> {
		if (this.#pending) {
			const pending = this.#pending;
			this.#pending = null;
			return pending;
		}
		while (!this.#done) {
			const { done, value } = await this.#iterator.next();
			if (done) {
				this.#done = true;
				break;
			}
			if (!value.length) continue;
			this.size += value.length;
			if (this.size > this.maxBytes)
				throw new RelayError(413, 'too large', undefined, 'over-limit');
			return value;
		}
		return null;
	}

	/** Exactly `n` bytes, passed on as they arrive; throws (400) if the source ends first. */
	async *take(n: number): AsyncGenerator<Uint8Array> {
		let left = n;
		while (left > 0) {
			const chunk = await this.#next();
			if (!chunk) throw new RelayError(400, 'the part ended before its declared length');
			if (chunk.length > left) {
				this.#pending = chunk.subarray(left);
				const piece = chunk.subarray(0, left);
				left = 0;
				yield piece;
			} else {
				left -= chunk.length;
				yield chunk;
			}
		}
	}

	/** Up to `n` bytes in one buffer (fewer only when the source ends): for a body of unknown length. */
	async gather(n: number): Promise<Uint8Array> {
		const buffer = new Uint8Array(n);
		let filled = 0;
		while (filled < n) {
			const chunk = await this.#next();
			if (!chunk) break;
			const used = Math.min(chunk.length, n - filled);
			buffer.set(chunk.subarray(0, used), filled);
			filled += used;
			if (used < chunk.length) this.#pending = chunk.subarray(used);
		}
		return buffer.subarray(0, filled);
	}

	/** Whether the source has nothing more (reads ahead one chunk, kept for the next piece). */
	async ended(): Promise<boolean> {
		const chunk = await this.#next();
		if (!chunk) return true;
		this.#pending = chunk;
		return false;
	}
}
