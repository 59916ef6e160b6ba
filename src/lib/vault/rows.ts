import { randomBytes, toBase64Url, type StoredOpening } from '$lib/crypto';
import { ROW_VERSION, type InstanceRow, type SeriesRow } from './db';
import { VaultError } from './errors';
import type { InstanceRecord, SeriesRecord } from '$lib/study';
import { contexts, type VaultSession } from './session';

/** Files are cut into chunks of this size so viewing and sharing stream and memory stays bounded. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * What row format 2 seals beside an instance's record (records.ts, unchanged): the facts about its stored file
 * that the row also keeps in clear. Readers use these; a row whose clear copies differ is refused.
 *
 *   sealed JSON = InstanceRecord ‖ { storage: { size, chunkCount, w } }
 *   context     = "instance|<id>|<series id>|<study id>"
 */
export interface InstanceStorage {
	/** Bytes of the DICOM file. */
	size: number;
	/** Chunks holding it: exactly ceil(size / CHUNK_BYTES), at least 1. */
	chunkCount: number;
	/** The write's random id, named in every chunk's context; null: chunks of format 1 (InstanceRow.w). */
	w: string | null;
}
type SealedInstance = InstanceRecord & { storage: InstanceStorage };

/** An instance row opened and checked: its record and the facts its reader may trust. */
export interface OpenedInstance {
	record: InstanceRecord;
	storage: InstanceStorage;
}

export const chunkCountFor = (size: number) => Math.max(1, Math.ceil(size / CHUNK_BYTES));

/** A fresh write id: 96 random bits, so two writes of one instance never share one. */
export const newWriteId = () => toBase64Url(randomBytes(12));

export function sealInstanceRow(
	s: VaultSession,
	input: { id: string; seriesId: string; studyId: string; record: InstanceRecord },
	storage: InstanceStorage
): InstanceRow {
	const { id, seriesId, studyId } = input;
	const sealed: SealedInstance = { ...input.record, storage };
	return {
		id,
		seriesId,
		studyId,
		v: ROW_VERSION,
		size: storage.size,
		chunkCount: storage.chunkCount,
		w: storage.w,
		payload: s.sealRecord(contexts.instance2(id, seriesId, studyId), sealed)
	};
}

/**
 * Opens an instance row and checks it. Format 2: the context names its series and study (a row moved elsewhere
 * does not open), and the sealed size, chunk count and write id must equal the clear ones and agree with each
 * other. Format 1 (`legacy`: allowed only until the vault is upgraded, see ledger.ts): as before, clear fields
 * trusted, only checked against each other.
 */
export function openInstanceRow(
	s: VaultSession,
	row: InstanceRow,
	legacy: boolean
): OpenedInstance {
	if (row.v < ROW_VERSION) {
		if (!legacy) throw new VaultError('tampered', 'instance row of format 1');
		const record = s.openRecord<InstanceRecord>(contexts.instance(row.id), row.v, row.payload);
		const storage = { size: row.size, chunkCount: row.chunkCount, w: null };
		if (!consistent(storage)) throw new VaultError('damaged', 'instance size');
		return { record, storage };
	}
	const { storage, ...record } = s.openRecord<SealedInstance>(
		contexts.instance2(row.id, row.seriesId, row.studyId),
		row.v,
		row.payload
	);
	const agrees =
		consistent(storage) &&
		storage.size === row.size &&
		storage.chunkCount === row.chunkCount &&
		storage.w === (row.w ?? null);
	if (!agrees) throw new VaultError('tampered', 'instance size or chunks');
	return { record, storage };
}

function consistent(storage: InstanceStorage): boolean {
	return (
		Number.isSafeInteger(storage.size) &&
		storage.size >= 0 &&
		storage.chunkCount === chunkCountFor(storage.size)
	);
}

/** The context chunk `index` of an instance is sealed under, as its (checked) storage says. */
export function chunkContext(id: string, storage: InstanceStorage, index: number): string {
	return storage.w === null
		? contexts.chunk(id, index)
		: contexts.chunk2(id, index, storage.chunkCount, storage.w);
}

/**
 * The stored file a chunk belongs to, as its chunk record of version 2 names it ($lib/crypto chunk-record.ts: the
 * file's key is derived from it): the instance and its write id (empty for a file stored before write ids).
 * Never change it: stored chunks would stop opening.
 */
export function chunkFile(id: string, storage: InstanceStorage): string {
	return `${id}|${storage.w ?? ''}`;
}

/** How many plaintext bytes chunk `index` holds: all full but the last. */
export function chunkLength(storage: InstanceStorage, index: number): number {
	return Math.min(CHUNK_BYTES, storage.size - index * CHUNK_BYTES);
}

/**
 * How a crypto worker opens chunk 0 of a one-chunk file from the row alone (BulkCipher.openStored): the row's
 * clear fields choose the context, and the page checks the row (openInstanceRow) before it trusts the bytes.
 */
export function firstChunkOpenings(id: string): StoredOpening[] {
	return [
		{ expect: { v: ROW_VERSION, chunkCount: 1, w: null }, context: contexts.chunk(id, 0) },
		{
			expect: { v: ROW_VERSION, chunkCount: 1 },
			context: contexts.chunk(id, 0),
			contextFields: ['chunkCount', 'w']
		},
		{ expect: { v: 1, chunkCount: 1 }, context: contexts.chunk(id, 0) }
	];
}

export function sealSeriesRow(
	s: VaultSession,
	id: string,
	studyId: string,
	record: SeriesRecord
): SeriesRow {
	return {
		id,
		studyId,
		v: ROW_VERSION,
		payload: s.sealRecord(contexts.series2(id, studyId), record)
	};
}

/** Format 2: its context names its study, so a series moved to another study does not open. */
export function openSeriesRow(s: VaultSession, row: SeriesRow, legacy: boolean): SeriesRecord {
	if (row.v < ROW_VERSION) {
		if (!legacy) throw new VaultError('tampered', 'series row of format 1');
		return s.openRecord<SeriesRecord>(contexts.series(row.id), row.v, row.payload);
	}
	return s.openRecord<SeriesRecord>(contexts.series2(row.id, row.studyId), row.v, row.payload);
}
