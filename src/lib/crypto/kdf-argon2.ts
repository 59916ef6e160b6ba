import { argon2id } from 'hash-wasm';
import type { KdfParams } from './kdf';

/**
 * The one Argon2id call, shared by the KDF worker and the in-thread fallback (kdf.ts) so both derive the same bytes.
 * Callers have already normalised the passphrase and checked the parameters.
 */
export function argon2idKey(
	passphrase: string,
	salt: Uint8Array,
	params: KdfParams
): Promise<Uint8Array> {
	return argon2id({
		password: passphrase,
		salt,
		memorySize: params.memoryKiB,
		iterations: params.iterations,
		parallelism: params.parallelism,
		hashLength: 32,
		outputType: 'binary'
	});
}
