import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64Url, utf8 } from './encoding';
import { KEY_BYTES, randomBytes } from './envelope';

/**
 * The vault's master key never encrypts anything itself: HKDF-SHA256 derives one subkey per purpose, so a future
 * purpose (a backup MAC, a sync cursor) gets its own key without touching stored data.
 */
export interface VaultKeys {
	/** Seals every record's payload. */
	record: Uint8Array;
	/** Keys the opaque ids derived from DICOM UIDs. */
	id: Uint8Array;
	/** Authenticates whole backup files. */
	backup: Uint8Array;
	/** The HKDF base of every stored file's key for image chunks (chunk-record.ts, chunk records version 2). */
	chunk: Uint8Array;
}

const INFO = {
	record: 'radfolio/vault/v1/record-key',
	id: 'radfolio/vault/v1/id-key',
	backup: 'radfolio/vault/v1/backup-key',
	chunk: 'radfolio/vault/v1/chunk-key'
} as const;

export function newMasterKey(): Uint8Array {
	return randomBytes(KEY_BYTES);
}

export function deriveVaultKeys(master: Uint8Array): VaultKeys {
	const derive = (info: string) => hkdf(sha256, master, undefined, utf8(info), KEY_BYTES);
	return {
		record: derive(INFO.record),
		id: derive(INFO.id),
		backup: derive(INFO.backup),
		chunk: derive(INFO.chunk)
	};
}

/**
 * An opaque, stable id for a DICOM entity: HMAC-SHA256(idKey, kind ‖ 0 ‖ uid), 128 bits, base64url.
 * The same SOP Instance UID from a CD and from sync maps to the same id, so duplicates merge, yet the database
 * holds no UID and ids cannot be linked across vaults.
 */
export function opaqueId(idKey: Uint8Array, kind: 'study' | 'series' | 'instance', uid: string) {
	return toBase64Url(hmac(sha256, idKey, utf8(`${kind}\u0000${uid}`)).subarray(0, 16));
}

/** Incremental HMAC-SHA256, for authenticating streams (backups) without holding them. */
export function createMac(key: Uint8Array) {
	return hmac.create(sha256, key);
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}
