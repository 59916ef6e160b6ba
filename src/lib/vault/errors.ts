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

/** IndexedDB reports a full disk as QuotaExceededError, possibly wrapped by Dexie. */
export function isQuotaError(error: unknown): boolean {
	const e = error as { name?: string; inner?: { name?: string } } | null;
	return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}
