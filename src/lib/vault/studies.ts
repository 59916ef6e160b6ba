import Dexie, { type Table } from 'dexie';
import type { ChunkRow, RadfolioDb, InstanceRow } from './db';
import { ROW_VERSION } from './db';
import { CryptoError } from '$lib/crypto';
import { VaultError, isQuotaError } from './errors';
import { coverOf } from './cover';
import {
	byInstanceNumber,
	bySeriesNumber,
	orderModalities,
	type InstanceRecord,
	type SeriesRecord,
	type StudyCover,
	type StudyRecord
} from './records';
import { contexts, type VaultSession } from './session';
import { WriteQueue } from './write-queue';

/** Files are cut into chunks of this size so viewing and sharing stream and memory stays bounded. */
export const CHUNK_BYTES = 1024 * 1024;
/** Chunks sealed and written per transaction while storing one file. */
const CHUNKS_PER_BATCH = 8;
/** Files up to this size are sealed whole and written with their row in one transaction, through the queue. */
const QUEUED_FILE_BYTES = CHUNKS_PER_BATCH * CHUNK_BYTES;

export interface InstanceInput {
	id: string;
	seriesId: string;
	studyId: string;
	record: InstanceRecord;
	bytes: Uint8Array;
	/** The vault may take `bytes` (hand a one-chunk file to a crypto worker without a copy; it is empty after). */
	owned?: boolean;
}

export interface InstanceWriter {
	/** Resolves once the file is accepted (sealing has started and the queue has room), not once it is written. */
	put(input: InstanceInput): Promise<void>;
	/** Resolves when everything put is written; throws, once, the VaultError that stopped this writer. */
	flush(): Promise<void>;
}

interface SealedInstance {
	row: InstanceRow;
	chunks: ChunkRow[];
}

export type StudySummary = StudyRecord & { id: string };
/** `instanceCount` is null when the listing was asked without counts (see StudyStore.listSeries). */
export type SeriesSummary = SeriesRecord & { id: string; instanceCount: number | null };
export type InstanceSummary = InstanceRecord & { id: string; size: number };

/**
 * Studies, series and instances in the vault: encrypts on the way in, decrypts on the way out. The only reader
 * and writer of those tables.
 */
/**
 * Runs reads in one read-only transaction (one consistent view of the stores) and resolves with their result as
 * soon as they are done, not when the transaction commits: Dexie's transaction() waits for the commit event, which
 * reaches a busy page's thread late (measured while opening a study: 25 ms behind the page's own render, with
 * the first image's bytes already read and waiting).
 */
function readTogether<T>(db: RadfolioDb, tables: Table[], reads: () => Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		db.transaction('r', tables, async () => {
			const result = await reads();
			// Resolved outside the transaction's zone: the caller's next reads must not join a finished one.
			Dexie.ignoreTransaction(() => resolve(result));
		}).catch(reject);
	});
}

export class StudyStore {
	readonly #db: RadfolioDb;
	readonly #session: () => VaultSession;
	/** Recent series listings (see listInstances), tied to the session that opened them. */
	readonly #listings = new Map<string, { session: VaultSession; list: InstanceSummary[] }>();
	/** The write queues of the instance writers still open; readers wait for them to drain. */
	readonly #queues = new Set<WriteQueue<SealedInstance>>();

	constructor(db: RadfolioDb, session: () => VaultSession) {
		this.#db = db;
		this.#session = session;
	}

