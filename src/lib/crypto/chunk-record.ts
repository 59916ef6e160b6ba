import { utf8 } from './encoding';
import { CryptoError } from './errors';
import { KEY_BYTES, randomBytes } from './envelope';

/**
 * Chunk records, version 2: the sealed form of the vault's image chunks (db.ts ChunkRow.data) since the vault
 * moved bulk bytes from XSalsa20-Poly1305 in WebAssembly to the browser's own AES-256-GCM (WebCrypto), which
 * runs natively, off the page's thread, ~2x faster here (docs/STACK.md). Version 1 (envelope.ts) still opens
 * forever; the first byte of every record says which one it is. Never hand-rolled: WebCrypto's AES-GCM and
 * HKDF-SHA256, composed as follows.
 *
 *   offset       size   field
 *   0            1      CHUNK_RECORD_VERSION (2)
 *   1            1      L, context length
 *   2            L      context (UTF-8), in clear: the same string a version-1 chunk seals inside its box
 *                       ("chunk|<instance id>|<index>|<chunk count>|<write id>"); it names only what the
 *                       chunk's row key and its instance row already show in clear
 *   2+L          12     nonce, random per record
 *   14+L         n+16   AES-256-GCM ciphertext ‖ 128-bit tag; additional data = bytes 0 … 14+L (all of the
 *                       above: version, context and nonce are authenticated)
 *
 *   key = HKDF-SHA256(ikm = the vault's chunk key (keys.ts), salt = none,
 *                     info = "radfolio/vault/v1/chunk-file-key|" ‖ file), one per stored file
 *   file = "<instance id>|<write id>" (write id empty for files stored before write ids, rows.ts chunkFile)
 *
 * Why this is safe to compose:
 * - Nonces: each file has its own key, and a file's key seals only that file's chunks (each once per write, and
 *   once more when re-sealed from version 1): a few thousand records at most, so random 96-bit nonces collide
 *   with probability below q²/2⁹⁷ ≈ 2⁻⁷³ for q = 2¹² (NIST SP 800-38D allows 2³² random nonces per key).
 *   A new write of an instance has a new random write id, hence a new key.
 * - Binding: the context is additional data, so a chunk opens only in its own place (instance, index, count,
 *   write); a chunk of another file does not even share the key. The clear copy of the context lets a chunk
 *   moved elsewhere be told apart ('context-mismatch', a tampered vault) from changed bytes ('decrypt-failed').
 * - Keys: the HKDF base and file keys are non-extractable CryptoKeys; the chunk key never leaves keys.ts'
 *   derivation, the crypto workers and this module.
 *
 * Values must never change meaning: a new layout gets a new version byte, and old versions stay readable.
 */
export const CHUNK_RECORD_VERSION = 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FILE_KEY_INFO = 'radfolio/vault/v1/chunk-file-key|';
/** File keys kept derived: a reader streams a few files at once (read-ahead), a migration one at a time. */
const CACHED_FILE_KEYS = 64;

/** The bytes a version-2 record adds to its data, for a context of `contextLength` bytes. */
export const chunkRecordOverhead = (contextLength: number) =>
	2 + contextLength + NONCE_BYTES + TAG_BYTES;

/** The version a stored record claims (its first byte); 0 for an empty one. */
export const recordVersion = (record: Uint8Array) => record[0] ?? 0;

function subtle(): SubtleCrypto {
	const s = globalThis.crypto?.subtle;
	if (!s) throw new CryptoError('bad-key', 'WebCrypto is not available');
	return s;
}

function encodeContext(context: string): Uint8Array {
	const bytes = utf8(context);
	if (bytes.length > 255) throw new RangeError('Chunk context longer than 255 bytes');
	return bytes;
}

/**
 * The vault's chunk key as WebCrypto keys: the HKDF base, and each file's AES-256-GCM key derived once and kept
 * (a few dozen, most recent). Exists while the vault is unlocked; `dispose` drops every key.
 */
export class ChunkKeyring {
	#base: Promise<CryptoKey> | null;
	readonly #files = new Map<string, Promise<CryptoKey>>();

