import { argon2id } from 'hash-wasm';
import { CryptoError } from './errors';

/**
 * Passphrase → 32-byte key with Argon2id (RFC 9106), WASM from hash-wasm. The parameters travel with whatever
 * they protect (vault header, backup header, share header), so they can be raised later without breaking old data.
 * Measured here: m=64 MiB, t=3 takes 0.5-1.0 s in headless Chromium (STACK.md).
 */
export interface KdfParams {
	name: 'argon2id';
	/** Memory in KiB. */
	memoryKiB: number;
	iterations: number;
	parallelism: number;
}

export const DEFAULT_KDF: KdfParams = {
	name: 'argon2id',
	memoryKiB: 64 * 1024,
	iterations: 3,
	parallelism: 1
};

/** Below these, a stored header is refused: an attacker who can edit it must not be able to weaken the KDF. */
const MINIMUM = { memoryKiB: 8 * 1024, iterations: 1 };
/** Test and benchmark builds may pass weaker parameters explicitly; stored headers never may. */
export const TEST_KDF: KdfParams = {
	name: 'argon2id',
	memoryKiB: 256,
	iterations: 1,
	parallelism: 1
};

export const SALT_BYTES = 16;

export function checkStoredKdf(params: KdfParams, { allowWeak = false } = {}): KdfParams {
	if (params?.name !== 'argon2id') throw new CryptoError('unknown-version', `KDF ${params?.name}`);
	const ok =
		Number.isInteger(params.memoryKiB) &&
		Number.isInteger(params.iterations) &&
		Number.isInteger(params.parallelism) &&
		params.parallelism >= 1 &&
		params.parallelism <= 16 &&
		params.memoryKiB <= 4 * 1024 * 1024 &&
		params.iterations <= 64 &&
		(allowWeak ||
			(params.memoryKiB >= MINIMUM.memoryKiB && params.iterations >= MINIMUM.iterations));
	if (!ok) throw new CryptoError('unknown-version', 'KDF parameters out of range');
	return params;
}

export async function deriveKey(
	passphrase: string,
	salt: Uint8Array,
	params: KdfParams
): Promise<Uint8Array> {
	if (salt.length < SALT_BYTES) throw new RangeError('KDF salt too short');
	// NFC so the same passphrase typed on another keyboard or OS derives the same key.
	return argon2id({
		password: passphrase.normalize('NFC'),
		salt,
		memorySize: params.memoryKiB,
		iterations: params.iterations,
		parallelism: params.parallelism,
		hashLength: 32,
		outputType: 'binary'
	});
}
