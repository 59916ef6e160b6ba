/** The pairing went wrong in a way the patient must hear about: nothing was sent. */
export type TransferErrorCode =
	/** The answer in the mailbox changed after the code was shown: someone may be trying to take the vault. */
	| 'mailbox-changed'
	| 'not-answered'
	/** The other device's offer is not one this version reads. */
	| 'unreadable-offer';

export class TransferError extends Error {
	constructor(
		readonly code: TransferErrorCode,
		detail = ''
	) {
		super(detail ? `${code}: ${detail}` : code);
		this.name = 'TransferError';
	}
}
