/**
 * The relay's share metadata and open tickets: one interface, two implementations — SQLite (sqlite-records.ts, the
 * embedded default, one process) and PostgreSQL (pg-records.ts, any number of instances on one database). Both pass
 * the same contract suite (tests/integration/stores.contract.test.ts).
 *
 * Each method is one atomic step: whatever it reads to decide and what it writes happen in one transaction, so two
 * instances serving the same share at the same instant cannot both take the last open, count one open twice, or
 * end a share twice. The rules around them (limits, blobs, what a client is told) live in store.ts, once.
 *
 * The SQLite methods answer synchronously, the PostgreSQL ones with promises: callers await either.
 */
export type Awaitable<T> = T | Promise<T>;

export type ShareState = 'uploading' | 'ready' | 'expired' | 'revoked' | 'used';

export interface ShareRow {
	id: string;
	ownerHash: Buffer;
	state: ShareState;
	createdAt: number;
	expiresAt: number;
	maxOpens: number | null;
	opens: number;
	size: number;
	parts: number;
}

export interface TicketRow {
	tokenHash: Buffer;
	shareId: string;
	createdAt: number;
	activeAt: number;
	served: number;
	/** True once the open was counted in the share's `opens` (counted exactly once, whoever gets there first). */
	counted: boolean;
	state: 'live' | 'spent' | 'released';
}

/** What starting an open came to. */
export type OpenOutcome =
	| 'started'
	/** Every open left is held by a live ticket: try later. */
	| 'busy'
	/** No open left and none being used. */
	| 'used'
	/** Too many live tickets on this share. */
	| 'crowded'
	/** The share is not ready (any more). */
	| 'ended';

/** A share ends this long after its last part was written if the upload never completes. */
export const UPLOAD_IDLE_MS = 3_600_000;
/** Ended shares keep their row (links answer 410, not 404) this long. */
export const TOMBSTONE_MS = 30 * 86_400_000;
/** A ticket lapses this long after it last handed out a byte (or was made)… */
export const TICKET_IDLE_MS = 15 * 60_000;
/** …and this long after it was made, whatever it does: nobody holds a link "being opened" for its whole life. */
export const TICKET_LIFETIME_MS = 2 * 3_600_000;
/** Ended tickets are kept this long (an acknowledgement said twice is answered the same). */
export const TICKET_KEPT_MS = 86_400_000;
/** How long a part write holds its share (across instances): a 16 MiB part at ~20 KB/s. */
export const PART_WRITE_LEASE_MS = 15 * 60_000;

/** Whether a live ticket has lapsed: idle too long, or simply too old. */
export function lapsed(ticket: Pick<TicketRow, 'activeAt' | 'createdAt'>, now: number): boolean {
	return ticket.activeAt + TICKET_IDLE_MS <= now || ticket.createdAt + TICKET_LIFETIME_MS <= now;
}

export interface ShareRecords {
	/** Shares not ended (uploading or ready) → their counted parts: what the blob store keeps after a crash. */
	liveParts(): Awaitable<Map<string, number>>;
	insert(share: {
		id: string;
		ownerHash: Buffer;
		createdAt: number;
		expiresAt: number;
		maxOpens: number | null;
	}): Awaitable<void>;
	get(id: string): Awaitable<ShareRow | undefined>;
	/** Bytes held by shares not ended. */
	storedBytes(): Awaitable<number>;
	/** A stored part's size and SHA-256. */
	part(id: string, index: number): Awaitable<{ size: number; sha256: Buffer } | undefined>;
	/** The sizes of the parts recorded, in order. */
	partSizes(id: string): Awaitable<number[]>;
	/** Holds the share for one part write (false while another write holds it, on any instance). */
	claimWrite(id: string, now: number): Awaitable<boolean>;
	releaseWrite(id: string): Awaitable<void>;
	/** Records part `index` if the share is still uploading and has exactly `index` parts; false otherwise. */
	addPart(id: string, index: number, size: number, sha256: Buffer, now: number): Awaitable<boolean>;
	/** uploading → ready, unless a part write holds the share (false). */
	markReady(id: string, now: number): Awaitable<boolean>;
	/**
	 * Starts an open of a ready share: a live ticket under `tokenHash`, if an open is left that no live ticket holds
	 * and fewer than `perShare` tickets are live.
	 */
	startOpen(id: string, tokenHash: Buffer, now: number, perShare: number): Awaitable<OpenOutcome>;
	ticket(id: string, tokenHash: Buffer): Awaitable<TicketRow | undefined>;
	/**
	 * Records `bytes` handed out under a ticket; once it has handed out `size` bytes in all, its open is counted
	 * (once). Returns what the ticket has handed out in all, these bytes included (0 for no such ticket).
	 */
	served(tokenHash: Buffer, bytes: number, size: number, now: number): Awaitable<number>;
	/**
	 * A ticket done with (acknowledged, or lapsed after handing out ciphertext): counted, spent. A share it used up
	 * ends when no other ticket is live on it; returns that share's id (its blob is to be deleted) or null.
	 */
	closeTicket(tokenHash: Buffer, now: number): Awaitable<string | null>;
	/**
	 * Lapsed live tickets (of one share, or all): closed (and counted) if they handed out ciphertext, released if
	 * not. Returns the shares that ended.
	 */
	settle(id: string | null, now: number): Awaitable<string[]>;
	/**
	 * Ends a share not ended yet: its live tickets that handed out ciphertext are counted, all are released, its
	 * part rows go. False when it had ended already.
	 */
	end(id: string, state: 'expired' | 'revoked' | 'used', now: number): Awaitable<boolean>;
	/** Ready shares whose time is up. */
	expired(now: number): Awaitable<string[]>;
	/** Uploads idle for UPLOAD_IDLE_MS, or past their expiry. */
	abandoned(now: number): Awaitable<string[]>;
	/** Forgets a share entirely (an abandoned upload). */
	drop(id: string): Awaitable<void>;
	/** Deletes tombstones older than TOMBSTONE_MS and ended tickets older than TICKET_KEPT_MS; returns tombstones. */
	dropOld(now: number): Awaitable<number>;
	/** Runs `job` unless another instance is running it right now (then null): the sweeper, on one at a time. */
	exclusively<T>(job: () => Promise<T>): Promise<T | null>;
	close(): Awaitable<void>;
}
