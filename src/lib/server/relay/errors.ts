/**
 * What a client acts on beyond the status, sent as `code` in the JSON body (the message is for people reading
 * logs): `open-ended` (410: a download's ticket lapsed; start a new open), `quota` (429: this client's daily upload
 * allowance is used up; retrying soon will not help), `over-limit` (413 from a blob store: a part met the smallest
 * size limit it was written under; the store says which), `no-mailbox` (404: the mailbox itself is gone, not
 * just the slot empty).
 */
export type RelayErrorCode = 'open-ended' | 'quota' | 'over-limit' | 'no-mailbox';

export class RelayError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 416 | 429 | 507,
		message: string,
		/** Seconds a client should wait before trying again (429, 507). */
		readonly retryAfter?: number,
		readonly code?: RelayErrorCode
	) {
		super(message);
		this.name = 'RelayError';
	}
}
