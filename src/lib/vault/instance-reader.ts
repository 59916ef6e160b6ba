import { CryptoError } from '$lib/crypto';
import type { ChunkRow, InstanceRow, RadfolioDb } from './db';
import { VaultError, isStorageFailure } from './errors';
import {
	chunkContext,
	chunkFile,
	chunkLength,
	firstChunkOpenings,
	type InstanceStorage
} from './rows';
import { readTogether } from './read-together';
import { refusal, type VaultSession } from './session';

/** Chunks read and opened together while streaming one file. */
const CHUNKS_PER_BATCH = 8;

/** What the reader needs of the study store it serves (studies.ts). */
export interface InstanceReaderDeps {
	db: RadfolioDb;
	session: () => VaultSession;
	/** Resolves once no writer has writes in flight: a read never sees half of what an import is storing. */
	drained: () => Promise<void>;
	/** An instance row opened and checked against its sealed storage (rows.ts), legacy rows as the ledger allows. */
	checked: (s: VaultSession, row: InstanceRow) => Promise<{ storage: InstanceStorage }>;
}

/**
 * Reading stored DICOM files back: whole (one chunk opened in a crypto worker straight from the database when it
 * can), or as a stream of opened chunks. Every chunk is checked against its row's sealed storage: a file cut short,
 * lengthened, or mixed with another write is refused, never returned in part.
 */
export class InstanceReader {
	readonly #db: RadfolioDb;
	readonly #session: () => VaultSession;
	readonly #drained: () => Promise<void>;
	readonly #checked: InstanceReaderDeps['checked'];

	constructor(deps: InstanceReaderDeps) {
		this.#db = deps.db;
		this.#session = deps.session;
		this.#drained = deps.drained;
		this.#checked = deps.checked;
	}

	/**
	 * Decrypts a stored file chunk by chunk, checked against its row's sealed storage (rows.ts): exactly its chunk
	 * count, each chunk its length, so a file cut short, lengthened or mixed with another write fails. A chunk
	 * missing or altered fails the stream ('damaged' or 'tampered'), never skipped.
	 */
	stream(id: string): ReadableStream<Uint8Array> {
		return this.#stream(id, null);
	}