	constructor(chunkKey: Uint8Array) {
		if (chunkKey.length !== KEY_BYTES)
			throw new CryptoError('bad-key', `expected ${KEY_BYTES} bytes`);
		// importKey copies the bytes: the caller may wipe its copy once this returns.
		this.#base = subtle().importKey('raw', chunkKey.slice(), 'HKDF', false, ['deriveKey']);
	}

	fileKey(file: string): Promise<CryptoKey> {
		const base = this.#base;
		if (!base) return Promise.reject(new CryptoError('bad-key', 'chunk keys disposed'));
		let key = this.#files.get(file);
		if (key) {
			// Most recently used last: the first in the map is the one dropped.
			this.#files.delete(file);
		} else {
			key = base.then((b) =>
				subtle().deriveKey(
					{
						name: 'HKDF',
						hash: 'SHA-256',
						salt: new Uint8Array(0),
						info: utf8(FILE_KEY_INFO + file) as BufferSource
					},
					b,
					{ name: 'AES-GCM', length: 256 },
					false,
					['encrypt', 'decrypt']
				)
			);
			// A failed derivation is not kept.
			key.catch(() => this.#files.delete(file));
		}
		this.#files.set(file, key);
		for (const old of this.#files.keys()) {
			if (this.#files.size <= CACHED_FILE_KEYS) break;
			this.#files.delete(old);
		}
		return key;
	}

	dispose() {
		this.#base = null;
		this.#files.clear();
	}
}

/** Seals one chunk of `file` under `context` (see the layout above). */
export async function sealChunk(
	keys: ChunkKeyring,
	file: string,
	context: string,
	data: Uint8Array
): Promise<Uint8Array> {
	const ctx = encodeContext(context);
	const headerLength = 2 + ctx.length + NONCE_BYTES;
	const header = new Uint8Array(headerLength);
	header[0] = CHUNK_RECORD_VERSION;
	header[1] = ctx.length;
	header.set(ctx, 2);
	const nonce = randomBytes(NONCE_BYTES);
	header.set(nonce, 2 + ctx.length);
	const key = await keys.fileKey(file);
	const sealed = await subtle().encrypt(
		{ name: 'AES-GCM', iv: nonce as BufferSource, additionalData: header, tagLength: 128 },
		key,
		data as BufferSource
	);
	const out = new Uint8Array(headerLength + sealed.byteLength);
	out.set(header);
	out.set(new Uint8Array(sealed), headerLength);
	return out;
}

/**
 * Opens a version-2 chunk record sealed for `file` under `context`. Throws CryptoError ('truncated',
 * 'unknown-version', 'context-mismatch', 'decrypt-failed'); never returns unauthenticated bytes.
 */
export async function openChunk(
	keys: ChunkKeyring,
	file: string,
	context: string,
	record: Uint8Array
): Promise<Uint8Array> {
	if (record.length < 2) throw new CryptoError('truncated', `${record.length} bytes`);
	if (record[0] !== CHUNK_RECORD_VERSION)
		throw new CryptoError('unknown-version', `chunk record version ${record[0]}`);
	const ctx = encodeContext(context);
	const headerLength = 2 + record[1]! + NONCE_BYTES;
	if (record.length < headerLength + TAG_BYTES)
		throw new CryptoError('truncated', `${record.length} bytes`);
	if (record[1] !== ctx.length) throw new CryptoError('context-mismatch');
	for (let i = 0; i < ctx.length; i++)
		if (record[2 + i] !== ctx[i]) throw new CryptoError('context-mismatch');
	const key = await keys.fileKey(file);
	let opened: ArrayBuffer;
	try {
		opened = await subtle().decrypt(
			{
				name: 'AES-GCM',
				iv: record.subarray(2 + ctx.length, headerLength) as BufferSource,
				additionalData: record.subarray(0, headerLength) as BufferSource,
				tagLength: 128
			},
			key,
			record.subarray(headerLength) as BufferSource
		);
	} catch (error) {
		// WebCrypto says only "OperationError": the tag did not verify (wrong key, changed bytes).
		if (error instanceof DOMException || (error as Error)?.name === 'OperationError')
			throw new CryptoError('decrypt-failed');
		throw error;
	}
	return new Uint8Array(opened);
}
