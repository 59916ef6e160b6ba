/** Reads exact byte counts from a stream of arbitrary chunks, holding at most one chunk plus the request. */
export class ByteReader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	#buffer: Uint8Array = new Uint8Array(0);
	#offset = 0;
	#done = false;

	constructor(stream: ReadableStream<Uint8Array>) {
		this.#reader = stream.getReader();
	}

	/** Exactly `length` bytes, or null if the stream ends first (the bytes read so far are dropped). */
	async read(length: number): Promise<Uint8Array | null> {
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
