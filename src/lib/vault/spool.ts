import Dexie from 'dexie';
import { CryptoError, createPageCipher, type PageCipher } from '$lib/crypto';

/**
 * A sealed temporary store for files a page must keep but not hold in memory: a received share's verified files
 * (a 1 GiB study would not fit in a phone's tab). Each spool has a fresh AES-256-GCM key that is non-extractable
 * and never stored ($lib/crypto page-cipher), so what it writes opens only in the page that wrote it, and not at
 * all once that page is gone. The files' names, sizes and chunk counts stay in this object, in memory; storage
 * holds only a random spool id, a creation time and sealed chunks.
 *
 * A spool is removed by its page (remove(): when the study is saved into the vault, on pagehide, on a failure).
 * A tab that is killed runs no handler: every spool holds a Web Lock named after it for its page's lifetime, and
 * `sweepStaleSpools` (at app start) removes each spool whose lock nobody holds any more. Where Web Locks do not
 * exist, spools older than STALE_WITHOUT_LOCKS_MS are taken as abandoned.
 *
 * Schema (its own database, apart from any vault, so it never touches the vault's versions):
 *   1  spools: id; chunks: [spool+file+index] → { data: sealed bytes }
 */
export const SPOOL_DB = 'radfolio-spool';
/** Plaintext bytes per sealed chunk: reads of part of a large file stay small. */
export const SPOOL_CHUNK_BYTES = 1024 * 1024;
/** Sealed bytes gathered before one IndexedDB transaction writes them (batching writes ~2x faster). */
const BATCH_BYTES = 8 * 1024 * 1024;
const LOCK_PREFIX = 'radfolio-spool:';
/** Without Web Locks, the age after which a spool is taken as abandoned (no page stays open on one that long). */
export const STALE_WITHOUT_LOCKS_MS = 24 * 60 * 60 * 1000;

interface SpoolRow {
	id: string;
	createdAt: number;
}
interface SpoolChunkRow {
	spool: string;
	file: number;
	index: number;
	data: Uint8Array;
}
type SpoolDb = Dexie & {
	spools: Dexie.Table<SpoolRow, string>;
	chunks: Dexie.Table<SpoolChunkRow, [string, number, number]>;
};

function openSpoolDb(name: string): SpoolDb {
	const db = new Dexie(name) as SpoolDb;
	db.version(1).stores({ spools: 'id', chunks: '[spool+file+index]' });
	return db;
}

export interface SpoolOptions {
	/** The database (tests give their own). */
	dbName?: string;
	/** Web Locks (null: none, as in Node or an old Safari). */
	locks?: LockManager | null;
}

const defaultLocks = (): LockManager | null =>
	(globalThis.navigator as Navigator | undefined)?.locks ?? null;

/** Why a spool read failed: removed already, a file it never got, or a chunk missing or changed in storage. */
export class SpoolError extends Error {
	constructor(
		readonly code: 'removed' | 'no-file' | 'damaged',
		detail: string
	) {
		super(`${code}: ${detail}`);
		this.name = 'SpoolError';
	}
}

export class Spool {
	readonly id: string;
	readonly #db: SpoolDb;
	readonly #cipher: PageCipher;
	readonly #release: () => void;
	/** Each file's size and chunk count, known only here. */
	readonly #files = new Map<number, { size: number; chunks: number }>();
	#batch: Promise<SpoolChunkRow>[] = [];
	#batchBytes = 0;
	#writing: Promise<void> = Promise.resolve();
	#failed: unknown = null;
	#removed: Promise<void> | null = null;

	private constructor(id: string, db: SpoolDb, cipher: PageCipher, release: () => void) {
		this.id = id;
		this.#db = db;
		this.#cipher = cipher;
		this.#release = release;
	}

	/** A new, empty spool, alive (its lock held) until removed or until its page is gone. */
	static async create(options: SpoolOptions = {}): Promise<Spool> {
		const id = crypto.randomUUID();
		const locks = options.locks === undefined ? defaultLocks() : options.locks;
		// Held before the row exists, so a sweep in another tab never takes a spool being made for dead.
		let release = () => {};
		if (locks) {
			await new Promise<void>((granted) => {
				void locks.request(
					LOCK_PREFIX + id,
					() =>
						new Promise<void>((done) => {
							release = done;
							granted();
						})
				);
			});
		}
		const db = openSpoolDb(options.dbName ?? SPOOL_DB);
		try {
			await db.spools.add({ id, createdAt: Date.now() });
			return new Spool(id, db, await createPageCipher(), release);
		} catch (error) {
			db.close();
			release();
			throw error;
		}
	}

