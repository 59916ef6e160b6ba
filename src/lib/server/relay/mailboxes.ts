import type Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RelayError } from './errors';
import type { Awaitable } from './records';

/**
 * Mailboxes: the small, short-lived slots two devices use to meet ("Add a device", src/lib/transfer, protocol v2).
 *
 *   POST   mailboxes                  (Content-Type: application/json) → 201 { id, ownerToken, expiresAt }: the old
 *                                       device opens one; the relay picks the random 128-bit id (nobody can squat an
 *                                       id a device is about to show), and the JSON type keeps other sites' pages from
 *                                       opening them from their visitors' browsers
 *   PUT    mailboxes/{id}/answer      the new device's public key: anyone holding the id (the link), once
 *                                       → 201 { peerToken }
 *   PUT    mailboxes/{id}/offer       the old device's sealed offer: owner token only, once
 *   PUT    mailboxes/{id}/done        the new device's sealed "done": peer token only, once
 *   GET    mailboxes/{id}/{slot}      what is there (404 while empty)
 *   DELETE mailboxes/{id}             owner token only
 *
 * Every slot takes one write (a second answers 409) of at most MAILBOX_SLOT_BYTES, so nothing left can be swapped
 * or deleted by someone who only saw the link; only the relay's operator could, and the devices check for that
 * (src/lib/transfer/send.ts reads the answer again before sending, and the confirmation code is bound to the keys).
 * Public keys and sealed messages only, never anything readable; tokens are kept as SHA-256 hashes. A mailbox is
 * gone MAILBOX_LIFETIME_MS after it was opened. At most `maxOpen` mailboxes exist at once (507 beyond).
 */
/** A slot's largest message: a public key is 32 bytes, the sealed offer about 150. */
export const MAILBOX_SLOT_BYTES = 1024;
export const MAILBOX_LIFETIME_MS = 30 * 60_000;
/** Mailboxes open at once, all clients together (each holds at most three slots of 1 KiB). */
export const MAILBOX_MAX_OPEN = 100_000;
const ID = /^[A-Za-z0-9_-]{22}$/;

/** Who may write each slot. */
export const WRITERS = { answer: 'anyone', offer: 'owner', done: 'peer' } as const;
export type MailboxSlot = keyof typeof WRITERS;

export const hash = (token: string) => createHash('sha256').update(token).digest();
export const matches = (token: string | null, stored: Buffer | null) =>
	!!token && !!stored && timingSafeEqual(hash(token), stored);

/** A message's size checked before anything is stored (413, and an empty one: 400). */
export function checkMessage(body: Uint8Array) {
	if (!body.length) throw new RelayError(400, 'empty message');
	if (body.length > MAILBOX_SLOT_BYTES) throw new RelayError(413, 'message too large');
}

/**
 * The mailboxes of one relay: SQLite (Mailboxes, below, synchronous) or PostgreSQL (PgMailboxes, shared by every
 * instance); both pass the same contract suite.
 */
export interface MailboxStore {
	open(now?: number): Awaitable<{ id: string; ownerToken: string; expiresAt: number }>;
	/** Leaves a message; returns the peer token when it was the answer. */
	put(
		id: string,
		slot: string,
		body: Uint8Array,
		token: string | null,
		now?: number
	): Awaitable<{ peerToken?: string }>;
	get(id: string, slot: string, now?: number): Awaitable<Uint8Array | null>;
	/** Ends a mailbox before its time (both devices are done with it): the owner only. */
	remove(id: string, ownerToken: string | null, now?: number): Awaitable<void>;
	sweep(now?: number): Awaitable<number>;
}

interface BoxRow {
	id: string;
	owner_hash: Buffer;
	peer_hash: Buffer | null;
	expires_at: number;
}

export class Mailboxes implements MailboxStore {
	constructor(
		readonly db: Database.Database,
		readonly maxOpen = MAILBOX_MAX_OPEN
	) {
		db.exec(`
			CREATE TABLE IF NOT EXISTS mailbox_boxes (
				id TEXT PRIMARY KEY,
				owner_hash BLOB NOT NULL,
				peer_hash BLOB,
				expires_at INTEGER NOT NULL
			);
			CREATE TABLE IF NOT EXISTS mailbox_slots (
				id TEXT NOT NULL,
				slot TEXT NOT NULL,
				body BLOB NOT NULL,
				PRIMARY KEY (id, slot)
			);
		`);
	}

