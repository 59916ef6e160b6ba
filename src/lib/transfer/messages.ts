/**
 * What the two devices leave each other in the mailbox (transfer format version 2; src/lib/server/relay/mailboxes.ts
 * says who may write each slot):
 *   slot "answer", new → old: the new device's public key (32 raw bytes); anyone holding the link, once
 *   slot "offer",  old → new: envelope record (context OFFER) of JSON
 *        { v: 2, share: <relay share id of the vault stream, or null when it went as a file>,
 *          master: <the vault's master key, base64url>, bytes }
 *   slot "done",   new → old: envelope record (context DONE) of JSON { v: 2 }
 * Records are sealed with the pairing's message key (src/lib/crypto/pairing.ts); the vault stream itself is a
 * share stream (v1) under the pairing's stream key whose plaintext is an encrypted backup (src/lib/vault/backup.ts),
 * its rows still sealed by the vault's own keys. As a file ("Save as a file instead"), it is that same stream: only
 * the new device, with the key from this pairing, can open it. Version 1 (slots b/a/done, pairing v1) is not read.
 */
export const TRANSFER_VERSION = 2;
export const OFFER = 'radfolio/transfer/v2/offer';
export const DONE = 'radfolio/transfer/v2/done';
export const SLOT = { newDevice: 'answer', offer: 'offer', done: 'done' } as const;
export type MailboxSlot = (typeof SLOT)[keyof typeof SLOT];

export interface TransferOffer {
	v: 2;
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
