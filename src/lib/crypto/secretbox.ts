import nacl from 'tweetnacl';

/**
 * NaCl secretbox (XSalsa20-Poly1305), the one symmetric construction Radfolio stores and shares with. Output format:
 * 16-byte Poly1305 tag ‖ ciphertext, exactly as tweetnacl's `nacl.secretbox` and libsodium's `crypto_secretbox_easy`.
 *
 * tweetnacl (pure JS, always available, synchronous) is the reference. libsodium's WebAssembly build runs the same
 * construction ~2.4x faster (docs/STACK.md: ≈ 95 vs 40 MB/s here), so bulk paths load it with `useFastSecretbox()`; it is
 * switched on only after it has produced byte-identical output to tweetnacl for a known vector on this very engine.
 * Nothing persisted depends on which one ran: the bytes are the same (secretbox.test.ts proves it on many sizes).
 */
export interface SecretboxImpl {
	readonly name: 'tweetnacl' | 'libsodium';
	seal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
	/** null when the tag does not verify; never returns unauthenticated bytes. */
	open(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null;
}

export const TWEETNACL: SecretboxImpl = {
	name: 'tweetnacl',
	// tweetnacl returns a view at byteOffset 16 of a larger buffer; callers may transfer `.buffer`, so copy out.
	seal: (message, nonce, key) => nacl.secretbox(message, nonce, key).slice(),
	open: (box, nonce, key) => nacl.secretbox.open(box, nonce, key)
};

let current: SecretboxImpl = TWEETNACL;
let loading: Promise<SecretboxImpl> | null = null;

export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array) {
	return current.seal(message, nonce, key);
}

export function secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array) {
	return current.open(box, nonce, key);
}

/** Which implementation is in use (for benchmarks and the self-check test). */
export function secretboxImplementation(): SecretboxImpl['name'] {
	return current.name;
}

/**
 * Loads libsodium (a lazily loaded chunk, so pages that never do bulk crypto never download it) and switches to it
 * if it agrees with tweetnacl. Safe to call often; failures leave tweetnacl in place, which is correct, only slower.
 */
export function useFastSecretbox(): Promise<SecretboxImpl> {
	loading ??= loadLibsodium()
		.then((impl) => {
			if (agrees(impl)) current = impl;
			return current;
		})
		.catch(() => current);
	return loading;
}

async function loadLibsodium(): Promise<SecretboxImpl> {
	const sodium = (await import('libsodium-wrappers')).default;
	await sodium.ready;
	return {
		name: 'libsodium',
		seal: (message, nonce, key) => sodium.crypto_secretbox_easy(message, nonce, key),
		open(box, nonce, key) {
			// libsodium throws on a bad tag (and on input shorter than the tag); tweetnacl returns null.
			if (box.length < nacl.secretbox.overheadLength) return null;
			try {
				return sodium.crypto_secretbox_open_easy(box, nonce, key);
			} catch {
				return null;
			}
		}
	};
}

/** Seals and opens a fixed vector with both implementations; any difference keeps tweetnacl. */
export function agrees(candidate: SecretboxImpl): boolean {
	const key = new Uint8Array(32).map((_, i) => i * 7 + 1);
	const nonce = new Uint8Array(24).map((_, i) => 255 - i);
	const message = new Uint8Array(1000).map((_, i) => (i * 31) & 255);
	const expected = TWEETNACL.seal(message, nonce, key);
	const actual = candidate.seal(message, nonce, key);
	if (actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) return false;
	const opened = candidate.open(expected, nonce, key);
	if (!opened || opened.some((b, i) => b !== message[i])) return false;
	const forged = expected.slice();
	forged[20] = forged[20]! ^ 1;
	return candidate.open(forged, nonce, key) === null;
}
