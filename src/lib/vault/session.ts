import {
	CryptoError,
	createBulkCipher,
	createChunkCipher,
	deriveVaultKeys,
	open,
	openJson,
	opaqueId,
	sealJson,
	wipe,
	type BulkCipher,
	type ChunkCipher,
	type VaultKeys
} from '$lib/crypto';
import { ROW_VERSION } from './db';
import { VaultError } from './errors';

/**
 * The keys of an unlocked vault and the operations that need them. Exists only between unlock and lock; `close`
 * wipes the keys here and in the crypto workers.
 */
export class VaultSession {
	#keys: VaultKeys | null;
	#cipher: BulkCipher | null;
	#chunks: ChunkCipher | null;

	constructor(master: Uint8Array, options: { workers?: number } = {}) {
		this.#keys = deriveVaultKeys(master);
		this.#cipher = createBulkCipher(this.#keys.record, options);
		this.#chunks = createChunkCipher(this.#cipher, this.#keys.chunk);
	}

	get keys(): VaultKeys {
		if (!this.#keys) throw new VaultError('locked');
		return this.#keys;
	}

	get cipher(): BulkCipher {
		if (!this.#cipher) throw new VaultError('locked');
		return this.#cipher;
	}

	/** Image chunks: sealed as chunk records v2 (AES-256-GCM), opened in either version ($lib/crypto). */
	get chunks(): ChunkCipher {
		if (!this.#chunks) throw new VaultError('locked');
		return this.#chunks;
	}

	get open(): boolean {
		return this.#keys !== null;
	}

	id(kind: 'study' | 'series' | 'instance', uid: string): string {
		return opaqueId(this.keys.id, kind, uid);
	}

	sealRecord(context: string, value: unknown): Uint8Array {
		return sealJson(this.keys.record, context, value);
	}

	/**
	 * Opens a sealed JSON record; refuses newer formats and any failure, never partial data: 'tampered' when the
	 * record is authentic but sealed for another row or another revision (moved, swapped, rolled back), 'damaged'
	 * when it does not open at all.
	 */
	openRecord<T extends { v: number }>(
		context: string,
		rowVersion: number,
		payload: Uint8Array,
		/** The newest format of the sealed record its reader knows (the providers row is at 2). */
		newest = 1
	): T {
		if (rowVersion > ROW_VERSION) throw new VaultError('schema-too-new', `row v${rowVersion}`);
		const what = context.split('|')[0];
		let value: T;
		try {
			value = openJson<T>(this.keys.record, context, payload);
		} catch (error) {
			if (error instanceof CryptoError) throw refusal(error, what);
			throw error;
		}
		if (value.v > newest) throw new VaultError('schema-too-new', `${what} v${value.v}`);
		return value;
	}

	openBytes(context: string, payload: Uint8Array): Uint8Array {
		try {
			return open(this.keys.record, context, payload);
		} catch (error) {
			throw refusal(error, context.split('|')[0]);
		}
	}

	close() {
		if (this.#keys) wipe(this.#keys.record, this.#keys.id, this.#keys.backup, this.#keys.chunk);
		this.#keys = null;
		this.#chunks?.dispose();
		this.#chunks = null;
		this.#cipher?.dispose();
		this.#cipher = null;
	}
}

/** A record that would not open, as the VaultError a reader throws (see VaultSession.openRecord). */
export function refusal(error: unknown, what: string | undefined): VaultError {
	// A record of a version this build does not know (an image chunk a newer Radfolio sealed): update, not damage.
	if (error instanceof CryptoError && error.code === 'unknown-version')
		return new VaultError('schema-too-new', what, { cause: error });
	const misplaced = error instanceof CryptoError && error.code === 'context-mismatch';
	return new VaultError(misplaced ? 'tampered' : 'damaged', what, { cause: error });
}

/**
 * The context each sealed record is sealed under (envelope.ts): what it names is what it is bound to. Ids are
 * base64url, never "|", so no two contexts of different rows or formats are the same string. Row format 1 (db.ts)
 * used the first set; format 2 adds what the second names. Never change one: stored records would stop opening.
 */
export const contexts = {
	// Row format 1: the row's id alone.
	settings: 'settings',
	providers: 'providers',
	shares: 'shares',
	study: (id: string) => `study|${id}`,
	series: (id: string) => `series|${id}`,
	instance: (id: string) => `instance|${id}`,
	/** Format 1 chunks, and the chunks of instance rows upgraded from format 1 (their `w` is null). */
	chunk: (instanceId: string, index: number) => `chunk|${instanceId}|${index}`,
	// Row format 2.
	/** The ledger of revisions (ledger.ts), one per vault. */
	ledger: 'ledger',
	/** A sealed meta row at its revision. */
	meta: (id: string, revision: number) => `${id}|${revision}`,
	study2: (id: string, revision: number) => `study|${id}|${revision}`,
	series2: (id: string, studyId: string) => `series|${id}|${studyId}`,
	instance2: (id: string, seriesId: string, studyId: string) =>
		`instance|${id}|${seriesId}|${studyId}`,
	/** Chunk `index` of `count`, of the write `w` of the instance: a chunk dropped, added or mixed in fails. */
	chunk2: (instanceId: string, index: number, count: number, w: string) =>
		`chunk|${instanceId}|${index}|${count}|${w}`
};
