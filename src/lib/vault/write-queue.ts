/**
 * Overlaps encryption with IndexedDB: instances are sealed (in the crypto workers) as soon as they are offered, while
 * earlier ones are still being written, and every instance that is sealed by the time a transaction starts goes
 * into that one transaction (group commit). Order is kept: an instance is written only after all offered before it.
 *
 * Bounded: `add` waits while more than `maxBytes` or `maxItems` are offered but not yet written, so a 1 GiB import
 * holds a few MiB of sealed data at a time. A failed write drops what is queued (none of it became visible: an
 * instance row lands in the same transaction as its chunks) and the failure is thrown once, by the next `add` or
 * `flush`.
 */
export interface WriteQueueOptions<T> {
	/** Writes a batch atomically, in one transaction. */
	write(batch: T[]): Promise<void>;
	maxBytes: number;
	maxItems: number;
	/** Largest batch per transaction, in bytes (a transaction holds its values in memory until it commits). */
	maxBatchBytes: number;
}

interface Entry<T> {
	key: string;
	bytes: number;
	sealed: Promise<T>;
	outcome: { ok: true; value: T } | { ok: false; error: unknown } | null;
}

export class WriteQueue<T> {
	readonly #options: WriteQueueOptions<T>;
	#entries: Entry<T>[] = [];
	#bytes = 0;
	#running: Promise<void> | null = null;
	#failure: { error: unknown } | null = null;
	#wake: (() => void)[] = [];

	constructor(options: WriteQueueOptions<T>) {
		this.#options = options;
	}

	/** Keys offered and not yet written (or dropped). */
	has(key: string): boolean {
		return this.#entries.some((e) => e.key === key);
	}

	get idle(): boolean {
		return this.#entries.length === 0 && !this.#running;
	}

	/**
	 * Offers one item, whose sealing has already started. Resolves once the queue has room again — not when the
	 * item is written: `flush` says that.
	 */
	async add(key: string, bytes: number, sealed: Promise<T>): Promise<void> {
		this.#throwFailure();
		const entry: Entry<T> = { key, bytes, sealed, outcome: null };
		sealed.then(
			(value) => {
				entry.outcome = { ok: true, value };
				this.#notify();
			},
			(error: unknown) => {
				entry.outcome = { ok: false, error };
				this.#notify();
			}
		);
		this.#entries.push(entry);
		this.#bytes += bytes;
		this.#running ??= this.#run().finally(() => {
			this.#running = null;
			this.#notify();
		});
		while (
			!this.#failure &&
			this.#entries.length > 0 &&
			(this.#bytes > this.#options.maxBytes || this.#entries.length > this.#options.maxItems)
		) {
			await this.#next();
		}
		this.#throwFailure();
	}

	/** Resolves when everything offered is written; throws (once) the failure that stopped the queue. */
	async flush(): Promise<void> {
		await this.drained();
		this.#throwFailure();
	}

	/** Resolves when nothing is queued or being written, without consuming a failure (for readers). */
	async drained(): Promise<void> {
		while (this.#running) await this.#running;
	}

	async #run(): Promise<void> {
		while (this.#entries.length > 0) {
			const head = this.#entries[0]!;
			while (!head.outcome) await this.#next();
			if (!head.outcome.ok) return this.#fail(head.outcome.error);
			// Everything already sealed behind the head joins its transaction, up to the batch limit.
			const batch: T[] = [];
			let size = 0;
			for (const entry of this.#entries) {
				if (!entry.outcome?.ok) break;
				if (batch.length > 0 && size + entry.bytes > this.#options.maxBatchBytes) break;
				batch.push(entry.outcome.value);
				size += entry.bytes;
			}
			try {
				await this.#options.write(batch);
			} catch (error) {
				return this.#fail(error);
			}
			this.#entries.splice(0, batch.length);
			this.#bytes -= size;
			this.#notify();
		}
	}

	#fail(error: unknown) {
		this.#failure = { error };
		// Later entries may still be sealing; their results are dropped, their errors are not news.
		for (const entry of this.#entries) entry.sealed.catch(() => {});
		this.#entries = [];
		this.#bytes = 0;
	}

	#throwFailure() {
		const failure = this.#failure;
		if (!failure) return;
		this.#failure = null;
		throw failure.error;
	}

	#next(): Promise<void> {
		return new Promise((resolve) => this.#wake.push(resolve));
	}

	#notify() {
		const waiting = this.#wake;
		this.#wake = [];
		for (const wake of waiting) wake();
	}
}
