/**
 * What the two devices leave each other in the mailbox (transfer format version 1), besides the new device's
 * public key (slot "b", 32 raw bytes):
 *   slot "a", old → new: envelope record (context OFFER) of JSON
 *        { v: 1, share: <relay share id of the vault stream, or null when it went as a file>,
 *          master: <the vault's master key, base64url>, bytes }
 *   slot "done", new → old: envelope record (context DONE) of JSON { v: 1 }
 * Records are sealed with the pairing's message key (src/lib/crypto/pairing.ts); the vault stream itself is a
 * share stream (v1) under the pairing's stream key whose plaintext is an encrypted backup (src/lib/vault/backup.ts),
 * its rows still sealed by the vault's own keys. As a file ("Save as a file instead"), it is that same stream: only
 * the new device, with the key from this pairing, can open it.
 */
export const TRANSFER_VERSION = 1;
export const OFFER = 'radfolio/transfer/v1/offer';
export const DONE = 'radfolio/transfer/v1/done';
export const SLOT = { newDevice: 'b', offer: 'a', done: 'done' } as const;

export interface TransferOffer {
	v: 1;
	share: string | null;
	master: string;
	/** Size of the backup stream before encryption, for the new device's progress. */
	bytes: number;
}

export function isOffer(value: unknown): value is TransferOffer {
	const o = value as Partial<TransferOffer> | null;
	return (
		!!o &&
		o.v === TRANSFER_VERSION &&
		(o.share === null || (typeof o.share === 'string' && /^[A-Za-z0-9_-]{22}$/.test(o.share))) &&
		typeof o.master === 'string' &&
		typeof o.bytes === 'number'
	);
}
