import { CryptoError, type CryptoErrorCode } from './errors';
import { open, seal } from './envelope';

/**
 * Seals and opens many records off the main thread. Secretbox in JS blocks ~26 ms per MiB (docs/STACK.md), so image
 * chunks go to a small pool of workers that hold the record key; the main thread keeps IndexedDB and the UI.
 * Where workers do not exist (Node unit tests) the same calls run inline. The records are byte-identical.
 */
export interface SealItem {
	context: string;
	data: Uint8Array;
}
export interface OpenItem {
	context: string;
	/** A sealed record, as bytes or as a Blob holding them (read inside the worker, off the main thread). */
	record: Uint8Array | Blob;
}

async function recordBytes(record: Uint8Array | Blob): Promise<Uint8Array> {
	return record instanceof Uint8Array ? record : new Uint8Array(await record.arrayBuffer());
}
export interface BulkOptions {
	/**
	 * The caller gives the input bytes up: a view spanning its whole buffer is handed to the worker without a copy
	 * (and is detached, empty, afterwards). Otherwise inputs are copied and stay usable.
	 */
	transfer?: boolean;
}
/**
 * A sealed record read straight from IndexedDB inside a worker, with the row that describes it, in one read-only
 * transaction: `record` names the row holding the sealed bytes (in its `data` field, Blob or bytes) and `row`
 * the one to check first. The row says how the record is sealed: the first entry of `open` whose `expect` fields
 * all equal the row's opens it, under `context` followed by "|" and the row's value of each of `contextFields` in
 * turn (each a string or a number, or nothing is opened). No entry matching: nothing is opened. The caller checks
 * the row it gets back before trusting what was opened (clear fields can be edited; what they name is only a
 * claim until the row's own sealed record agrees).
 */
export interface StoredRecord {
	db: string;
	row: { store: string; key: IDBValidKey };
	record: { store: string; key: IDBValidKey };
	open: StoredOpening[];
}
export interface StoredOpening {
	expect: Record<string, unknown>;
	context: string;
	contextFields?: string[];
}
export interface StoredRead {
	/** The row as stored (still sealed where it is), or null when there is none. */
	row: Record<string, unknown> | null;
	/** The record opened; null when the row matched no entry of `open` or the record is missing. */
	opened: Uint8Array | null;
	/**
	 * A record this worker does not open itself (not an envelope of version 1: an image chunk of version 2,
	 * chunk-cipher.ts), as stored, for the page to open; `opened` is then null.
	 */
	sealed?: Uint8Array;
}

export interface BulkCipher {
	sealMany(items: SealItem[], options?: BulkOptions): Promise<Uint8Array[]>;
	/**
	 * The same records as sealMany, each in a Blob made by the worker: stored in IndexedDB, a Blob is a reference,
	 * so the page's thread never copies the bytes into the database (measured: that copy was half of an import's
	 * main-thread time).
	 */
	sealToBlobs(items: SealItem[], options?: BulkOptions): Promise<Blob[]>;
	openMany(items: OpenItem[], options?: BulkOptions): Promise<Uint8Array[]>;
	/**
	 * Reads and opens one stored record entirely inside a worker: the page's thread is not needed between the
	 * database's answer and the worker's, so the read goes on while the page is busy (opening a study: rendering
	 * its page). Absent where there are no workers. Rejects with a CryptoError if the record does not open, and
	 * with a plain Error if the worker cannot read the database (the caller then reads it itself).
	 */
	openStored?(where: StoredRecord): Promise<StoredRead>;
	/** Wipes the key in every worker and stops them. */
	dispose(): void;
}

export type WorkerRequest =
	| { type: 'key'; key: Uint8Array }
	| { type: 'seal'; id: number; items: SealItem[]; blobs?: boolean }
	| { type: 'open'; id: number; items: OpenItem[] }
	| { type: 'stored'; id: number; where: StoredRecord }
	| { type: 'wipe' };
export type WorkerResponse =
	| { id: number; results: (Uint8Array | Blob)[] }
	| { id: number; stored: StoredRead }
	| { id: number; error: { code: CryptoErrorCode | 'other'; message: string } };

export function createInlineCipher(key: Uint8Array): BulkCipher {
	let k: Uint8Array | null = key.slice();
	const need = () => {
		if (!k) throw new CryptoError('bad-key', 'cipher disposed');
		return k;
	};
	return {
		sealMany: async (items) => items.map((i) => seal(need(), i.context, i.data)),
		sealToBlobs: async (items) =>
			items.map((i) => new Blob([seal(need(), i.context, i.data) as BlobPart])),
		openMany: async (items) => {
			const out: Uint8Array[] = [];
			for (const i of items) out.push(open(need(), i.context, await recordBytes(i.record)));
			return out;
		},
		dispose() {
			k?.fill(0);
			k = null;
		}
	};
}

interface Pending {
	resolve: (r: (Uint8Array | Blob)[] | StoredRead) => void;
	reject: (e: Error) => void;
}

const spawn = () => new Worker(new URL('./bulk.worker.ts', import.meta.url), { type: 'module' });
/** Workers started ahead of the next cipher (warmBulkCipher): loaded, holding no key yet. */
const warmPool: Worker[] = [];

