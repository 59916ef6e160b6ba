import type { ChunkRow, RadfolioDb, InstanceRow, SeriesRow } from './db';
import { ROW_VERSION } from './db';
import { VaultError, isQuotaError } from './errors';
import {
	REMOVED,
	legacyStudy,
	newLedger,
	openStudyRow,
	readLedger,
	sealStudyRow,
	writeLedger
} from './ledger';
import {
	byInstanceNumber,
	bySeriesNumber,
	orderModalities,
	type InstanceRecord,
	type SeriesRecord,
	coverOf,
	type InstanceSummary,
	type SeriesSummary,
	type StudyCover,
	type StudyRecord,
	type StudySummary
} from '$lib/study';
import {
	CHUNK_BYTES,
	chunkContext,
	chunkCountFor,
	chunkFile,
	newWriteId,
	openInstanceRow,
	openSeriesRow,
	sealInstanceRow,
	sealSeriesRow,
	type InstanceStorage
} from './rows';
import type { VaultSession } from './session';
import { InstanceReader } from './instance-reader';
import { readTogether } from './read-together';
import { WriteQueue } from './write-queue';
import { ChunkForm } from './chunk-form';
import { resealChunks } from './reseal';

export { CHUNK_BYTES };
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

/**
 * Studies, series and instances in the vault: encrypts on the way in, decrypts on the way out. The only reader
 * and writer of those tables.
 */
export class StudyStore {
	readonly #db: RadfolioDb;
	readonly #session: () => VaultSession;
	/** Recent series listings (see listInstances), tied to the session that opened them. */
	readonly #listings = new Map<string, { session: VaultSession; list: InstanceSummary[] }>();
	/** The write queues of the instance writers still open; readers wait for them to drain. */
	readonly #queues = new Set<WriteQueue<SealedInstance>>();

	readonly #reader: InstanceReader;
	/** Blobs or bytes (chunk-form.ts): found on the first write a browser refuses, kept for this store. */
	readonly #form = new ChunkForm();

