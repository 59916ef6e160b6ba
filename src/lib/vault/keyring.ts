import {
	CryptoError,
	DEFAULT_KDF,
	SALT_BYTES,
	checkStoredKdf,
	deriveKey,
	newMasterKey,
	open,
	randomBytes,
	seal,
	wipe,
	type KdfParams
} from '$lib/crypto';
import { HEADER_VERSION, type HeaderRow } from './db';
import { VaultError } from './errors';

/**
 * Passphrase ↔ master key. The master key is random and never changes; the passphrase only wraps it, so changing
 * the passphrase rewrites one row. Header fields are not secret (salt, KDF parameters, the sealed key).
 */
const WRAP_CONTEXT = 'vault-master-key';

export async function createHeader(
	passphrase: string,
	kdf: KdfParams = DEFAULT_KDF
): Promise<{ header: HeaderRow; master: Uint8Array }> {
	const master = newMasterKey();
	const header = await wrapMaster(master, passphrase, kdf);
	return { header, master };
}

export async function wrapMaster(
	master: Uint8Array,
	passphrase: string,
	kdf: KdfParams
): Promise<HeaderRow> {
	const salt = randomBytes(SALT_BYTES);
	const kek = await deriveKey(passphrase, salt, kdf);
	try {
		return {
			id: 'header',
			v: HEADER_VERSION,
			kdf,
			salt,
			wrappedKey: seal(kek, WRAP_CONTEXT, master)
		};
	} finally {
		wipe(kek);
	}
}

/** Returns the master key, or throws VaultError('wrong-passphrase' | 'schema-too-new' | 'damaged'). */
export async function unwrapMaster(
	header: HeaderRow,
	passphrase: string,
	options: { allowWeakKdf?: boolean } = {}
): Promise<Uint8Array> {
	if (header.v > HEADER_VERSION) throw new VaultError('schema-too-new', `header v${header.v}`);
	let kdf: KdfParams;
	try {
		kdf = checkStoredKdf(header.kdf, { allowWeak: options.allowWeakKdf });
	} catch (error) {
		throw kdfRefusal(error);
	}
	const kek = await deriveKey(passphrase, header.salt, kdf);
	try {
		return open(kek, WRAP_CONTEXT, header.wrappedKey).slice();
	} catch (error) {
		if (error instanceof CryptoError && error.code === 'decrypt-failed') {
			throw new VaultError('wrong-passphrase');
		}
		throw new VaultError('damaged', 'vault key record', { cause: error });
	} finally {
		wipe(kek);
	}
}

/** Why a header's KDF parameters were refused, as a VaultError: too costly to try, or not ours / damaged. */
export function kdfRefusal(error: unknown): VaultError {
	return error instanceof CryptoError && error.code === 'kdf-too-costly'
		? new VaultError('kdf-too-costly', error.message, { cause: error })
		: new VaultError('damaged', 'KDF parameters refused', { cause: error });
}