function createWorkerCipher(key: Uint8Array, size: number): BulkCipher {
	const workers = warmPool.splice(0, size);
	while (workers.length < size) workers.push(spawn());
	const pending = new Map<number, Pending & { worker: number }>();
	const busy = workers.map(() => 0);
	let nextId = 1;
	let disposed = false;
	for (const worker of workers) {
		worker.postMessage({ type: 'key', key } satisfies WorkerRequest);
		worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
			const msg = event.data;
			const p = pending.get(msg.id);
			if (!p) return;
			pending.delete(msg.id);
			busy[p.worker]!--;
			if ('results' in msg) p.resolve(msg.results);
			else if ('stored' in msg) p.resolve(msg.stored);
			else if (msg.error.code === 'other') p.reject(new Error(msg.error.message));
			else p.reject(new CryptoError(msg.error.code, msg.error.message));
		};
		worker.onerror = (event) => {
			event.preventDefault();
			for (const p of pending.values())
				p.reject(new Error(`Crypto worker failed: ${event.message}`));
			pending.clear();
		};
	}
	/** The least busy worker: a big batch on one must not hold up small ones behind it. */
	function pick(): number {
		const index = busy.indexOf(Math.min(...busy));
		busy[index]!++;
		return index;
	}
	function call(
		type: 'seal' | 'open',
		items: SealItem[] | OpenItem[],
		options: BulkOptions & { blobs?: boolean } = {}
	): Promise<(Uint8Array | Blob)[]> {
		if (disposed) return Promise.reject(new CryptoError('bad-key', 'cipher disposed'));
		const id = nextId++;
		const index = pick();
		const worker = workers[index]!;
		// Copy out of whatever larger buffer the caller holds (unless it gives whole buffers up), then hand the
		// bytes over without another copy.
		const transfer: ArrayBuffer[] = [];
		const owned = items.map((item) => {
			const bytes = 'data' in item ? item.data : item.record;
			// A Blob is passed by reference: nothing to copy or hand over.
			if (bytes instanceof Blob) return item;
			const whole =
				options.transfer &&
				bytes.byteOffset === 0 &&
				bytes.byteLength === bytes.buffer.byteLength &&
				bytes.buffer instanceof ArrayBuffer &&
				!transfer.includes(bytes.buffer);
			const copy = whole ? bytes : bytes.slice();
			transfer.push(copy.buffer as ArrayBuffer);
			return 'data' in item
				? { context: item.context, data: copy }
				: { context: item.context, record: copy };
		});
		return new Promise((resolve, reject) => {
			pending.set(id, {
				resolve: resolve as Pending['resolve'],
				reject,
				worker: index
			});
			worker.postMessage(
				{ type, id, items: owned, blobs: options.blobs } as WorkerRequest,
				transfer
			);
		});
	}
	return {
		sealMany: (items, options) => call('seal', items, options) as Promise<Uint8Array[]>,
		sealToBlobs: (items, options) =>
			call('seal', items, { ...options, blobs: true }) as Promise<Blob[]>,
		openMany: (items, options) => call('open', items, options) as Promise<Uint8Array[]>,
		openStored(where) {
			if (disposed) return Promise.reject(new CryptoError('bad-key', 'cipher disposed'));
			const id = nextId++;
			const index = pick();
			return new Promise<StoredRead>((resolve, reject) => {
				pending.set(id, { resolve: resolve as Pending['resolve'], reject, worker: index });
				workers[index]!.postMessage({ type: 'stored', id, where } satisfies WorkerRequest);
			});
		},
		dispose() {
			disposed = true;
			for (const worker of workers) {
				worker.postMessage({ type: 'wipe' } satisfies WorkerRequest);
				worker.terminate();
			}
			for (const p of pending.values()) p.reject(new CryptoError('bad-key', 'cipher disposed'));
			pending.clear();
		}
	};
}

function poolSize(options: { workers?: number }): number {
	// One per core, up to 4: while they seal or open, the main thread mostly waits on IndexedDB, whose work runs
	// outside the page. Measured on 2 cores (bench P1/P2): 2 workers beat 1, with the write queue overlapping them.
	const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
	return options.workers ?? Math.max(1, Math.min(4, cores));
}

export function createBulkCipher(key: Uint8Array, options: { workers?: number } = {}): BulkCipher {
	if (typeof Worker === 'undefined') return createInlineCipher(key);
	return createWorkerCipher(key, poolSize(options));
}

/**
 * Starts the next cipher's workers now, before there is a key (each loads its module and libsodium, ~0.1 s a
 * worker on a slow core): the unlock screen calls it while the passphrase is typed, so the first records read after
 * the key are opened by workers that are ready. They hold nothing until the cipher made with them sends the key.
 */
export function warmBulkCipher(options: { workers?: number } = {}): void {
	if (typeof Worker === 'undefined') return;
	const missing = poolSize(options) - warmPool.length;
	for (let i = 0; i < missing; i++) {
		const worker = spawn();
		// One that fails to load is let go (the cipher starts a fresh one in its place).
		worker.onerror = (event) => {
			event.preventDefault();
			const index = warmPool.indexOf(worker);
			if (index >= 0) warmPool.splice(index, 1);
			worker.terminate();
		};
		warmPool.push(worker);
	}
}
