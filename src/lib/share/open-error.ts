/** Why a share could not be opened; $lib/messages has the words the recipient reads. */
export type ShareOpenCode =
	| 'expired'
	| 'gone'
	| 'not-found'
	| 'damaged'
	| 'wrong-passphrase'
	| 'needs-passphrase'
	| 'unknown-version'
	| 'kdf-too-costly'
	| 'bad-link'
	| 'unavailable'
	/** Someone else is opening this one-open link right now: possibly the link was seen by someone else. */
	| 'busy'
	/**
	 * The device refused to store the verified files while they are open (QuotaExceededError): nothing is wrong
	 * with the share, and the downloaded ciphertext is kept, so Open tries again without spending another open.
	 */
	| 'no-space'
	/**
	 * The browser's storage failed under the page while the share was opened ($lib/vault isStorageFailure): not the
	 * share's fault, so not 'damaged' (which sends the recipient back to the sender for a link that is fine).
	 */
	| 'device-error';

export class ShareOpenError extends Error {
	constructor(
		readonly code: ShareOpenCode,
		options?: { cause?: unknown }
	) {
		super(code, options);
		this.name = 'ShareOpenError';
	}
}
