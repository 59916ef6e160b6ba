import {
	CryptoError,
	createBulkCipher,
	deriveVaultKeys,
	open,
	openJson,
	opaqueId,
	sealJson,
	wipe,
	type BulkCipher,
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

	constructor(master: Uint8Array, options: { workers?: number } = {}) {
		this.#keys = deriveVaultKeys(master);
		this.#cipher = createBulkCipher(this.#keys.record, options);
	}

	get keys(): VaultKeys {
		if (!this.#keys) throw new VaultError('locked');
		return this.#keys;
	}

	get cipher(): BulkCipher {
		if (!this.#cipher) throw new VaultError('locked');
		return this.#cipher;
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

	/** Opens a sealed JSON record; refuses newer formats and any failure as 'damaged', never partial data. */
	openRecord<T extends { v: number }>(context: string, rowVersion: number, payload: Uint8Array): T {
		if (rowVersion > ROW_VERSION) throw new VaultError('schema-too-new', `row v${rowVersion}`);
		let value: T;
		try {
			value = openJson<T>(this.keys.record, context, payload);
		} catch (error) {
			if (error instanceof CryptoError)
				throw new VaultError('damaged', context.split('|')[0], { cause: error });
			throw error;
		}
		if (value.v > 1) throw new VaultError('schema-too-new', `${context.split('|')[0]} v${value.v}`);
		return value;
	}

	openBytes(context: string, payload: Uint8Array): Uint8Array {
		try {
			return open(this.keys.record, context, payload);
		} catch (error) {
			throw new VaultError('damaged', context.split('|')[0], { cause: error });
		}
	}

	close() {
		if (this.#keys) wipe(this.#keys.record, this.#keys.id, this.#keys.backup);
		this.#keys = null;
		this.#cipher?.dispose();
		this.#cipher = null;
	}
}

export const contexts = {
	settings: 'settings',
	providers: 'providers',
	shares: 'shares',
	study: (id: string) => `study|${id}`,
	series: (id: string) => `series|${id}`,
	instance: (id: string) => `instance|${id}`,
	chunk: (instanceId: string, index: number) => `chunk|${instanceId}|${index}`
};
