/**
 * Why a sealed record could not be opened. Callers map codes to words in $lib/messages; the crypto layer never
 * talks to the user. None of these ever comes with partial plaintext.
 */
export type CryptoErrorCode =
	| 'truncated' // shorter than the smallest valid record
	| 'unknown-version' // a format version this build does not read (newer app, or not ours)
	| 'decrypt-failed' // wrong key, or the bytes were changed
	| 'context-mismatch' // authentic, but sealed for another record (moved or swapped)
	| 'kdf-too-costly' // a header asks for a key derivation above KDF_MAXIMUM (not written by Radfolio)
	| 'bad-key' // a key of the wrong length
	| 'needs-passphrase'; // a share sealed with a passphrase opened without one: ask for it, then try again

export class CryptoError extends Error {
	readonly code: CryptoErrorCode;
	constructor(code: CryptoErrorCode, detail?: string) {
		super(detail ? `${code}: ${detail}` : code);
		this.name = 'CryptoError';
		this.code = code;
	}
}