	/**
	 * A writer for one import or sync run. Its instances are sealed as soon as they are offered and written behind,
	 * in order, several per transaction (write-queue.ts): `put` resolves when the queue has room, `flush` when all
	 * is written, and a failure is that writer's alone — it is thrown, once, by its next `put` or `flush`.
	 */
	instanceWriter(): InstanceWriter {
		const db = this.#db;
		const queue = new WriteQueue<SealedInstance>({
			// Any failure here stops the writer that offered these instances: it must not go on as if they landed.
			write: (batch) =>
				this.#write(() =>
					db.transaction('rw', db.chunks, db.instances, async () => {
						await db.chunks.bulkPut(batch.flatMap((b) => b.chunks));
						await db.instances.bulkPut(batch.map((b) => b.row));
					})
				).catch((error: unknown) => {
					if (error instanceof VaultError) throw error;
					throw new VaultError('write-failed', undefined, { cause: error });
				}),
			maxBytes: 4 * QUEUED_FILE_BYTES,
			maxItems: 16,
			maxBatchBytes: 2 * QUEUED_FILE_BYTES
		});
		return {
			put: async (input) => {
				// Registered while it may have writes in flight; #drained forgets it once idle.
				this.#queues.add(queue);
				if (input.bytes.length <= QUEUED_FILE_BYTES) {
					return queue.add(input.id, input.bytes.length, this.#sealWhole(input));
				}
				await queue.flush();
				await this.#putLarge(input);
			},
			flush: () => queue.flush()
		};
	}

	/** Stores one DICOM file now (see `instanceWriter` for many). */
	async putInstance(input: InstanceInput): Promise<void> {
		const writer = this.instanceWriter();
		await writer.put(input);
		await writer.flush();
	}

	/** Resolves when no instance writer has writes in flight (failures stay with their writers). */
	async #drained(): Promise<void> {
		for (const queue of [...this.#queues]) {
			await queue.drained();
			if (queue.idle) this.#queues.delete(queue);
		}
	}

	async listStudies(): Promise<StudySummary[]> {
		const s = this.#session();
		const rows = await this.#db.studies.toArray();
		return rows.map((row) => ({
			...s.openRecord<StudyRecord>(contexts.study(row.id), row.v, row.payload),
			id: row.id
		}));
	}

	async getStudy(id: string): Promise<StudySummary | undefined> {
		const row = await this.#db.studies.get(id);
		if (!row) return undefined;
		return {
			...this.#session().openRecord<StudyRecord>(contexts.study(id), row.v, row.payload),
			id
		};
	}

	async putStudy(id: string, record: StudyRecord): Promise<void> {
		const payload = this.#session().sealRecord(contexts.study(id), record);
		await this.#write(() => this.#db.studies.put({ id, v: ROW_VERSION, payload }));
	}

