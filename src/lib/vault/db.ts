import Dexie, { type EntityTable } from 'dexie';
import type { KdfParams } from '$lib/crypto';

/**
 * The IndexedDB schema (Dexie). In clear: opaque ids, parent ids, byte sizes, chunk indexes, format versions, and
 * (row format 2) a random write id per stored file. Everything about the patient is inside `payload` / `data`,
 * sealed with the record key ($lib/crypto envelope) under a context naming the row, so rows cannot be swapped.
 *
 * Schema history (Dexie versions) — keep every version declared while users may still have it:
 *   1  meta, studies, series, instances, chunks
 * Row format 2 (below) changed what is sealed, not the stores or their indexes: the schema is still version 1.
 *
 * Row formats (the `v` field of study, series, instance and sealed meta rows; the header has its own):
 *   1  the first: each sealed record's context names its row's id alone. The clear parent ids, size and chunk
 *      count are trusted as stored.
 *   2  the clear fields are bound (docs/security-vault.md): an instance's context names its id, series and study,
 *      and its record carries its size, chunk count and write id (`InstanceStorage`, rows.ts), checked against
 *      the clear copies; its chunks' contexts name the instance, the index, the count and the write id; a
 *      series' context names its study; a study's and a sealed meta row's context names its current revision in
 *      the sealed ledger (ledger.ts), so an older copy of the row no longer opens. Rows of format 1 are re-sealed
 *      as 2 after unlock (upgrade.ts; their chunks stay as they are, see `InstanceRow.w`); once that is done, the
 *      ledger says so and a format-1 row is refused.
 */
export const SCHEMA_VERSION = 1;

/** The row format this version writes; a row with a higher v was written by a newer app and is refused. */
export const ROW_VERSION = 2;
/** The header row's format (keyring.ts): unchanged by row format 2. */
export const HEADER_VERSION = 1;

export interface HeaderRow {
	id: 'header';
	v: number;
	kdf: KdfParams;
	salt: Uint8Array;
	/** The 32-byte master key, sealed under the passphrase key with context "vault-master-key". */
	wrappedKey: Uint8Array;
}
/**
 * A sealed record kept once per vault: the settings, the provider connections, the shares made, and (row format 2)
 * the ledger of every mutable row's current revision (ledger.ts).
 */
export const SEALED_META_IDS = ['settings', 'providers', 'shares', 'ledger'] as const;
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
	/** Format 2: also named in the sealed record's context (a series moved to another study does not open). */
	studyId: string;
	v: number;
	payload: Uint8Array;
}
export interface InstanceRow {
	id: string;
	/** Kept in clear for the indexes; format 2: also named in the sealed record's context. */
	seriesId: string;
	studyId: string;
	v: number;
	/**
	 * Plaintext size of the DICOM file in bytes, and how many chunks hold it. In clear so a reader can plan its reads
	 * (and a crypto worker can read a one-chunk file alone); format 2: the sealed record holds the same values, and
	 * a row whose clear copies differ is refused.
	 */
	size: number;
	chunkCount: number;
	/**
	 * Format 2: the random id of the write that stored the file (base64url), named in every chunk's context so
	 * chunks of an earlier write of the same instance cannot be mixed in; null for a row upgraded from format 1,
	 * whose chunks keep the first context ("chunk|<id>|<index>"). Absent in format 1.
	 */
	w?: string | null;
	payload: Uint8Array;
}
export interface ChunkRow {
	instanceId: string;
	index: number;
	/**
	 * The sealed record: a chunk record of version 2 ($lib/crypto chunk-record.ts, AES-256-GCM) since that version,
	 * a secretbox envelope (envelope.ts, version 1) before; the first byte says which, readers take both, and
	 * reseal.ts turns the old into the new after unlock. Written as a Blob where the browser stores Blobs
	 * (chunk-form.ts); rows written where it does not, and rows restored from a backup, hold it as bytes. Readers
	 * take both: the record inside is the same either way.
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