	/** `known`: the storage of a row already read and checked. */
	#stream(id: string, known: InstanceStorage | null): ReadableStream<Uint8Array> {
		let storage = known;
		let next = 0;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				const s = this.#session();
				if (!storage) {
					await this.#drained();
					const row = await this.#db.instances.get(id);
					if (!row) throw new VaultError('not-found', 'instance');
					storage = (await this.#checked(s, row)).storage;
				}
				if (next >= storage.chunkCount) return controller.close();
				const batch = Math.min(CHUNKS_PER_BATCH, storage.chunkCount - next);
				const keys: [string, number][] = [];
				for (let i = 0; i < batch; i++) keys.push([id, next + i]);
				const chunks = await this.#db.chunks.bulkGet(keys);
				if (chunks.some((c) => !c)) throw new VaultError('damaged', 'missing chunk');
				const opened = await this.#openChunks(s, id, storage, next, chunks as ChunkRow[]);
				next += batch;
				for (const part of opened) controller.enqueue(part);
			}
		});
	}

	/**
	 * Opens chunks `first`… of a checked row. The chunks were read for this call alone: they go to the workers
	 * without a copy. Each must hold exactly the bytes its place in the file says.
	 */
	async #openChunks(
		s: VaultSession,
		id: string,
		storage: InstanceStorage,
		first: number,
		chunks: ChunkRow[]
	): Promise<Uint8Array[]> {
		let opened: Uint8Array[];
		try {
			const file = chunkFile(id, storage);
			opened = await s.chunks.open(
				chunks.map((c, i) => ({
					file,
					context: chunkContext(id, storage, first + i),
					record: c.data
				})),
				{ transfer: true }
			);
		} catch (error) {
			if (error instanceof CryptoError) throw refusal(error, 'chunk');
			// A stored chunk's Blob the browser can no longer read is its storage failing, not the data changed.
			if (isStorageFailure(error)) throw new VaultError('read-failed', 'chunk', { cause: error });
			throw new VaultError('damaged', 'chunk', { cause: error });
		}
		opened.forEach((part, i) => {
			if (part.length !== chunkLength(storage, first + i)) throw new VaultError('tampered', 'size');
		});
		return opened;
	}

	async read(id: string): Promise<Uint8Array> {
		await this.#drained();
		const s = this.#session();
		const inWorker = await this.#readInWorker(s, id);
		if (inWorker instanceof Uint8Array) return inWorker;
		// A file of several chunks: the worker's row serves (it is not read twice).
		if (inWorker) return this.#readChunked(id, inWorker);
		const db = this.#db;
		// Most files are one chunk: the row and its chunk in one transaction, and the opened chunk is the file.
		const [row, only] = await readTogether(db, [db.instances, db.chunks], async () => {
			const r = await db.instances.get(id);
			return [r, r?.chunkCount === 1 ? await db.chunks.get([id, 0]) : undefined] as const;
		});
		if (!row) throw new VaultError('not-found', 'instance');
		const { storage } = await this.#checked(s, row);
		if (storage.chunkCount === 1) {
			if (!only) throw new VaultError('damaged', 'missing chunk');
			const [bytes] = await this.#openChunks(s, id, storage, 0, [only]);
			return bytes!;
		}
		return this.#readChunked(id, storage);
	}

	/** A file of several chunks, whole, its row already read and checked. */
	async #readChunked(id: string, storage: InstanceStorage): Promise<Uint8Array> {
		const out = new Uint8Array(storage.size);
		let offset = 0;
		const reader = this.#stream(id, storage).getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			if (offset + value.length > out.length) throw new VaultError('tampered', 'size');
			out.set(value, offset);
			offset += value.length;
		}
		if (offset !== storage.size) throw new VaultError('tampered', 'size');
		return out;
	}

	/**
	 * A one-chunk file read and opened inside a crypto worker (BulkCipher.openStored): from the database's answer
	 * to the opened bytes, nothing waits on the page's thread, so a read begun when the patient presses on a study
	 * goes on while its page renders. The worker picks the chunk's context from the row's clear fields; the row it
	 * hands back is checked here (rows.ts) before the bytes are trusted. For a file of several chunks, its checked
	 * storage for the caller to go on with; undefined when the worker cannot be used (no workers, or it cannot open
	 * the database): the caller then reads it all on the page.
	 */
	async #readInWorker(
		s: VaultSession,
		id: string
	): Promise<Uint8Array | InstanceStorage | undefined> {
		const cipher = s.cipher;
		if (!cipher.openStored) return undefined;
		let read;
		try {
			read = await cipher.openStored({
				db: this.#db.name,
				row: { store: 'instances', key: id },
				record: { store: 'chunks', key: [id, 0] },
				open: firstChunkOpenings(id)
			});
		} catch (error) {
			if (error instanceof CryptoError) throw refusal(error, 'chunk');
			return undefined;
		}
		const row = read.row as InstanceRow | null;
		if (!row) throw new VaultError('not-found', 'instance');
		const { storage } = await this.#checked(s, row);
		if (storage.chunkCount !== 1) return storage;
		// A chunk record of version 2: read by the worker, opened here with WebCrypto (off the page's thread too).
		if (read.sealed) {
			const [bytes] = await this.#openChunks(s, id, storage, 0, [
				{ instanceId: id, index: 0, data: read.sealed }
			]);
			return bytes!;
		}
		if (!read.opened) throw new VaultError('damaged', 'missing chunk');
		if (read.opened.length !== storage.size) throw new VaultError('tampered', 'size');
		return read.opened;
	}
}