	/** Files written so far. */
	get fileCount(): number {
		return this.#files.size;
	}

	size(file: number): number {
		const entry = this.#files.get(file);
		if (!entry) throw new SpoolError('no-file', `file ${file}`);
		return entry.size;
	}

	/**
	 * Seals a whole file into chunks and queues them for storage. Resolves once they are queued, waiting while an
	 * earlier batch is still being written, so a writer faster than the disk holds at most about two batches.
	 * A failed write is thrown by the next writeFile or by flush().
	 */
	async writeFile(file: number, bytes: Uint8Array): Promise<void> {
		this.#check();
		if (this.#files.has(file)) throw new Error(`spool file ${file} written twice`);
		const chunks = Math.max(1, Math.ceil(bytes.length / SPOOL_CHUNK_BYTES));
		this.#files.set(file, { size: bytes.length, chunks });
		for (let index = 0; index < chunks; index++) {
			const part = bytes.subarray(index * SPOOL_CHUNK_BYTES, (index + 1) * SPOOL_CHUNK_BYTES);
			const row = this.#cipher
				.seal(part, this.#context(file, index, chunks))
				.then((data) => ({ spool: this.id, file, index, data }));
			// Reported through the batch that awaits it; a batch dropped by remove() leaves no unhandled rejection.
			row.catch(() => {});
			this.#batch.push(row);
			this.#batchBytes += part.length;
		}
		if (this.#batchBytes >= BATCH_BYTES) {
			await this.#writing;
			this.#check();
			this.#startBatch();
		}
	}

	/** Waits until everything written is in storage; throws the first failed write. */
	async flush(): Promise<void> {
		this.#check();
		this.#startBatch();
		await this.#writing;
		this.#check();
	}

	/** A whole file, opened and checked chunk by chunk. */
	async readFile(file: number): Promise<Uint8Array> {
		const { size, chunks } = this.#entry(file);
		const rows = await this.#rows(file, 0, chunks);
		const out = new Uint8Array(size);
		let at = 0;
		const parts = await Promise.all(
			rows.map((row, index) => this.#cipher.open(row.data, this.#context(file, index, chunks)))
		).catch(this.#damaged);
		for (const part of parts) {
			if (at + part.length > size) throw new SpoolError('damaged', `file ${file} is too long`);
			out.set(part, at);
			at += part.length;
		}
		if (at !== size) throw new SpoolError('damaged', `file ${file} is short`);
		return out;
	}

	/** A file as a stream, one chunk in memory at a time (for saving into the vault, or a download). */
	streamFile(file: number): ReadableStream<Uint8Array> {
		let index = 0;
		return new ReadableStream<Uint8Array>(
			{
				pull: async (controller) => {
					const { chunks } = this.#entry(file);
					if (index >= chunks) return controller.close();
					const [row] = await this.#rows(file, index, index + 1);
					const part = await this.#cipher
						.open(row!.data, this.#context(file, index, chunks))
						.catch(this.#damaged);
					index++;
					controller.enqueue(part);
				}
			},
			{ highWaterMark: 0 }
		);
	}

	/**
	 * Deletes everything this spool stored and lets its lock go. Safe to call more than once, and from pagehide
	 * (the deletion is one request, started at once; if the page dies first, the next app start sweeps it).
	 */
	remove(): Promise<void> {
		// Asked of IndexedDB now, within the caller's event: in a closing page (pagehide) a promise chain never
		// runs again, so the asynchronous path below would come too late.
		if (!this.#removed) this.#deleteNow();
		this.#removed ??= (async () => {
			this.#batch = [];
			// Whatever is still being written lands before the deletion (one database, requests in order).
			await this.#writing.catch(() => {});
			try {
				await deleteSpoolRows(this.#db, this.id);
			} finally {
				this.#db.close();
				this.#release();
			}
		})();
		return this.#removed;
	}

	/** Removes the spool when the page is hidden for good or unloaded; returns the unsubscribe. */
	removeOnPageHide(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window) {
		const gone = () => void this.remove().catch(() => {});
		target.addEventListener('pagehide', gone);
		return () => target.removeEventListener('pagehide', gone);
	}

	get removed(): boolean {
		return this.#removed !== null;
	}

	/** Asks IndexedDB, synchronously, to delete every row of this spool (see removeOnPageHide). */
	#deleteNow() {
		if (this.#removed || !this.#db.isOpen()) return;
		try {
			const transaction = this.#db.backendDB().transaction(['chunks', 'spools'], 'readwrite');
			// Keys [spool, file, index]: [id] sorts before each of them, [id, []] after (an array above any number).
			transaction.objectStore('chunks').delete(IDBKeyRange.bound([this.id], [this.id, []]));
			transaction.objectStore('spools').delete(this.id);
			transaction.commit?.();
		} catch {
			// The database is closing already: remove() and the next start's sweep remain.
		}
	}

	#startBatch() {
		if (!this.#batch.length) return;
		const batch = this.#batch;
		this.#batch = [];
		this.#batchBytes = 0;
		const previous = this.#writing;
		this.#writing = (async () => {
			await previous;
			const rows = await Promise.all(batch);
			if (this.#removed) return;
			await this.#db.chunks.bulkPut(rows);
		})().catch((error) => {
			this.#failed ??= error;
		});
	}

	#entry(file: number) {
		if (this.#removed) throw new SpoolError('removed', 'this spool was removed');
		const entry = this.#files.get(file);
		if (!entry) throw new SpoolError('no-file', `file ${file}`);
		return entry;
	}

	async #rows(file: number, from: number, to: number): Promise<SpoolChunkRow[]> {
		const rows = await this.#db.chunks
			.where('[spool+file+index]')
			.between([this.id, file, from], [this.id, file, to])
			.toArray();
		if (rows.length !== to - from || rows.some((row, i) => row.index !== from + i))
			throw new SpoolError('damaged', `file ${file} is missing chunks`);
		return rows;
	}

	#context(file: number, index: number, chunks: number) {
		return `spool|${this.id}|${file}|${index}|${chunks}`;
	}

	#damaged = (error: unknown): never => {
		if (error instanceof CryptoError) throw new SpoolError('damaged', error.message);
		throw error;
	};

	#check() {
		if (this.#removed) throw new SpoolError('removed', 'this spool was removed');
		if (this.#failed) throw this.#failed;
	}
}

async function deleteSpoolRows(db: SpoolDb, id: string) {
	await db.transaction('rw', db.spools, db.chunks, async () => {
		await db.chunks
			.where('[spool+file+index]')
			.between([id, Dexie.minKey], [id, Dexie.maxKey])
			.delete();
		await db.spools.delete(id);
	});
}

/**
 * Removes the spools no live page holds (their tab was killed, or crashed, before it could remove them): their
 * key died with the page, so nothing in them can be opened; this gives the space back. Returns how many went.
 */
export async function sweepStaleSpools(options: SpoolOptions = {}): Promise<number> {
	const locks = options.locks === undefined ? defaultLocks() : options.locks;
	const name = options.dbName ?? SPOOL_DB;
	// Nothing to sweep where no spool was ever made: opening the database would create it.
	if (typeof indexedDB.databases === 'function') {
		const names = await indexedDB.databases().catch(() => null);
		if (names && !names.some((d) => d.name === name)) return 0;
	}
	const db = openSpoolDb(name);
	let swept = 0;
	try {
		for (const row of await db.spools.toArray()) {
			const stale = locks
				? await locks.request(LOCK_PREFIX + row.id, { ifAvailable: true }, async (lock) => {
						if (!lock) return false;
						await deleteSpoolRows(db, row.id);
						return true;
					})
				: Date.now() - row.createdAt > STALE_WITHOUT_LOCKS_MS &&
					(await deleteSpoolRows(db, row.id), true);
			if (stale) swept++;
		}
	} finally {
		db.close();
	}
	return swept;
}
