/** Vault failures by cause; $lib/messages has the words. The vault layer never talks to the user. */
export type VaultErrorCode =
	| 'no-vault' // nothing created in this browser profile yet
	| 'exists' // creating over an existing vault
	| 'locked' // an operation that needs keys while locked
	| 'wrong-passphrase'
	| 'damaged' // authentic data missing or changed; nothing partial is returned
	| 'tampered' // authentic records found where they do not belong (moved, cut short, rolled back); nothing shown
	| 'schema-too-new' // written by a newer Radfolio
	| 'quota' // the browser refused to store more
	| 'write-failed' // the browser failed a write for another reason (e.g. the database was closed or deleted)
	| 'read-failed' // the browser's storage could not give back what it holds (isStorageFailure): not shown changed
	| 'not-found'
	| 'backup-invalid' // not a Radfolio backup, or one cut short or changed
	| 'kdf-too-costly'; // its passphrase would take more memory or time to check than Radfolio allows

export class VaultError extends Error {
	readonly code: VaultErrorCode;
	constructor(code: VaultErrorCode, detail?: string, options?: { cause?: unknown }) {
		super(detail ? `${code}: ${detail}` : code, options);
		this.name = 'VaultError';
		this.code = code;
	}
}

/**
 * The browser's own storage failed under the page (not the data, not a full disk): a Blob it holds can no longer
 * be read (NotReadableError), or IndexedDB could not write or read the Blobs behind a value ("Failed to write
 * blobs", UnknownError), possibly wrapped by Dexie (`inner`) or as a cause. Seen in Chromium 156 after a crashed
 * tab and a restart of the same profile: a 1 GiB share's downloaded Blobs became unreadable mid-open, and stayed so after another restart (a fresh profile opened it).
 */
export function isStorageFailure(error: unknown): boolean {
	for (
		let e = error as { name?: string; message?: string; inner?: unknown; cause?: unknown } | null,
			depth = 0;
		e && depth < 4;
		depth++
	) {
		if (e.name === 'NotReadableError' || e.name === 'UnknownError') return true;
		if (/failed to (write|read) blobs?/i.test(e.message ?? '')) return true;
		e = (e.inner ?? e.cause ?? null) as typeof e;
	}
	return false;
}

/** IndexedDB reports a full disk as QuotaExceededError, possibly wrapped by Dexie. */
export function isQuotaError(error: unknown): boolean {
	const e = error as { name?: string; inner?: { name?: string } } | null;
	return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}