	constructor(db: RadfolioDb, session: () => VaultSession) {
		this.#db = db;
		this.#session = session;
		this.#reader = new InstanceReader({
			db,
			session,
			drained: () => this.#drained(),
			checked: (s, row) => this.#checked(s, row)
		});
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
					this.#form.write(
						batch.flatMap((b) => b.chunks),
						() =>
							db.transaction('rw', db.chunks, db.instances, async () => {
								await db.chunks.bulkPut(batch.flatMap((b) => b.chunks));
								await db.instances.bulkPut(batch.map((b) => b.row));
							})
					)
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

	/**
	 * Every study, each opened at the revision the ledger names (ledger.ts), read with the ledger in one
	 * transaction. A study the ledger has but the database lacks was removed outside Radfolio: 'tampered'.
	 */
	async listStudies(): Promise<StudySummary[]> {
		const s = this.#session();
		const db = this.#db;
		const [rows, ledger] = await readTogether(db, [db.studies, db.meta], () =>
			Promise.all([db.studies.toArray(), readLedger(db, s)])
		);
		const ids = new Set(rows.map((row) => row.id));
		if (ledger && Object.entries(ledger.studies).some(([id, rev]) => rev && !ids.has(id)))
			throw new VaultError('tampered', 'study removed');
		return rows.map((row) => ({ ...openStudyRow<StudyRecord>(s, row, ledger), id: row.id }));
	}

	async getStudy(id: string): Promise<StudySummary | undefined> {
		const s = this.#session();
		const db = this.#db;
		const [row, ledger] = await readTogether(db, [db.studies, db.meta], () =>
			Promise.all([db.studies.get(id), readLedger(db, s)])
		);
		if (!row) {
			if (ledger?.studies[id]) throw new VaultError('tampered', 'study removed');
			return undefined;
		}
		return { ...openStudyRow<StudyRecord>(s, row, ledger), id };
	}

	/** Seals the study at a new revision and records it in the ledger, in one transaction. */
	async putStudy(id: string, record: StudyRecord): Promise<void> {
		const s = this.#session();
		const db = this.#db;
		await this.#write(() =>
			db.transaction('rw', db.studies, db.meta, async () => {
				const ledger = (await readLedger(db, s)) ?? newLedger(false);
				await db.studies.put(sealStudyRow(s, ledger, id, record));
				await writeLedger(db, s, ledger);
			})
		);
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
			db.transaction('rw', db.studies, db.meta, async () => {
				const row = await db.studies.get(studyId);
				if (!row) return;
				const ledger = (await readLedger(db, s)) ?? newLedger(false);
				const record = openStudyRow<StudyRecord>(s, row, ledger);
				const same =
					record.cover?.seriesId === cover.seriesId &&
					record.cover.instanceId === cover.instanceId &&
					record.cover.TransferSyntaxUID === cover.TransferSyntaxUID;
				if (same) return;
				await db.studies.put(sealStudyRow(s, ledger, studyId, { ...record, cover }));
				await writeLedger(db, s, ledger);
			})
		);
	}

	async getSeries(id: string): Promise<SeriesRecord | undefined> {
		const s = this.#session();
		const row = await this.#db.series.get(id);
		return row && openSeriesRow(s, row, (await this.#legacy(s, [row]))(row));
	}

	async putSeries(id: string, studyId: string, record: SeriesRecord): Promise<void> {
		const row = sealSeriesRow(this.#session(), id, studyId, record);
		await this.#write(() => this.#db.series.put(row));
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
		const legacy = await this.#legacy(s, rows);
		const out: SeriesSummary[] = rows.map((row, i) => ({
			...openSeriesRow(s, row, legacy(row)),
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
		const legacy = await this.#legacy(s, rows);
		return rows
			.map((row) => {
				const { record, storage } = openInstanceRow(s, row, legacy(row));
				return { ...record, id: row.id, size: storage.size };
			})
			.sort(byInstanceNumber);
	}

	/**
	 * Which of these rows of format 1 may be read (db.ts, ledger.ts; only asked when some are): all of them while
	 * the vault is not upgraded; after, only series rows under a study the ledger has never had (one an older
	 * Radfolio in another tab wrote since), and instance rows whose series is such a row, of the same study. Any
	 * other is an older copy put back, and refused.
	 */
	async #legacy(
		s: VaultSession,
		rows: (SeriesRow | InstanceRow)[]
	): Promise<(row: SeriesRow | InstanceRow) => boolean> {
		const old = rows.filter((row) => row.v < ROW_VERSION);
		if (!old.length) return () => false;
		const ledger = await readLedger(this.#db, s);
		if (!ledger?.upgraded) return () => true;
		const seriesIds = new Set(old.flatMap((row) => ('seriesId' in row ? [row.seriesId] : [])));
		const parents = new Map<string, SeriesRow>();
		for (const parent of await this.#db.series.bulkGet([...seriesIds]))
			if (parent) parents.set(parent.id, parent);
		return (row) => {
			if (!legacyStudy(ledger, row.studyId)) return false;
			if (!('seriesId' in row)) return true;
			const parent = parents.get(row.seriesId);
			return parent?.v === 1 && parent.studyId === row.studyId;
		};
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
		const storage = this.#storageFor(bytes);
		const row = sealInstanceRow(s, input, storage);
		// WebCrypto copies what it seals: a file handed over (`owned`) is simply dropped after.
		const data = await this.#sealChunks(s, id, storage, bytes, 0, storage.chunkCount);
		return {
			row,
			chunks: data.map((d, index) => ({ instanceId: id, index, data: d }))
		};
	}

	/** What a new write of these bytes stores: its size, chunk count and a fresh write id (rows.ts). */
	#storageFor(bytes: Uint8Array): InstanceStorage {
		return { size: bytes.length, chunkCount: chunkCountFor(bytes.length), w: newWriteId() };
	}

	/** Seals batch k+1 of a large file while batch k is written. */
	async #putLarge(input: InstanceInput): Promise<void> {
		const s = this.#session();
		const { id, bytes } = input;
		const storage = this.#storageFor(bytes);
		const { chunkCount } = storage;
		const seal = (first: number) =>
			this.#sealChunks(
				s,
				id,
				storage,
				bytes,
				first,
				Math.min(chunkCount, first + CHUNKS_PER_BATCH)
			);
		let next: Promise<ChunkRow['data'][]> | null = seal(0);
		for (let first = 0; next; first += CHUNKS_PER_BATCH) {
			const sealed = await next;
			next = first + CHUNKS_PER_BATCH < chunkCount ? seal(first + CHUNKS_PER_BATCH) : null;
			// If this write fails, the batch being sealed is abandoned; its failure is not news.
			next?.catch(() => {});
			const rows = sealed.map((data, i) => ({ instanceId: id, index: first + i, data }));
			await this.#write(() => this.#form.write(rows, () => this.#db.chunks.bulkPut(rows)));
		}
		const row = sealInstanceRow(s, input, storage);
		await this.#write(() => this.#db.instances.put(row));
	}

	async #sealChunks(
		s: VaultSession,
		id: string,
		storage: InstanceStorage,
		bytes: Uint8Array,
		from: number,
		to: number
	): Promise<ChunkRow['data'][]> {
		const items = [];
		const file = chunkFile(id, storage);
		for (let index = from; index < to; index++) {
			items.push({
				file,
				context: chunkContext(id, storage, index),
				data: bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)
			});
		}
		try {
			// Chunk records of version 2 (AES-256-GCM by WebCrypto): sealed off the page's thread by the browser.
			return this.#form.blobs ? await s.chunks.sealToBlobs(items) : await s.chunks.seal(items);
		} catch (error) {
			// Locked meanwhile: the workers were wiped. Say so rather than "cipher disposed".
			if (!s.open) throw new VaultError('locked', undefined, { cause: error });
			throw error;
		}
	}

	/**
	 * Decrypts a stored file chunk by chunk (InstanceReader): a chunk missing or altered fails the stream ('damaged'
	 * or 'tampered'), never skipped.
	 */
	streamInstance(id: string): ReadableStream<Uint8Array> {
		return this.#reader.stream(id);
	}

	/**
	 * Re-seals image chunks of version 1 as version 2, in the background (reseal.ts); resolves with how many. The
	 * vault starts it after each unlock.
	 */
	resealChunks(onBatch?: (resealed: number) => void): Promise<number> {
		return resealChunks({ db: this.#db, session: this.#session(), form: this.#form, onBatch });
	}

	/** One stored file, whole and checked (InstanceReader). */
	readInstance(id: string): Promise<Uint8Array> {
		return this.#reader.read(id);
	}

	/** An instance row opened and checked (rows.ts), format 1 only while the vault is not upgraded. */
	async #checked(s: VaultSession, row: InstanceRow) {
		return openInstanceRow(s, row, (await this.#legacy(s, [row]))(row));
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
		const instanceRows = await this.#db.instances.where('studyId').equals(studyId).toArray();
		const legacy = await this.#legacy(s, [...seriesRows, ...instanceRows]);
		const series = seriesRows.map((row) => ({ ...openSeriesRow(s, row, legacy(row)), id: row.id }));
		let imageCount = 0;
		let reportCount = 0;
		const bySeries = new Map<string, InstanceSummary[]>();
		for (const row of instanceRows) {
			// The row's series is bound in its context (format 2): grouping by the clear one is safe once it opened.
			const { record, storage } = openInstanceRow(s, row, legacy(row));
			if (record.kind === 'image') imageCount++;
			if (record.kind === 'pdf' || record.kind === 'sr') reportCount++;
			const list = bySeries.get(row.seriesId) ?? [];
			list.push({ ...record, id: row.id, size: storage.size });
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

	/** Removes the study, everything under it and its revision in the ledger, in one transaction. */
	async deleteStudy(studyId: string): Promise<void> {
		await this.#drained();
		const s = this.#session();
		const db = this.#db;
		await db.transaction(
			'rw',
			[db.studies, db.series, db.instances, db.chunks, db.meta],
			async () => {
				const instanceIds = (await db.instances
					.where('studyId')
					.equals(studyId)
					.primaryKeys()) as string[];
				await db.chunks.where('instanceId').anyOf(instanceIds).delete();
				await db.instances.where('studyId').equals(studyId).delete();
				await db.series.where('studyId').equals(studyId).delete();
				await db.studies.delete(studyId);
				// Kept as removed, not forgotten: its rows put back are refused (ledger.ts).
				const ledger = (await readLedger(db, s)) ?? newLedger(false);
				ledger.studies[studyId] = REMOVED;
				await writeLedger(db, s, ledger);
			}
		);
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
