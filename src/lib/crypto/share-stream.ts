import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, utf8 } from './encoding';
import { CryptoError } from './errors';
import { KEY_BYTES, randomBytes } from './envelope';
import { secretboxOpen, secretboxSeal, useFastSecretbox } from './secretbox';
import { DEFAULT_KDF, SALT_BYTES, checkStoredKdf, deriveKey, type KdfParams } from './kdf';

/**
 * The share stream, format version 1: a study bundle encrypted on the sender's device for a link.
 *
 *   header  = "RFSHARE" (7) ‖ version u8 = 1 ‖ chunkSize u32 BE ‖ noncePrefix (16)
 *             ‖ kdf u8 (0 = none, 1 = Argon2id) ‖ [memoryKiB u32 ‖ iterations u32 ‖ parallelism u8 ‖ salt (16)]
 *   chunk i = secretbox(plain_i, nonce = noncePrefix ‖ i as u56 BE ‖ last u8, streamKey)
 *
 * Every chunk holds exactly `chunkSize` plaintext bytes except the last, which holds fewer (possibly none) and is
 * sealed with last = 1 — the STREAM construction, as in age: a cut, reordered, dropped or appended chunk fails to
 * open. streamKey = HKDF-SHA256(linkKey ‖ passphraseKey?, info = "radfolio/share/v1" ‖ header), so the header
 * (chunk size, KDF parameters, salt) is authenticated too. With a passphrase, passphraseKey = Argon2id(passphrase,
 * salt): the link alone opens nothing, and the relay, which never sees the fragment, opens nothing either.
 */
export const SHARE_STREAM_VERSION = 1;
const MAGIC = utf8('RFSHARE');
export const SHARE_CHUNK_BYTES = 1024 * 1024;
const PREFIX_BYTES = 16;
const MAC_BYTES = nacl.secretbox.overheadLength;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** The largest header (with KDF parameters). */
export const SHARE_HEADER_MAX = MAGIC.length + 1 + 4 + PREFIX_BYTES + 1 + 4 + 4 + 1 + SALT_BYTES;

export interface ShareHeader {
	version: number;
	chunkSize: number;
	noncePrefix: Uint8Array;
	kdf: (KdfParams & { salt: Uint8Array }) | null;
	/** The header's bytes, as they are bound into the key. */
	bytes: Uint8Array;
}

