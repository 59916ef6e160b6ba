import Dexie, { type EntityTable } from 'dexie';
import type { KdfParams } from '$lib/crypto';

/**
 * The IndexedDB schema (Dexie). In clear: opaque ids, parent ids, byte sizes, chunk indexes, format versions.
 * Everything about the patient is inside `payload` / `data`, sealed with the record key ($lib/crypto envelope)
 * under a context naming the row, so rows cannot be swapped.
 *
 * Schema history — keep every version declared while users may still have it:
 *   1  meta, studies, series, instances, chunks
 */
export const SCHEMA_VERSION = 1;

/** Row format versions (the `v` field); a row with a higher v was written by a newer app and is refused. */
export const ROW_VERSION = 1;

export interface HeaderRow {
	id: 'header';
	v: number;
	kdf: KdfParams;
	salt: Uint8Array;
	/** The 32-byte master key, sealed under the passphrase key with context "vault-master-key". */
	wrappedKey: Uint8Array;
}
/** A sealed record kept once per vault: the settings, the provider connections, the shares made. */
export const SEALED_META_IDS = ['settings', 'providers', 'shares'] as const;
export interface SettingsRow {
	id: (typeof SEALED_META_IDS)[number];
	v: number;
	payload: Uint8Array;
}
export type MetaRow = HeaderRow | SettingsRow;

export interface StudyRow {
	id: string;
	v: number;
	payload: Uint8Array;
}
export interface SeriesRow {
	id: string;
	studyId: string;
	v: number;
	payload: Uint8Array;
}
export interface InstanceRow {
	id: string;
	seriesId: string;
	studyId: string;
	v: number;
	/** Plaintext size of the DICOM file in bytes. */
	size: number;
	chunkCount: number;
	payload: Uint8Array;
}
export interface ChunkRow {
	instanceId: string;
	index: number;
	/**
	 * The sealed record (envelope.ts). Written as a Blob (made by a crypto worker, so the page never copies the bytes
	 * into IndexedDB); rows written before, and rows restored from a backup, hold it as bytes. Readers take both:
	 * the record inside is the same either way.
	 */
	data: Uint8Array | Blob;
}

export type RadfolioDb = Dexie & {
	meta: Dexie.Table<MetaRow, string>;
	studies: EntityTable<StudyRow, 'id'>;
	series: EntityTable<SeriesRow, 'id'>;
	instances: EntityTable<InstanceRow, 'id'>;
	chunks: Dexie.Table<ChunkRow, [string, number]>;
};

export const DEFAULT_DB_NAME = 'radfolio';

export function openDb(name = DEFAULT_DB_NAME): RadfolioDb {
	const db = new Dexie(name) as RadfolioDb;
	db.version(1).stores({
		meta: 'id',
		studies: 'id',
		series: 'id, studyId',
		instances: 'id, seriesId, studyId',
		chunks: '[instanceId+index], instanceId'
	});
	return db;
}