	static check(id: string, slot?: string): asserts slot is MailboxSlot | undefined {
		if (!ID.test(id) || (slot !== undefined && !Object.hasOwn(WRITERS, slot)))
			throw new RelayError(404, 'not found');
	}

	open(now = Date.now()) {
		const live = this.db
			.prepare('SELECT COUNT(*) AS n FROM mailbox_boxes WHERE expires_at > ?')
			.get(now) as { n: number };
		if (live.n >= this.maxOpen)
			throw new RelayError(507, 'the relay is full right now; try again later');
		const id = randomBytes(16).toString('base64url');
		const ownerToken = randomBytes(32).toString('base64url');
		const expiresAt = now + MAILBOX_LIFETIME_MS;
		this.db
			.prepare('INSERT INTO mailbox_boxes (id, owner_hash, expires_at) VALUES (?, ?, ?)')
			.run(id, hash(ownerToken), expiresAt);
		return { id, ownerToken, expiresAt };
	}

	#box(id: string, now: number): BoxRow {
		const row = this.db.prepare('SELECT * FROM mailbox_boxes WHERE id = ?').get(id) as
			BoxRow | undefined;
		if (!row) throw new RelayError(404, 'no such mailbox', undefined, 'no-mailbox');
		if (row.expires_at <= now) throw new RelayError(410, 'mailbox ended');
		return row;
	}

	/** Leaves a message; returns the peer token when it was the answer. */
	put(
		id: string,
		slot: string,
		body: Uint8Array,
		token: string | null,
		now = Date.now()
	): { peerToken?: string } {
		Mailboxes.check(id, slot);
		checkMessage(body);
		return this.db.transaction(() => {
			const box = this.#box(id, now);
			const writer = WRITERS[slot as MailboxSlot];
			if (writer === 'owner' && !matches(token, box.owner_hash))
				throw new RelayError(401, 'only the device that opened this mailbox writes here');
			if (writer === 'peer' && !matches(token, box.peer_hash))
				throw new RelayError(401, 'only the device that answered writes here');
			const inserted = this.db
				.prepare('INSERT OR IGNORE INTO mailbox_slots (id, slot, body) VALUES (?, ?, ?)')
				.run(id, slot, Buffer.from(body));
			if (!inserted.changes) throw new RelayError(409, 'this slot was written already');
			if (writer !== 'anyone') return {};
			const peerToken = randomBytes(32).toString('base64url');
			this.db
				.prepare('UPDATE mailbox_boxes SET peer_hash = ? WHERE id = ?')
				.run(hash(peerToken), id);
			return { peerToken };
		})();
	}

	get(id: string, slot: string, now = Date.now()): Uint8Array | null {
		Mailboxes.check(id, slot);
		this.#box(id, now);
		const row = this.db
			.prepare('SELECT body FROM mailbox_slots WHERE id = ? AND slot = ?')
			.get(id, slot) as { body: Buffer } | undefined;
		return row ? new Uint8Array(row.body) : null;
	}

	/** Ends a mailbox before its time (both devices are done with it): the owner only. */
	remove(id: string, ownerToken: string | null, now = Date.now()) {
		Mailboxes.check(id);
		const box = this.#box(id, now);
		if (!matches(ownerToken, box.owner_hash))
			throw new RelayError(401, 'only the device that opened this mailbox ends it');
		this.#delete(id);
	}

	#delete(id: string) {
		this.db.transaction(() => {
			this.db.prepare('DELETE FROM mailbox_slots WHERE id = ?').run(id);
			this.db.prepare('DELETE FROM mailbox_boxes WHERE id = ?').run(id);
		})();
	}

	sweep(now = Date.now()): number {
		const ended = this.db
			.prepare('SELECT id FROM mailbox_boxes WHERE expires_at <= ?')
			.all(now) as { id: string }[];
		for (const { id } of ended) this.#delete(id);
		return ended.length;
	}
}