	/**
	 * Records the image a study opens on, as a viewer found it by listing (a study recounted by an older version
	 * has none): its next opening reads it at the press. Read, changed and written in one transaction; a study
	 * gone meanwhile, or a cover already the same, is left as it is.
	 */
	async rememberCover(studyId: string, cover: StudyCover): Promise<void> {
		await this.#drained();
		const s = this.#session();
		const db = this.#db;
		await this.#write(() =>
			db.transaction('rw', db.studies, async () => {
				const row = await db.studies.get(studyId);
				if (!row) return;
				const record = s.openRecord<StudyRecord>(contexts.study(studyId), row.v, row.payload);
				const same =
					record.cover?.seriesId === cover.seriesId &&
					record.cover.instanceId === cover.instanceId &&
					record.cover.TransferSyntaxUID === cover.TransferSyntaxUID;
				if (same) return;
				const payload = s.sealRecord(contexts.study(studyId), { ...record, cover });
				await db.studies.put({ id: studyId, v: ROW_VERSION, payload });
			})
		);
	}

	async getSeries(id: string): Promise<SeriesRecord | undefined> {
		const row = await this.#db.series.get(id);
		return row && this.#session().openRecord<SeriesRecord>(contexts.series(id), row.v, row.payload);
	}

	async putSeries(id: string, studyId: string, record: SeriesRecord): Promise<void> {
		const payload = this.#session().sealRecord(contexts.series(id), record);
		await this.#write(() => this.#db.series.put({ id, studyId, v: ROW_VERSION, payload }));
	}

	/**
	 * A study's series, in series order, each with its instance count unless `counted` is false: opening a study
	 * waits on this listing, and counting a 1,000-slice series' keys is the one part of it that grows with the
	 * series (the study page counts from its instance listings later instead).
	 */
	async listSeries(studyId: string, { counted = true } = {}): Promise<SeriesSummary[]> {
		await this.#drained();
		const s = this.#session();
		const db = this.#db;
		// One transaction, the counts asked together.
		const [rows, counts] = await readTogether(db, [db.series, db.instances], async () => {
			const found = await db.series.where('studyId').equals(studyId).toArray();
			const n = counted
				? await Promise.all(
						found.map((row) => db.instances.where('seriesId').equals(row.id).count())
					)
				: [];
			return [found, n] as const;
		});
		const out: SeriesSummary[] = rows.map((row, i) => ({
			...s.openRecord<SeriesRecord>(contexts.series(row.id), row.v, row.payload),
			id: row.id,
			instanceCount: counts[i] ?? null
		}));
		return out.sort(bySeriesNumber);
	}

	/**
	 * A series' instances, sorted. Opening a study lists its series several times (series panel, viewer,
	 * thumbnail); the last few listings are kept, and reused while the series still has as many instances (a key
	 * count, nothing decrypted) — ids come from UIDs, so the same count means the same instances.
	 */
	async listInstances(seriesId: string): Promise<InstanceSummary[]> {
		await this.#drained();
		const s = this.#session();
		const cached = this.#listings.get(seriesId);
		if (cached && cached.session === s) {
			const count = await this.#db.instances.where('seriesId').equals(seriesId).count();
			if (count === cached.list.length) return [...cached.list];
		}
		const list = await this.#listInstances(s, seriesId);
		this.#listings.delete(seriesId);
		this.#listings.set(seriesId, { session: s, list });
		for (const key of this.#listings.keys()) {
			if (this.#listings.size <= 4) break;
			this.#listings.delete(key);
		}
		return [...list];
	}

	async #listInstances(s: VaultSession, seriesId: string): Promise<InstanceSummary[]> {
		const rows = await this.#db.instances.where('seriesId').equals(seriesId).toArray();
		return rows
			.map((row) => ({
				...s.openRecord<InstanceRecord>(contexts.instance(row.id), row.v, row.payload),
				id: row.id,
				size: row.size
			}))
			.sort(byInstanceNumber);
	}

	/** The ids of every stored instance (opaque ids, read from the primary key alone: nothing is decrypted). */
	async instanceIds(): Promise<Set<string>> {
		await this.#drained();
		return new Set((await this.#db.instances.toCollection().primaryKeys()) as string[]);
	}

	/**
	 * How one DICOM file is stored: an instance is visible only once every byte of it is. A file up to 8 MiB is
	 * sealed whole and written with its row in one transaction. A larger one is written in batches of chunks and its
	 * row last; an interrupted write leaves unreferenced chunks that the next write of the same instance overwrites
	 * (chunk keys are instance id + index).
	 */
	async #sealWhole(input: InstanceInput): Promise<SealedInstance> {
		const s = this.#session();
		const { id, bytes } = input;
		const chunkCount = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
		// The row first: a file handed over is empty once its chunk went to a worker.
		const row = this.#instanceRow(s, input, chunkCount);
		const handOver = !!input.owned && chunkCount === 1;
		const data = await this.#sealChunks(s, id, bytes, 0, chunkCount, handOver);
		return {
			row,
			chunks: data.map((d, index) => ({ instanceId: id, index, data: d }))
		};
	}

	/** Seals batch k+1 of a large file while batch k is written. */
	async #putLarge(input: InstanceInput): Promise<void> {
		const s = this.#session();
		const { id, bytes } = input;
		const chunkCount = Math.ceil(bytes.length / CHUNK_BYTES);
		const seal = (first: number) =>
			this.#sealChunks(s, id, bytes, first, Math.min(chunkCount, first + CHUNKS_PER_BATCH));
		let next: Promise<Blob[]> | null = seal(0);
		for (let first = 0; next; first += CHUNKS_PER_BATCH) {
			const sealed: Blob[] = await next;
			next = first + CHUNKS_PER_BATCH < chunkCount ? seal(first + CHUNKS_PER_BATCH) : null;
			// If this write fails, the batch being sealed is abandoned; its failure is not news.
			next?.catch(() => {});
			await this.#write(() =>
				this.#db.chunks.bulkPut(
					sealed.map((data, i) => ({ instanceId: id, index: first + i, data }))
				)
			);
		}
		const row = this.#instanceRow(s, input, chunkCount);
		await this.#write(() => this.#db.instances.put(row));
	}

	async #sealChunks(
		s: VaultSession,
		id: string,
		bytes: Uint8Array,
		from: number,
		to: number,
		handOver = false
	): Promise<Blob[]> {
		const items = [];
		for (let index = from; index < to; index++) {
			items.push({
				context: contexts.chunk(id, index),
				data: bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)
			});
		}
		try {
			return await s.cipher.sealToBlobs(items, { transfer: handOver });
		} catch (error) {
			// Locked meanwhile: the workers were wiped. Say so rather than "cipher disposed".
			if (!s.open) throw new VaultError('locked', undefined, { cause: error });
			throw error;
		}
	}

	#instanceRow(s: VaultSession, input: InstanceInput, chunkCount: number): InstanceRow {
		return {
			id: input.id,
			seriesId: input.seriesId,
			studyId: input.studyId,
			v: ROW_VERSION,
			size: input.bytes.length,
			chunkCount,
			payload: s.sealRecord(contexts.instance(input.id), input.record)
		};
	}

	/** Decrypts a stored file chunk by chunk. Fails whole ('damaged') if any chunk is missing or altered. */
	streamInstance(id: string, known?: InstanceRow): ReadableStream<Uint8Array> {
		let row = known;
		let next = 0;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				if (!row) {
					await this.#drained();
					row = await this.#db.instances.get(id);
				}
				if (!row) throw new VaultError('not-found', 'instance');
				if (next >= row.chunkCount) return controller.close();
				const batch = Math.min(CHUNKS_PER_BATCH, row.chunkCount - next);
				const keys: [string, number][] = [];
				for (let i = 0; i < batch; i++) keys.push([id, next + i]);
				const chunks = await this.#db.chunks.bulkGet(keys);
				if (chunks.some((c) => !c)) throw new VaultError('damaged', 'missing chunk');
				const opened = await this.#openChunks(id, next, chunks as ChunkRow[]).catch((error) => {
					throw new VaultError('damaged', 'chunk', { cause: error });
				});
				next += batch;
				for (const part of opened) controller.enqueue(part);
			}
		});
	}

	/** The chunks were read for this call alone: they go to the workers without a copy. */
	#openChunks(id: string, first: number, chunks: ChunkRow[]): Promise<Uint8Array[]> {
		return this.#session().cipher.openMany(
			chunks.map((c, i) => ({ context: contexts.chunk(id, first + i), record: c.data })),
			{ transfer: true }
		);
	}

	async readInstance(id: string): Promise<Uint8Array> {
		await this.#drained();
		const inWorker = await this.#readInWorker(id);
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
		if (row.chunkCount === 1) {
			if (!only) throw new VaultError('damaged', 'missing chunk');
			const [bytes] = await this.#openChunks(id, 0, [only]).catch((error) => {
				throw new VaultError('damaged', 'chunk', { cause: error });
			});
			if (bytes!.length !== row.size) throw new VaultError('damaged', 'size');
			return bytes!;
		}
		return this.#readChunked(id, row);
	}

	/** A file of several chunks, whole, its row already read. */
	async #readChunked(id: string, row: InstanceRow): Promise<Uint8Array> {
		const out = new Uint8Array(row.size);
		let offset = 0;
		const reader = this.streamInstance(id, row).getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			if (offset + value.length > out.length) throw new VaultError('damaged', 'size');
			out.set(value, offset);
			offset += value.length;
		}
		if (offset !== row.size) throw new VaultError('damaged', 'size');
		return out;
	}

	/**
	 * A one-chunk file read and opened inside a crypto worker (BulkCipher.openStored): from the database's answer
	 * to the opened bytes, nothing waits on the page's thread, so a read begun when the patient presses on a study
	 * goes on while its page renders. For a file of several chunks, its row (as the worker read it) for the caller
	 * to go on with; undefined when the worker cannot be used (no workers, or it cannot open the database): the
	 * caller then reads it all on the page.
	 */
	async #readInWorker(id: string): Promise<Uint8Array | InstanceRow | undefined> {
		const cipher = this.#session().cipher;
		if (!cipher.openStored) return undefined;
		let read;
		try {
			read = await cipher.openStored({
				db: this.#db.name,
				row: { store: 'instances', key: id },
				record: { store: 'chunks', key: [id, 0] },
				expect: { chunkCount: 1 },
				context: contexts.chunk(id, 0)
			});
		} catch (error) {
			if (error instanceof CryptoError) throw new VaultError('damaged', 'chunk', { cause: error });
			return undefined;
		}
		const row = read.row as InstanceRow | null;
		if (!row) throw new VaultError('not-found', 'instance');
		if (row.chunkCount !== 1) return row;
		if (!read.opened) throw new VaultError('damaged', 'missing chunk');
		if (read.opened.length !== row.size) throw new VaultError('damaged', 'size');
		return read.opened;
	}

	/**
	 * Recounts a study from what is actually stored, records whether it is complete, and works out the image it
	 * opens on (its cover) from the same records.
	 */
	async refreshStudySummary(studyId: string, complete: boolean): Promise<StudySummary | undefined> {
		await this.#drained();
		const s = this.#session();
		const study = await this.getStudy(studyId);
		if (!study) return undefined;
		const seriesRows = await this.#db.series.where('studyId').equals(studyId).toArray();
		const series = seriesRows.map((row) => ({
			...s.openRecord<SeriesRecord>(contexts.series(row.id), row.v, row.payload),
			id: row.id
		}));
		const instanceRows = await this.#db.instances.where('studyId').equals(studyId).toArray();
		let imageCount = 0;
		let reportCount = 0;
		const bySeries = new Map<string, InstanceSummary[]>();
		for (const row of instanceRows) {
			const record = s.openRecord<InstanceRecord>(contexts.instance(row.id), row.v, row.payload);
			if (record.kind === 'image') imageCount++;
			if (record.kind === 'pdf' || record.kind === 'sr') reportCount++;
			const list = bySeries.get(row.seriesId) ?? [];
			list.push({ ...record, id: row.id, size: row.size });
			bySeries.set(row.seriesId, list);
		}
		// In the order the study page lists them: the cover is what it would open on.
		const cover = coverOf(
			[...series].sort(bySeriesNumber).map((x) => ({
				id: x.id,
				instances: (bySeries.get(x.id) ?? []).sort(byInstanceNumber)
			}))
		);
		const { id: _id, cover: _old, ...record } = study;
		const updated: StudyRecord = {
			...record,
			modalities: orderModalities([...study.modalities, ...series.map((x) => x.Modality)]),
			bodyParts: [
				...new Set([...study.bodyParts, ...series.map((x) => x.BodyPartExamined)])
			].filter(Boolean),
			seriesCount: seriesRows.length,
			instanceCount: instanceRows.length,
			imageCount,
			reportCount,
			complete,
			...(cover && { cover })
		};
		await this.putStudy(studyId, updated);
		return { ...updated, id: studyId };
	}

	async deleteStudy(studyId: string): Promise<void> {
		await this.#drained();
		const db = this.#db;
		await db.transaction('rw', [db.studies, db.series, db.instances, db.chunks], async () => {
			const instanceIds = (await db.instances
				.where('studyId')
				.equals(studyId)
				.primaryKeys()) as string[];
			await db.chunks.where('instanceId').anyOf(instanceIds).delete();
			await db.instances.where('studyId').equals(studyId).delete();
			await db.series.where('studyId').equals(studyId).delete();
			await db.studies.delete(studyId);
		});
	}

	async #write<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			if (isQuotaError(error)) throw new VaultError('quota', undefined, { cause: error });
			throw error;
		}
	}
}
