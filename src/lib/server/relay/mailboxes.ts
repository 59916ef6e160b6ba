import type Database from 'better-sqlite3';
import { RelayError } from './errors';

/**
 * Mailboxes: the small, short-lived slots two devices use to meet ("Add a device", src/lib/transfer). A mailbox is
 * named by a random 128-bit id one device chose and showed the other (in a link or QR code); knowing the id is the
 * only right to it. Each slot takes one write (a second answers 409, so nobody can swap what was left) of at most
 * MAILBOX_SLOT_BYTES: public keys and sealed messages only, never anything readable. A mailbox is gone
 * MAILBOX_LIFETIME_MS after its first write.
 */
export const MAILBOX_SLOT_BYTES = 4096;
export const MAILBOX_LIFETIME_MS = 30 * 60_000;
const ID = /^[A-Za-z0-9_-]{22}$/;
const SLOT = /^[a-z]{1,8}$/;

export class Mailboxes {
	constructor(readonly db: Database.Database) {
		db.exec(`
			CREATE TABLE IF NOT EXISTS mailboxes (
				id TEXT NOT NULL,
				slot TEXT NOT NULL,
				body BLOB NOT NULL,
				expires_at INTEGER NOT NULL,
				PRIMARY KEY (id, slot)
			);
		`);
	}

	static check(id: string, slot: string) {
		if (!ID.test(id) || !SLOT.test(slot)) throw new RelayError(404, 'not found');
	}

	put(id: string, slot: string, body: Uint8Array, now = Date.now()) {
		Mailboxes.check(id, slot);
		if (!body.length) throw new RelayError(400, 'empty message');
		if (body.length > MAILBOX_SLOT_BYTES) throw new RelayError(413, 'message too large');
		const first = this.db
			.prepare('SELECT MIN(expires_at) AS expires FROM mailboxes WHERE id = ?')
			.get(id) as { expires: number | null };
		if (first.expires !== null && first.expires <= now) throw new RelayError(410, 'mailbox ended');
		const expires = first.expires ?? now + MAILBOX_LIFETIME_MS;
		const inserted = this.db
			.prepare('INSERT OR IGNORE INTO mailboxes (id, slot, body, expires_at) VALUES (?, ?, ?, ?)')
			.run(id, slot, Buffer.from(body), expires);
		if (!inserted.changes) throw new RelayError(409, 'this slot was written already');
	}

	get(id: string, slot: string, now = Date.now()): Uint8Array | null {
		Mailboxes.check(id, slot);
		const row = this.db
			.prepare('SELECT body, expires_at FROM mailboxes WHERE id = ? AND slot = ?')
			.get(id, slot) as { body: Buffer; expires_at: number } | undefined;
		if (!row || row.expires_at <= now) return null;
		return new Uint8Array(row.body);
	}

	/** Ends a mailbox before its time (both devices are done with it). */
	remove(id: string) {
		if (ID.test(id)) this.db.prepare('DELETE FROM mailboxes WHERE id = ?').run(id);
	}

	sweep(now = Date.now()): number {
		return this.db.prepare('DELETE FROM mailboxes WHERE expires_at <= ?').run(now).changes;
	}
}
