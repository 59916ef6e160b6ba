import type { RadfolioDb, InstanceRow } from './db';
import { ROW_VERSION } from './db';
import { VaultError, isQuotaError } from './errors';
import {
	orderModalities,
	type InstanceRecord,
	type SeriesRecord,
	type StudyRecord
} from './records';
import { contexts, type VaultSession } from './session';

/** Files are cut into chunks of this size so viewing and sharing stream and memory stays bounded. */
export const CHUNK_BYTES = 1024 * 1024;
/** Chunks sealed and written per transaction while storing one file. */
const CHUNKS_PER_BATCH = 8;

export type StudySummary = StudyRecord & { id: string };
export type SeriesSummary = SeriesRecord & { id: string; instanceCount: number };
export type InstanceSummary = InstanceRecord & { id: string; size: number };

/**
 * Studies, series and instances in the vault: encrypts on the way in, decrypts on the way out. The only reader
 * and writer of those tables.
 */
export class StudyStore {
	readonly #db: RadfolioDb;
	readonly #session: () => VaultSession;

	constructor(db: RadfolioDb, session: () => VaultSession) {
		this.#db = db;
		this.#session = session;
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

	async getSeries(id: string): Promise<SeriesRecord | undefined> {
		const row = await this.#db.series.get(id);
		return row && this.#session().openRecord<SeriesRecord>(contexts.series(id), row.v, row.payload);
	}

	async putSeries(id: string, studyId: string, record: SeriesRecord): Promise<void> {
		const payload = this.#session().sealRecord(contexts.series(id), record);
		await this.#write(() => this.#db.series.put({ id, studyId, v: ROW_VERSION, payload }));
	}

	async listSeries(studyId: string): Promise<SeriesSummary[]> {
		const s = this.#session();
		const rows = await this.#db.series.where('studyId').equals(studyId).toArray();
		const out: SeriesSummary[] = [];
		for (const row of rows) {
			const record = s.openRecord<SeriesRecord>(contexts.series(row.id), row.v, row.payload);
			const instanceCount = await this.#db.instances.where('seriesId').equals(row.id).count();
			out.push({ ...record, id: row.id, instanceCount });
		}
		return out.sort(
			(a, b) =>
				(a.SeriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.SeriesNumber ?? Number.MAX_SAFE_INTEGER)
		);
	}

	async listInstances(seriesId: string): Promise<InstanceSummary[]> {
		const s = this.#session();
		const rows = await this.#db.instances.where('seriesId').equals(seriesId).toArray();
		return rows
			.map((row) => ({
				...s.openRecord<InstanceRecord>(contexts.instance(row.id), row.v, row.payload),
				id: row.id,
				size: row.size
			}))
			.sort(
				(a, b) =>
					(a.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER) -
					(b.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER)
			);
	}

	async hasInstance(id: string): Promise<boolean> {
		return (await this.#db.instances.where('id').equals(id).count()) > 0;
	}

	/**
	 * Stores one DICOM file. Chunks go first, in batches; the instance row last, so an instance is visible only
	 * once every byte of it is stored. An interrupted write leaves unreferenced chunks that the next write of
	 * the same instance overwrites (chunk keys are instance id + index).
	 */
	async putInstance(input: {
		id: string;
		seriesId: string;
		studyId: string;
		record: InstanceRecord;
		bytes: Uint8Array;
	}): Promise<void> {
		const s = this.#session();
		const { id, bytes } = input;
		const chunkCount = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
		for (let first = 0; first < chunkCount; first += CHUNKS_PER_BATCH) {
			const items = [];
			for (let index = first; index < Math.min(chunkCount, first + CHUNKS_PER_BATCH); index++) {
				items.push({
					context: contexts.chunk(id, index),
					data: bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)
				});
			}
			const sealed = await s.cipher.sealMany(items);
			await this.#write(() =>
				this.#db.chunks.bulkPut(
					sealed.map((data, i) => ({ instanceId: id, index: first + i, data }))
				)
			);
		}
		const row: InstanceRow = {
			id,
			seriesId: input.seriesId,
			studyId: input.studyId,
			v: ROW_VERSION,
			size: bytes.length,
			chunkCount,
			payload: s.sealRecord(contexts.instance(id), input.record)
		};
		await this.#write(() => this.#db.instances.put(row));
	}

	/** Decrypts a stored file chunk by chunk. Fails whole ('damaged') if any chunk is missing or altered. */
	streamInstance(id: string): ReadableStream<Uint8Array> {
		let row: InstanceRow | undefined;
		let next = 0;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				row ??= await this.#db.instances.get(id);
				if (!row) throw new VaultError('not-found', 'instance');
				if (next >= row.chunkCount) return controller.close();
				const batch = Math.min(CHUNKS_PER_BATCH, row.chunkCount - next);
				const keys: [string, number][] = [];
				for (let i = 0; i < batch; i++) keys.push([id, next + i]);
				const chunks = await this.#db.chunks.bulkGet(keys);
				if (chunks.some((c) => !c)) throw new VaultError('damaged', 'missing chunk');
				const opened = await this.#session()
					.cipher.openMany(
						chunks.map((c, i) => ({ context: contexts.chunk(id, next + i), record: c!.data }))
					)
					.catch((error) => {
						throw new VaultError('damaged', 'chunk', { cause: error });
					});
				next += batch;
				for (const part of opened) controller.enqueue(part);
			}
		});
	}

	async readInstance(id: string): Promise<Uint8Array> {
		const row = await this.#db.instances.get(id);
		if (!row) throw new VaultError('not-found', 'instance');
		const out = new Uint8Array(row.size);
		let offset = 0;
		const reader = this.streamInstance(id).getReader();
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

	/** Recounts a study from what is actually stored and records whether it is complete. */
	async refreshStudySummary(studyId: string, complete: boolean): Promise<StudySummary | undefined> {
		const s = this.#session();
		const study = await this.getStudy(studyId);
		if (!study) return undefined;
		const seriesRows = await this.#db.series.where('studyId').equals(studyId).toArray();
		const series = seriesRows.map((row) =>
			s.openRecord<SeriesRecord>(contexts.series(row.id), row.v, row.payload)
		);
		const instanceRows = await this.#db.instances.where('studyId').equals(studyId).toArray();
		let imageCount = 0;
		let reportCount = 0;
		for (const row of instanceRows) {
			const record = s.openRecord<InstanceRecord>(contexts.instance(row.id), row.v, row.payload);
			if (record.kind === 'image') imageCount++;
			if (record.kind === 'pdf' || record.kind === 'sr') reportCount++;
		}
		const { id: _id, ...record } = study;
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
			complete
		};
		await this.putStudy(studyId, updated);
		return { ...updated, id: studyId };
	}

	async deleteStudy(studyId: string): Promise<void> {
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
