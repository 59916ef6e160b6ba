import type { ChunkRow } from './db';
import { isQuotaError } from './errors';

/**
 * How sealed chunks go into IndexedDB: as Blobs where the browser stores Blobs (stored as a reference, and read
 * back faster than bytes: bench P2), as bytes where it does not. WebKit refuses Blobs
 * in a private session, and in every WebDriver session (both ephemeral), with "UnknownError: Error preparing
 * Blob/File data to be stored in object store"; Safari has refused them now and then in normal windows too. The
 * refusal aborts the transaction, so nothing of it landed: the same rows are written again as bytes. Readers take
 * both forms (db.ts ChunkRow).
 */
export class ChunkForm {
	#blobs = true;

	/** Whether new chunks should be sealed into Blobs (else bytes): not once this page has seen them refused. */
	get blobs(): boolean {
		return this.#blobs && !refusedInThisPage;
	}

	/**
	 * Runs `write` for these chunk rows. If it fails while some rows hold Blobs, for any reason but a full disk, the
	 * Blobs become bytes in place and `write` runs once more: if that lands, Blobs were the problem and are not
	 * offered again (by this writer, nor by any later one in this page); if it fails too, that failure is the
	 * real one and is thrown.
	 */
	async write<T>(chunks: ChunkRow[], write: () => Promise<T>): Promise<T> {
		try {
			return await write();
		} catch (error) {
			if (isQuotaError(error) || !chunks.some((c) => c.data instanceof Blob)) throw error;
			for (const chunk of chunks)
				if (chunk.data instanceof Blob) chunk.data = new Uint8Array(await chunk.data.arrayBuffer());
			const result = await write();
			this.#blobs = false;
			refusedInThisPage = true;
			return result;
		}
	}
}

let refusedInThisPage = false;
let probe: Promise<boolean | null> | null = null;

/** The name of the throwaway database the probe writes one Blob into (and deletes). */
export const PROBE_DB_NAME = 'radfolio-blob-probe';

/**
 * Whether this browser stores a Blob in IndexedDB, found once per page by writing one into a throwaway database
 * (deleted after). False means writes go as bytes from the start, and, since the engines that refuse do so in
 * sessions that forget everything when closed, that this window is most likely such a session. Null where there
 * is no IndexedDB or it cannot be opened at all.
 */
export function probeBlobStorage(): Promise<boolean | null> {
	probe ??= tryBlob().then((stored) => {
		if (stored === false) refusedInThisPage = true;
		return stored;
	});
	return probe;
}

async function tryBlob(): Promise<boolean | null> {
	if (typeof indexedDB === 'undefined') return null;
	let db: IDBDatabase;
	try {
		db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(PROBE_DB_NAME, 1);
			request.onupgradeneeded = () => request.result.createObjectStore('probe');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error ?? new Error('open failed'));
		});
	} catch {
		return null;
	}
	try {
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction('probe', 'readwrite');
			tx.objectStore('probe').put(new Blob([new Uint8Array(16)]), 'blob');
			tx.oncomplete = () => resolve();
			tx.onabort = () => reject(tx.error ?? new Error('aborted'));
		});
		return true;
	} catch {
		return false;
	} finally {
		db.close();
		await new Promise<void>((resolve) => {
			const request = indexedDB.deleteDatabase(PROBE_DB_NAME);
			request.onsuccess = request.onerror = request.onblocked = () => resolve();
		});
	}
}
