import { CryptoError } from './errors';

/**
 * A cipher whose key lives only in this page: an AES-256-GCM WebCrypto key made non-extractable, so no script can
 * read it out, and it is gone when the page is (nothing stores it). For temporary plaintext the page must put in
 * storage while it works (a received share's files, $lib/vault spool): whatever is left on disk after a crash
 * opens with no key anywhere. Native AES-GCM, not the vault's secretbox: ~3x faster here and run off the main
 * thread by the browser, and its format never leaves the page, so it needs no version.
 *
 *   sealed = iv (12, random per record) ‖ AES-256-GCM(data, additionalData = context) (ciphertext ‖ 16-byte tag)
 *
 * The context names the record's place (e.g. the spool, file and chunk), so records cannot be swapped or moved.
 */
export interface PageCipher {
	seal(data: Uint8Array, context: string): Promise<Uint8Array>;
	/** Throws CryptoError 'decrypt-failed' when the record was changed, moved, or sealed under another key. */
	open(sealed: Uint8Array, context: string): Promise<Uint8Array>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

export async function createPageCipher(): Promise<PageCipher> {
	const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	return {
		async seal(data, context) {
			const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
			const sealed = await crypto.subtle.encrypt(
				{ name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
				key,
				data as BufferSource
			);
			const out = new Uint8Array(IV_BYTES + sealed.byteLength);
			out.set(iv);
			out.set(new Uint8Array(sealed), IV_BYTES);
			return out;
		},
		async open(sealed, context) {
			if (sealed.length < IV_BYTES + TAG_BYTES) throw new CryptoError('truncated');
			try {
				return new Uint8Array(
					await crypto.subtle.decrypt(
						{
							name: 'AES-GCM',
							iv: sealed.subarray(0, IV_BYTES) as BufferSource,
							additionalData: encoder.encode(context)
						},
						key,
						sealed.subarray(IV_BYTES) as BufferSource
					)
				);
			} catch {
				throw new CryptoError('decrypt-failed', 'a page-sealed record');
			}
		}
	};
}
