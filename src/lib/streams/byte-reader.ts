/** Reads of at most this many bytes get their buffer at once (see read). */
const EAGER_BYTES = 16 * 1024 * 1024;

/** Reads exact byte counts from a stream of arbitrary chunks, holding at most one chunk plus the request. */
export class ByteReader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	#buffer: Uint8Array = new Uint8Array(0);
	#offset = 0;
	#done = false;

	constructor(stream: ReadableStream<Uint8Array>) {
		this.#reader = stream.getReader();
	}

	/**
	 * Exactly `length` bytes, or null if the stream ends first (the bytes read so far are dropped). A length comes
	 * from the data itself (a bundle entry's size, a frame's), so a large one is not allocated up front: a crafted
	 * header naming gigabytes that never arrive would otherwise take the tab's memory before anything is checked.
	 * Up to EAGER_BYTES the buffer is made at once; above, the pieces are gathered as they arrive and joined once
	 * all of them are here.
	 */
	async read(length: number): Promise<Uint8Array | null> {
		if (length > EAGER_BYTES) return this.#readLarge(length);
		const out = new Uint8Array(length);
		let filled = 0;
		while (filled < length) {
			if (this.#offset >= this.#buffer.length) {
				if (this.#done) return null;
				const { value, done } = await this.#reader.read();
				if (done) {
					this.#done = true;
					return null;
				}
				this.#buffer = value;
				this.#offset = 0;
				continue;
			}
			const take = Math.min(length - filled, this.#buffer.length - this.#offset);
			out.set(this.#buffer.subarray(this.#offset, this.#offset + take), filled);
			this.#offset += take;
			filled += take;
		}
		return out;
	}

	async #readLarge(length: number): Promise<Uint8Array | null> {
		const pieces: Uint8Array[] = [];
		let filled = 0;
		while (filled < length) {
			const piece = await this.read(Math.min(EAGER_BYTES, length - filled));
			if (!piece) return null;
			pieces.push(piece);
			filled += piece.length;
		}
		const out = new Uint8Array(length);
		let at = 0;
		for (const piece of pieces.splice(0)) {
			out.set(piece, at);
			at += piece.length;
		}
		return out;
	}

	/** True when nothing at all is left. */
	async atEnd(): Promise<boolean> {
		if (this.#offset < this.#buffer.length) return false;
		if (this.#done) return true;
		const { value, done } = await this.#reader.read();
		if (done) {
			this.#done = true;
			return true;
		}
		this.#buffer = value;
		this.#offset = 0;
		return value.length === 0 ? this.atEnd() : false;
	}

	async cancel() {
		await this.#reader.cancel().catch(() => {});
	}
}