const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const readU32 = (b: Uint8Array, at: number) =>
	((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

export function newShareKey(): Uint8Array {
	return randomBytes(KEY_BYTES);
}

function encodeHeader(
	chunkSize: number,
	noncePrefix: Uint8Array,
	kdf: ShareHeader['kdf']
): Uint8Array {
	const parts = [MAGIC, new Uint8Array([SHARE_STREAM_VERSION]), u32(chunkSize), noncePrefix];
	if (kdf) {
		parts.push(
			new Uint8Array([1]),
			u32(kdf.memoryKiB),
			u32(kdf.iterations),
			new Uint8Array([kdf.parallelism]),
			kdf.salt
		);
	} else parts.push(new Uint8Array([0]));
	return concatBytes(...parts);
}

/**
 * Reads the clear header from the start of a stream. Null when more bytes are needed; throws on anything that is
 * not a share stream of a version this build reads.
 */
export function parseShareHeader(bytes: Uint8Array): ShareHeader | null {
	const fixed = MAGIC.length + 1 + 4 + PREFIX_BYTES + 1;
	if (bytes.length < fixed) {
		if (!MAGIC.every((m, i) => i >= bytes.length || bytes[i] === m)) {
			throw new CryptoError('unknown-version', 'not a Radfolio share');
		}
		return null;
	}
	if (!MAGIC.every((m, i) => bytes[i] === m))
		throw new CryptoError('unknown-version', 'not a Radfolio share');
	const version = bytes[MAGIC.length]!;
	if (version !== SHARE_STREAM_VERSION) {
		throw new CryptoError('unknown-version', `share format ${version}`);
	}
	let at = MAGIC.length + 1;
	const chunkSize = readU32(bytes, at);
	at += 4;
	if (chunkSize < 1024 || chunkSize > MAX_CHUNK_BYTES) {
		throw new CryptoError('unknown-version', 'share chunk size out of range');
	}
	const noncePrefix = bytes.slice(at, at + PREFIX_BYTES);
	at += PREFIX_BYTES;
	const kdfKind = bytes[at++]!;
	let kdf: ShareHeader['kdf'] = null;
	if (kdfKind === 1) {
		if (bytes.length < SHARE_HEADER_MAX) return null;
		const params = checkStoredKdf(
			{
				name: 'argon2id',
				memoryKiB: readU32(bytes, at),
				iterations: readU32(bytes, at + 4),
				parallelism: bytes[at + 8]!
			},
			{ allowWeak: true }
		);
		at += 9;
		kdf = { ...params, salt: bytes.slice(at, at + SALT_BYTES) };
		at += SALT_BYTES;
	} else if (kdfKind !== 0) throw new CryptoError('unknown-version', `share KDF ${kdfKind}`);
	return { version, chunkSize, noncePrefix, kdf, bytes: bytes.slice(0, at) };
}

async function streamKey(linkKey: Uint8Array, header: ShareHeader, passphrase: string | null) {
	if (linkKey.length !== KEY_BYTES) throw new CryptoError('bad-key');
	let ikm = linkKey;
	if (header.kdf) {
		if (!passphrase) throw new CryptoError('needs-passphrase');
		ikm = concatBytes(linkKey, await deriveKey(passphrase, header.kdf.salt, header.kdf));
	}
	return hkdf(
		sha256,
		ikm,
		undefined,
		concatBytes(utf8('radfolio/share/v1'), header.bytes),
		KEY_BYTES
	);
}

/** A chunk that does not open: `index` 0 with a passphrase most likely means a wrong passphrase. */
export class ShareChunkError extends CryptoError {
	constructor(readonly index: number) {
		super('decrypt-failed', `share chunk ${index}`);
		this.name = 'ShareChunkError';
	}
}

function nonce(prefix: Uint8Array, counter: number, last: boolean): Uint8Array {
	const n = new Uint8Array(24);
	n.set(prefix);
	// 7-byte big-endian counter; JS numbers are exact to 2^53, far beyond any share's chunk count.
	let c = counter;
	for (let i = 22; i >= 16; i--) {
		n[i] = c % 256;
		c = Math.floor(c / 256);
	}
	n[23] = last ? 1 : 0;
	return n;
}

export interface ShareEncryptOptions {
	/** Optional passphrase folded into the key. */
	passphrase?: string;
	/** KDF for the passphrase (production default unless a test passes its own). */
	kdf?: KdfParams;
	chunkSize?: number;
}

/**
 * Encrypts a plaintext stream into a share stream: the header first, then one sealed chunk per `chunkSize`
 * plaintext bytes, holding at most one chunk of plaintext at a time.
 */
export async function encryptShareStream(
	linkKey: Uint8Array,
	options: ShareEncryptOptions = {}
): Promise<TransformStream<Uint8Array, Uint8Array>> {
	const chunkSize = options.chunkSize ?? SHARE_CHUNK_BYTES;
	const kdf = options.passphrase
		? { ...(options.kdf ?? DEFAULT_KDF), salt: randomBytes(SALT_BYTES) }
		: null;
	const prefix = randomBytes(PREFIX_BYTES);
	const headerBytes = encodeHeader(chunkSize, prefix, kdf);
	const header = parseShareHeader(headerBytes)!;
	const key = await streamKey(linkKey, header, options.passphrase ?? null);
	await useFastSecretbox();
	let pending = new Uint8Array(chunkSize);
	let filled = 0;
	let counter = 0;
	return new TransformStream({
		start(controller) {
			controller.enqueue(headerBytes);
		},
		transform(chunk, controller) {
			let at = 0;
			while (at < chunk.length) {
				const take = Math.min(chunkSize - filled, chunk.length - at);
				pending.set(chunk.subarray(at, at + take), filled);
				filled += take;
				at += take;
				if (filled === chunkSize) {
					// A full chunk is never the last one: the stream always ends with a shorter chunk.
					controller.enqueue(secretboxSeal(pending, nonce(prefix, counter++, false), key));
					pending = new Uint8Array(chunkSize);
					filled = 0;
				}
			}
		},
		flush(controller) {
			controller.enqueue(
				secretboxSeal(pending.subarray(0, filled), nonce(prefix, counter, true), key)
			);
			key.fill(0);
		}
	});
}

/**
 * Decrypts a share stream. Every chunk is authenticated before its plaintext is passed on; the end is verified
 * (a stream cut at a chunk boundary errors). Callers that must show nothing unverified keep the output until the
 * stream has closed without error.
 */
export function decryptShareStream(
	linkKey: Uint8Array,
	passphrase: string | null = null
): TransformStream<Uint8Array, Uint8Array> {
	// What arrived and is not opened yet, as received: each byte is copied once, into the chunk it belongs to.
	const parts: Uint8Array[] = [];
	let buffered = 0;
	const take = (n: number, consume = true) => {
		const out = new Uint8Array(n);
		let filled = 0;
		for (let i = 0; filled < n; i++) {
			const part = parts[i]!;
			const k = Math.min(n - filled, part.length);
			out.set(part.subarray(0, k), filled);
			filled += k;
		}
		if (consume) {
			buffered -= n;
			for (let left = n; left > 0;) {
				const part = parts[0]!;
				if (part.length <= left) {
					left -= part.length;
					parts.shift();
				} else {
					parts[0] = part.subarray(left);
					left = 0;
				}
			}
		}
		return out;
	};
	let header: ShareHeader | null = null;
	let key: Uint8Array | null = null;
	let counter = 0;
	let ended = false;
	const openChunk = (sealed: Uint8Array, last: boolean) => {
		const plain = secretboxOpen(sealed, nonce(header!.noncePrefix, counter, last), key!);
		if (!plain) throw new ShareChunkError(counter);
		counter++;
		return plain;
	};
	return new TransformStream({
		async transform(chunk, controller) {
			if (ended) throw new CryptoError('decrypt-failed', 'data after the last chunk');
			if (chunk.length) parts.push(chunk);
			buffered += chunk.length;
			if (!header) {
				header = parseShareHeader(take(Math.min(buffered, SHARE_HEADER_MAX), false));
				if (!header) return;
				take(header.bytes.length);
				key = await streamKey(linkKey, header, passphrase);
				await useFastSecretbox();
			}
			const sealedSize = header.chunkSize + MAC_BYTES;
			// Keep at least one byte beyond a full chunk before opening it as "not last": a full chunk at the very
			// end can only be an attack (the last chunk is always shorter), and flush() says so.
			while (buffered > sealedSize) {
				controller.enqueue(openChunk(take(sealedSize), false));
			}
		},
		flush(controller) {
			if (!header || !key) throw new CryptoError('truncated', 'the share ended before its header');
			if (buffered < MAC_BYTES || buffered >= header.chunkSize + MAC_BYTES) {
				throw new CryptoError('truncated', 'the share ended without its last chunk');
			}
			controller.enqueue(openChunk(take(buffered), true));
			ended = true;
			key.fill(0);
		}
	});
}

/** The share stream size for a plaintext of `plainBytes` (for progress bars and the relay's size check). */
export function shareStreamSize(
	plainBytes: number,
	withPassphrase: boolean,
	chunkSize = SHARE_CHUNK_BYTES
) {
	const header = withPassphrase ? SHARE_HEADER_MAX : SHARE_HEADER_MAX - 4 - 4 - 1 - SALT_BYTES;
	const chunks = Math.floor(plainBytes / chunkSize) + 1;
	return header + plainBytes + chunks * MAC_BYTES;
}
