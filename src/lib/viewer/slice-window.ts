/**
 * A bounded window of a large series' files, ready for dwv (decrypted and prepared), around the image shown. Handing
 * dwv a whole 2,048-slice CT holds about twice its size in the page (the prepared files plus dwv's decoded volume):
 * 2 GiB for a 1 GiB study, more than a phone's browser lets a tab have. Here the page holds at most `budget` bytes
 * of prepared files, whatever the series' size: an LRU by bytes that never drops the image shown, reads ahead in
 * the direction the patient scrolls (a few behind, for a change of mind), and drops the farthest files first.
 */
export interface WindowOptions<F> {
	/** How many files the series has (indices 0 … count - 1). */
	count: number;
	/** Most bytes of files held at once. */
	budget: number;
	/** Reads and prepares one file; null when that file cannot be shown (its reason is the reader's to keep). */
	read(index: number): Promise<F | null>;
	/** The size of a file held (its prepared bytes). */
	sizeOf(file: F): number;
	/** Reads in flight at most: enough to keep IndexedDB and the crypto and decoding workers busy. */
	depth: number;
	/** Files kept ready behind the one shown, against the scroll direction. */
	behind?: number;
}

interface Entry<F> {
	promise: Promise<F | null>;
	/** Bytes held once read (0 while in flight or when the file could not be shown). */
	bytes: number;
	/** Last time it was asked for or planned (a counter): the least recent go first among equals. */
	used: number;
}

/** Files held behind the one shown, by default. */
const BEHIND = 4;

export class SliceWindow<F> {
	readonly #options: WindowOptions<F>;
	readonly #entries = new Map<number, Entry<F>>();
	#inFlight = 0;
	#clock = 0;
	#current = 0;
	#direction: 1 | -1 = 1;
	#held = 0;
	/** The largest file seen so far: how many files fit ahead in the budget. */
	#largest = 0;
	#closed = false;

	constructor(options: WindowOptions<F>) {
		this.#options = options;
	}

	get count(): number {
		return this.#options.count;
	}

	/** Bytes of files held now (the window's whole cost in the page). */
	get held(): number {
		return this.#held;
	}

	/** Indices held or being read, in ascending order (for tests and the bench's log). */
	indices(): number[] {
		return [...this.#entries.keys()].sort((a, b) => a - b);
	}

	/**
	 * Puts a file already read into the window (the series' first image, read before the window existed), so it is
	 * not read twice.
	 */
	seed(index: number, file: F) {
		this.#add(index, Promise.resolve(file), this.#options.sizeOf(file));
	}

	/**
	 * The file at `index`, read now if it is not held; moves the window there and reads ahead in `direction`.
	 * Resolves to null when the file cannot be shown.
	 */
	get(index: number, direction: 1 | -1 = this.#direction): Promise<F | null> {
		if (index < 0 || index >= this.#options.count) return Promise.resolve(null);
		this.#current = index;
		this.#direction = direction;
		let entry = this.#entries.get(index);
		if (!entry) entry = this.#start(index);
		entry.used = ++this.#clock;
		this.#plan();
		return entry.promise;
	}

	/** Drops every file held; reads still in flight are let go when they finish. */
	close() {
		this.#closed = true;
		this.#entries.clear();
		this.#held = 0;
	}

	/** The indices to have ready, nearest first: the one shown, then ahead in the scroll direction, then behind. */
	#wanted(): number[] {
		const { count, budget, behind = BEHIND } = this.#options;
		// Ahead: as many as fit in what the budget leaves after the ones behind (a guess until a file is read).
		const per = this.#largest || 1;
		const fit = Math.max(1, Math.floor(budget / per) - behind - 1);
		const out: number[] = [];
		const d = this.#direction;
		for (let k = 1; k <= fit; k++) {
			const i = this.#current + d * k;
			if (i < 0 || i >= count) break;
			out.push(i);
		}
		for (let k = 1; k <= behind; k++) {
			const i = this.#current - d * k;
			if (i < 0 || i >= count) break;
			out.push(i);
		}
		return out;
	}

	#plan() {
		if (this.#closed) return;
		const wanted = this.#wanted();
		const keep = new Set([this.#current, ...wanted]);
		// Files no longer wanted go first, least recently used first, until the budget holds.
		this.#evict(keep);
		for (const index of wanted) {
			if (this.#inFlight >= this.#options.depth) break;
			if (this.#entries.has(index)) continue;
			// Room for one more file of the largest size seen, or stop reading ahead.
			if (this.#held + this.#largest > this.#options.budget) break;
			this.#start(index);
		}
	}

	#evict(keep: Set<number>) {
		const { budget } = this.#options;
		if (this.#held <= budget) return;
		const spare = [...this.#entries]
			.filter(([index, e]) => !keep.has(index) && e.bytes > 0)
			.sort(([, a], [, b]) => a.used - b.used);
		for (const [index] of spare) {
			if (this.#held <= budget) return;
			this.#drop(index);
		}
		// Still over: drop wanted files farthest from the one shown (never the one shown).
		const far = [...this.#entries]
			.filter(([index, e]) => index !== this.#current && e.bytes > 0)
			.sort(([a], [b]) => Math.abs(b - this.#current) - Math.abs(a - this.#current));
		for (const [index] of far) {
			if (this.#held <= budget) return;
			this.#drop(index);
		}
	}

	#drop(index: number) {
		const entry = this.#entries.get(index);
		if (!entry) return;
		this.#entries.delete(index);
		this.#held -= entry.bytes;
	}

	#start(index: number): Entry<F> {
		this.#inFlight++;
		const promise = this.#options
			.read(index)
			.catch(() => null)
			.then((file) => {
				this.#inFlight--;
				const entry = this.#entries.get(index);
				// Dropped while in flight (the patient scrolled far away, or the viewer closed): not held.
				if (entry && entry.promise === promise && file) {
					entry.bytes = this.#options.sizeOf(file);
					this.#held += entry.bytes;
					this.#largest = Math.max(this.#largest, entry.bytes);
				}
				this.#plan();
				return file;
			});
		return this.#add(index, promise, 0);
	}

	#add(index: number, promise: Promise<F | null>, bytes: number): Entry<F> {
		this.#drop(index);
		const entry: Entry<F> = { promise, bytes, used: ++this.#clock };
		this.#entries.set(index, entry);
		this.#held += bytes;
		if (bytes) this.#largest = Math.max(this.#largest, bytes);
		return entry;
	}
}
