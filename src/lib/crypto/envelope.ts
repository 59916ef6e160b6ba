import nacl from 'tweetnacl';
import { CryptoError } from './errors';
import { secretboxOpen, secretboxSeal } from './secretbox';

/**
 * The sealed-record format used for every value Radfolio keeps in IndexedDB (and in backups).
 *
 *   offset  size  field
 *   0       1     ENVELOPE_VERSION (1)
 *   1       24    nonce, random per record
 *   25      16+n  XSalsa20-Poly1305 secretbox (NaCl / tweetnacl format) of the plaintext below
 *
 *   plaintext = contextLength (1) ‖ context (≤ 255 bytes, UTF-8) ‖ data
 *
 * The context names the row the record belongs to (e.g. "chunk|<instance id>|3"). Opening checks it, so an
 * attacker with write access to the database cannot swap two valid records or replay one into another row.
 * Values must never change meaning: a new layout gets a new version byte, and old versions stay readable.
 */
export const ENVELOPE_VERSION = 1;
export const KEY_BYTES = nacl.secretbox.keyLength; // 32
const NONCE_BYTES = nacl.secretbox.nonceLength; // 24
const TAG_BYTES = nacl.secretbox.overheadLength; // 16
const HEADER_BYTES = 1 + NONCE_BYTES;
/** Bytes a sealed record adds to its data, for a context of `contextLength` bytes. */
export const envelopeOverhead = (contextLength: number) =>
	HEADER_BYTES + TAG_BYTES + 1 + contextLength;

const encoder = new TextEncoder();

function checkKey(key: Uint8Array) {
	if (key.length !== KEY_BYTES) throw new CryptoError('bad-key', `expected ${KEY_BYTES} bytes`);
}

function encodeContext(context: string): Uint8Array {
	const bytes = encoder.encode(context);
	if (bytes.length > 255) throw new RangeError('Envelope context longer than 255 bytes');
	return bytes;
}

export function randomBytes(length: number): Uint8Array {
	return nacl.randomBytes(length);
}

export function seal(key: Uint8Array, context: string, data: Uint8Array): Uint8Array {
	checkKey(key);
	const ctx = encodeContext(context);
	const plaintext = new Uint8Array(1 + ctx.length + data.length);
	plaintext[0] = ctx.length;
	plaintext.set(ctx, 1);
	plaintext.set(data, 1 + ctx.length);
	const nonce = nacl.randomBytes(NONCE_BYTES);
	const box = secretboxSeal(plaintext, nonce, key);
	const out = new Uint8Array(HEADER_BYTES + box.length);
	out[0] = ENVELOPE_VERSION;
	out.set(nonce, 1);
	out.set(box, HEADER_BYTES);
	return out;
}

/** Opens a record sealed by `seal`. Throws CryptoError; never returns unauthenticated bytes. */
export function open(key: Uint8Array, context: string, record: Uint8Array): Uint8Array {
	checkKey(key);
	if (record.length < 1) throw new CryptoError('truncated', 'empty record');
	if (record[0] !== ENVELOPE_VERSION) {
		throw new CryptoError('unknown-version', `envelope version ${record[0]}`);
	}
	if (record.length < HEADER_BYTES + TAG_BYTES + 1) {
		throw new CryptoError('truncated', `${record.length} bytes`);
	}
	const nonce = record.subarray(1, HEADER_BYTES);
	const plaintext = secretboxOpen(record.subarray(HEADER_BYTES), nonce, key);
	if (!plaintext) throw new CryptoError('decrypt-failed');
	const ctx = encodeContext(context);
	const storedLength = plaintext[0]!;
	if (storedLength !== ctx.length || plaintext.length < 1 + storedLength) {
		throw new CryptoError('context-mismatch');
	}
	for (let i = 0; i < ctx.length; i++) {
		if (plaintext[1 + i] !== ctx[i]) throw new CryptoError('context-mismatch');
	}
	return plaintext.subarray(1 + ctx.length);
}

/** Seals a JSON-serialisable value. */
export function sealJson(key: Uint8Array, context: string, value: unknown): Uint8Array {
	return seal(key, context, encoder.encode(JSON.stringify(value)));
}

export function openJson<T>(key: Uint8Array, context: string, record: Uint8Array): T {
	return JSON.parse(new TextDecoder().decode(open(key, context, record))) as T;
}

/** Overwrites key material we own. JS cannot promise the engine kept no copy; this narrows the window. */
export function wipe(...keys: (Uint8Array | null | undefined)[]) {
	for (const key of keys) key?.fill(0);
}
