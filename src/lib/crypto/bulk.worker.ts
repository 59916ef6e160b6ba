/// <reference lib="webworker" />
import { CryptoError } from './errors';
import { ENVELOPE_VERSION, open, seal } from './envelope';
import { useFastSecretbox } from './secretbox';
import type { StoredRead, StoredRecord, WorkerRequest, WorkerResponse } from './bulk';

// Holds the vault's record key while the vault is unlocked; `wipe` (on lock) zeroes it before termination.
let key: Uint8Array | null = null;

// Every request waits for libsodium (or for its failure, which leaves tweetnacl): same bytes either way.
const ready = useFastSecretbox();

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
	await ready;
	const msg = event.data;
	if (msg.type === 'key') {
		key = msg.key;
		return;
	}
	if (msg.type === 'wipe') {
		key?.fill(0);
		key = null;
		for (const db of connections.values()) void db.then((d) => d.close()).catch(() => {});
		connections.clear();
		return;
	}
	let response: WorkerResponse;
	const transfer: ArrayBuffer[] = [];
	try {
		if (!key) throw new CryptoError('bad-key', 'no key in worker');
		const k = key;
		let results: (Uint8Array | Blob)[];
		if (msg.type === 'stored') {
			const stored = await readStored(k, msg.where);
			if (stored.opened) transfer.push(stored.opened.buffer as ArrayBuffer);
			if (stored.sealed) transfer.push(stored.sealed.buffer as ArrayBuffer);
			(self as unknown as DedicatedWorkerGlobalScope).postMessage(
				{ id: msg.id, stored } satisfies WorkerResponse,
				transfer
			);
			return;
		}
		if (msg.type === 'seal') {
			const sealed = msg.items.map((i) => seal(k, i.context, i.data));
			results = msg.blobs ? sealed.map((r) => new Blob([r as BlobPart])) : sealed;
		} else {
			results = [];
			for (const i of msg.items) {
				const record =
					i.record instanceof Uint8Array ? i.record : new Uint8Array(await i.record.arrayBuffer());
				// Locked while the Blob was read: the key is gone, and so is this answer.
				if (!key) throw new CryptoError('bad-key', 'no key in worker');
				results.push(open(key, i.context, record).slice());
			}
		}
		for (const r of results) if (r instanceof Uint8Array) transfer.push(r.buffer as ArrayBuffer);
		response = { id: msg.id, results };
	} catch (error) {
		response = {
			id: msg.id,
			error:
				error instanceof CryptoError
					? { code: error.code, message: error.message }
					: { code: 'other', message: String(error) }
		};
	}
	(self as unknown as DedicatedWorkerGlobalScope).postMessage(response, transfer);
};

/** One connection per database, opened on first use and closed when another tab upgrades it or on wipe. */
const connections = new Map<string, Promise<IDBDatabase>>();

function connect(name: string): Promise<IDBDatabase> {
	let connection = connections.get(name);
	if (!connection) {
		connection = new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(name);
			// Only ever reads a database the page made: never creates one.
			request.onupgradeneeded = () => request.transaction?.abort();
			request.onsuccess = () => {
				const db = request.result;
				db.onversionchange = () => {
					db.close();
					connections.delete(name);
				};
				resolve(db);
			};
			request.onerror = () => reject(request.error ?? new Error('cannot open the database'));
		});
		connection.catch(() => connections.delete(name));
		connections.set(name, connection);
	}
	return connection;
}

function get(store: IDBObjectStore, key: IDBValidKey): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = store.get(key);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('read failed'));
	});
}

/** See BulkCipher.openStored: the row and the record in one transaction, the record opened as the row says. */
async function readStored(k: Uint8Array, where: StoredRecord): Promise<StoredRead> {
	const db = await connect(where.db);
	const tx = db.transaction([where.row.store, where.record.store], 'readonly');
	const [row, record] = (await Promise.all([
		get(tx.objectStore(where.row.store), where.row.key),
		get(tx.objectStore(where.record.store), where.record.key)
	])) as [Record<string, unknown> | undefined, { data?: Blob | Uint8Array } | undefined];
	if (!row) return { row: null, opened: null };
	const context = contextFor(row, where);
	if (context === null || !record?.data) return { row, opened: null };
	const bytes =
		record.data instanceof Uint8Array
			? record.data
			: new Uint8Array(await record.data.arrayBuffer());
	// Locked while the Blob was read: the key is gone, and so is this answer.
	if (!key) throw new CryptoError('bad-key', 'no key in worker');
	// A chunk record of version 2 is opened by the page, with WebCrypto (chunk-cipher.ts): handed over as read.
	if (bytes[0] !== ENVELOPE_VERSION)
		return {
			row,
			opened: null,
			sealed: bytes.byteOffset || bytes.length !== bytes.buffer.byteLength ? bytes.slice() : bytes
		};
	return { row, opened: open(k, context, bytes).slice() };
}

/** The context the row says its record is sealed under (StoredRecord.open), or null when it says none. */
function contextFor(row: Record<string, unknown>, where: StoredRecord): string | null {
	const how = where.open.find((o) =>
		Object.entries(o.expect).every(([field, value]) => row[field] === value)
	);
	if (!how) return null;
	const parts = [how.context];
	for (const field of how.contextFields ?? []) {
		const value = row[field];
		if (typeof value !== 'string' && typeof value !== 'number') return null;
		parts.push(String(value));
	}
	return parts.join('|');
}
