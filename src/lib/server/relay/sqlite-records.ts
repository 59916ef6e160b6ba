import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	TICKET_IDLE_MS,
	TICKET_KEPT_MS,
	TICKET_LIFETIME_MS,
	TOMBSTONE_MS,
	UPLOAD_IDLE_MS,
	type OpenOutcome,
	type ShareRecords,
	type ShareRow,
	type TicketRow
} from './records';

/**
 * Share metadata in SQLite (`relay.sqlite` under the data dir): the embedded default, for one server process. Every
 * method runs synchronously in one better-sqlite3 transaction, which in one process is as atomic as it gets.
 *
 * Format (PRAGMA user_version = 3):
 *   shares(id, owner_hash, state, created_at, expires_at, max_opens, opens, size, parts, ended_at, touched_at)
 *     state: uploading → ready → (expired | revoked | used). Ended shares keep their row (a tombstone, so links
 *     answer 410 rather than 404) for 30 days; their blobs are deleted at once. `touched_at`: the last part written
 *     (an upload idle for UPLOAD_IDLE_MS is dropped).
 *   share_parts(share_id, idx, size, sha256): each stored part, so a part sent again (its answer was lost) is
 *     recognised as the same bytes.
 *   share_tickets(token_hash, share_id, created_at, active_at, served, counted, state): one per open (see
 *     store.ts); kept a day after it ends.
 *   mailbox_boxes, mailbox_slots: see mailboxes.ts.
 * Version 2 had a `mailboxes` table (transfer protocol v1, no owner); it is dropped. Version 1 had no mailboxes.
 * No client address, user agent or key is stored.
 */
export const RELAY_DB_VERSION = 3;

interface Row {
	id: string;
	owner_hash: Buffer;
	state: ShareRow['state'];
	created_at: number;
	expires_at: number;
	max_opens: number | null;
	opens: number;
	size: number;
	parts: number;
}

interface Ticket {
	token_hash: Buffer;
	share_id: string;
	created_at: number;
	active_at: number;
	served: number;
	counted: number;
	state: TicketRow['state'];
}

const toShare = (row: Row): ShareRow => ({
	id: row.id,
	ownerHash: row.owner_hash,
	state: row.state,
	createdAt: row.created_at,
	expiresAt: row.expires_at,
	maxOpens: row.max_opens,
	opens: row.opens,
	size: row.size,
	parts: row.parts
});

const toTicket = (row: Ticket): TicketRow => ({
	tokenHash: row.token_hash,
	shareId: row.share_id,
	createdAt: row.created_at,
	activeAt: row.active_at,
	served: row.served,
	counted: row.counted === 1,
	state: row.state
});

export class SqliteShareRecords implements ShareRecords {
	readonly db: Database.Database;
	/** Shares with a part being written right now: one process, so memory is enough. */
	readonly #writing = new Set<string>();

	constructor(dataDir: string) {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		this.db = new Database(join(dataDir, 'relay.sqlite'));
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('busy_timeout = 5000');
		const version = this.db.pragma('user_version', { simple: true }) as number;
		if (version > RELAY_DB_VERSION) {
			throw new Error(`relay.sqlite is format ${version}; this Radfolio knows ${RELAY_DB_VERSION}`);
		}
		this.db.transaction(() => this.#migrate(version))();
	}

	#migrate(version: number) {
		if (version < 1) {
			this.db.exec(`
				CREATE TABLE IF NOT EXISTS shares (
					id TEXT PRIMARY KEY,
					owner_hash BLOB NOT NULL,
					state TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					expires_at INTEGER NOT NULL,
					max_opens INTEGER,
					opens INTEGER NOT NULL DEFAULT 0,
					size INTEGER NOT NULL DEFAULT 0,
					parts INTEGER NOT NULL DEFAULT 0,
					ended_at INTEGER
				);
			`);
		}
		if (version < 3) {
			// Shares still uploading from before could not be told apart from a resent part: they are ended (their
			// sender sees the upload fail and can share again). Ready shares carry on; their tickets start now.
			this.db.exec(`
				DROP TABLE IF EXISTS mailboxes;
				ALTER TABLE shares ADD COLUMN touched_at INTEGER;
				UPDATE shares SET touched_at = created_at;
				UPDATE shares SET state = 'revoked', ended_at = created_at WHERE state = 'uploading';
				CREATE TABLE share_parts (
					share_id TEXT NOT NULL,
					idx INTEGER NOT NULL,
					size INTEGER NOT NULL,
					sha256 BLOB NOT NULL,
					PRIMARY KEY (share_id, idx)
				);
				CREATE TABLE share_tickets (
					token_hash BLOB PRIMARY KEY,
					share_id TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					active_at INTEGER NOT NULL,
					served INTEGER NOT NULL DEFAULT 0,
					counted INTEGER NOT NULL DEFAULT 0,
					state TEXT NOT NULL
				);
				CREATE INDEX share_tickets_share ON share_tickets(share_id, state);
			`);
			// Ready shares from version 2 have no part rows: their sizes are read back from the blob store
			// (partSizes), and a part sent to them again is refused, as they are complete.
		}
		this.db.pragma(`user_version = ${RELAY_DB_VERSION}`);
	}

	liveParts() {
		const rows = this.db
			.prepare(`SELECT id, parts FROM shares WHERE state IN ('uploading', 'ready')`)
			.all() as { id: string; parts: number }[];
		return new Map(rows.map((r) => [r.id, r.parts]));
	}

	insert(share: {
		id: string;
		ownerHash: Buffer;
		createdAt: number;
		expiresAt: number;
		maxOpens: number | null;
	}) {
		this.db
			.prepare(
				`INSERT INTO shares (id, owner_hash, state, created_at, expires_at, max_opens, touched_at) VALUES (?, ?, 'uploading', ?, ?, ?, ?)`
			)
			.run(
				share.id,
				share.ownerHash,
				share.createdAt,
				share.expiresAt,
				share.maxOpens,
				share.createdAt
			);
	}

	#row(id: string): Row | undefined {
		return this.db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as Row | undefined;
	}

	get(id: string) {
		const row = this.#row(id);
		return row && toShare(row);
	}

	storedBytes() {
		return (
			this.db
				.prepare(
					`SELECT COALESCE(SUM(size), 0) AS n FROM shares WHERE state IN ('uploading', 'ready')`
				)
				.get() as { n: number }
		).n;
	}

	part(id: string, index: number) {
		return this.db
			.prepare('SELECT size, sha256 FROM share_parts WHERE share_id = ? AND idx = ?')
			.get(id, index) as { size: number; sha256: Buffer } | undefined;
	}

	partSizes(id: string) {
		return (
			this.db.prepare('SELECT size FROM share_parts WHERE share_id = ? ORDER BY idx').all(id) as {
				size: number;
			}[]
		).map((r) => r.size);
	}

	claimWrite(id: string) {
		if (this.#writing.has(id)) return false;
		this.#writing.add(id);
		return true;
	}

	releaseWrite(id: string) {
		this.#writing.delete(id);
	}

	addPart(id: string, index: number, size: number, sha256: Buffer, now: number) {
		return this.db.transaction(() => {
			const current = this.#row(id);
			if (!current || current.state !== 'uploading' || current.parts !== index) return false;
			this.db
				.prepare(
					'INSERT OR REPLACE INTO share_parts (share_id, idx, size, sha256) VALUES (?, ?, ?, ?)'
				)
				.run(id, index, size, sha256);
			this.db
				.prepare(
					'UPDATE shares SET parts = parts + 1, size = size + ?, touched_at = ? WHERE id = ?'
				)
				.run(size, now, id);
			return true;
		})();
	}

	markReady(id: string) {
		if (this.#writing.has(id)) return false;
		this.db
			.prepare(`UPDATE shares SET state = 'ready' WHERE id = ? AND state = 'uploading'`)
			.run(id);
		return true;
	}

	#liveTickets(id: string): { live: number; holding: number } {
		return this.db
			.prepare(
				`SELECT COUNT(*) AS live, COALESCE(SUM(1 - counted), 0) AS holding FROM share_tickets WHERE share_id = ? AND state = 'live'`
			)
			.get(id) as { live: number; holding: number };
	}

	startOpen(id: string, tokenHash: Buffer, now: number, perShare: number): OpenOutcome {
		return this.db.transaction((): OpenOutcome => {
			const row = this.#row(id);
			if (!row || row.state !== 'ready') return 'ended';
			const { live, holding } = this.#liveTickets(id);
			if (row.max_opens !== null && row.opens + holding >= row.max_opens)
				return live ? 'busy' : 'used';
			if (live >= perShare) return 'crowded';
			this.db
				.prepare(
					`INSERT INTO share_tickets (token_hash, share_id, created_at, active_at, state) VALUES (?, ?, ?, ?, 'live')`
				)
				.run(tokenHash, id, now, now);
			return 'started';
		})();
	}

	ticket(id: string, tokenHash: Buffer) {
		const row = this.db
			.prepare('SELECT * FROM share_tickets WHERE token_hash = ? AND share_id = ?')
			.get(tokenHash, id) as Ticket | undefined;
		return row && toTicket(row);
	}

	served(tokenHash: Buffer, bytes: number, size: number, now: number): number {
		return this.db.transaction(() => {
			const row = this.db
				.prepare(
					'UPDATE share_tickets SET served = served + ?, active_at = ? WHERE token_hash = ? RETURNING served, counted, share_id'
				)
				.get(bytes, now, tokenHash) as
				{ served: number; counted: number; share_id: string } | undefined;
			if (row && !row.counted && row.served >= size) this.#count(tokenHash, row.share_id);
			return row?.served ?? 0;
		})();
	}

	/** Counts a ticket's open in the share's `opens`, once. */
	#count(tokenHash: Buffer, shareId: string) {
		const changed = this.db
			.prepare('UPDATE share_tickets SET counted = 1 WHERE token_hash = ? AND counted = 0')
			.run(tokenHash).changes;
		if (changed) this.db.prepare('UPDATE shares SET opens = opens + 1 WHERE id = ?').run(shareId);
	}

	closeTicket(tokenHash: Buffer, now: number): string | null {
		return this.db.transaction(() => {
			const ticket = this.db
				.prepare('SELECT share_id, state FROM share_tickets WHERE token_hash = ?')
				.get(tokenHash) as { share_id: string; state: string } | undefined;
			if (!ticket || ticket.state !== 'live') return null;
			this.#count(tokenHash, ticket.share_id);
			this.db
				.prepare(`UPDATE share_tickets SET state = 'spent', active_at = ? WHERE token_hash = ?`)
				.run(now, tokenHash);
			const row = this.#row(ticket.share_id)!;
			// Used up, unless another recipient's ticket still downloads what it counted (it may finish).
			if (row.state === 'ready' && row.max_opens !== null && row.opens >= row.max_opens) {
				if (!this.#liveTickets(row.id).live && this.#end(row.id, 'used', now)) return row.id;
			}
			return null;
		})();
	}

	settle(id: string | null, now: number): string[] {
		return this.db.transaction(() => {
			const idle = now - TICKET_IDLE_MS;
			const made = now - TICKET_LIFETIME_MS;
			const lapsedTickets = (
				id === null
					? this.db
							.prepare(
								`SELECT * FROM share_tickets WHERE state = 'live' AND (active_at <= ? OR created_at <= ?)`
							)
							.all(idle, made)
					: this.db
							.prepare(
								`SELECT * FROM share_tickets WHERE share_id = ? AND state = 'live' AND (active_at <= ? OR created_at <= ?)`
							)
							.all(id, idle, made)
			) as Ticket[];
			const ended: string[] = [];
			for (const ticket of lapsedTickets) {
				if (ticket.served > 0) {
					const gone = this.closeTicket(ticket.token_hash, now);
					if (gone) ended.push(gone);
				} else
					this.db
						.prepare(
							`UPDATE share_tickets SET state = 'released', active_at = ? WHERE token_hash = ?`
						)
						.run(now, ticket.token_hash);
			}
			return ended;
		})();
	}

	#end(id: string, state: 'expired' | 'revoked' | 'used', now: number): boolean {
		const row = this.#row(id);
		if (!row || (row.state !== 'uploading' && row.state !== 'ready')) return false;
		// Tickets that got ciphertext are counted (the sender's count of opens stays true), then all are closed.
		const live = this.db
			.prepare(
				`SELECT token_hash FROM share_tickets WHERE share_id = ? AND state = 'live' AND served > 0`
			)
			.all(id) as { token_hash: Buffer }[];
		for (const ticket of live) this.#count(ticket.token_hash, id);
		this.db
			.prepare(
				`UPDATE share_tickets SET state = 'released', active_at = ? WHERE share_id = ? AND state = 'live'`
			)
			.run(now, id);
		this.db.prepare('UPDATE shares SET state = ?, ended_at = ? WHERE id = ?').run(state, now, id);
		this.db.prepare('DELETE FROM share_parts WHERE share_id = ?').run(id);
		return true;
	}

	end(id: string, state: 'expired' | 'revoked' | 'used', now: number) {
		return this.db.transaction(() => this.#end(id, state, now))();
	}

	expired(now: number) {
		return (
			this.db
				.prepare(`SELECT id FROM shares WHERE state = 'ready' AND expires_at <= ?`)
				.all(now) as { id: string }[]
		).map((r) => r.id);
	}

	abandoned(now: number) {
		return (
			this.db
				.prepare(
					`SELECT id FROM shares WHERE state = 'uploading' AND (touched_at <= ? OR expires_at <= ?)`
				)
				.all(now - UPLOAD_IDLE_MS, now) as { id: string }[]
		).map((r) => r.id);
	}

	drop(id: string) {
		this.db.transaction(() => {
			this.db.prepare('DELETE FROM share_parts WHERE share_id = ?').run(id);
			this.db.prepare('DELETE FROM shares WHERE id = ?').run(id);
		})();
	}

	dropOld(now: number) {
		const old = this.db
			.prepare('DELETE FROM shares WHERE ended_at IS NOT NULL AND ended_at <= ?')
			.run(now - TOMBSTONE_MS).changes;
		this.db
			.prepare(`DELETE FROM share_tickets WHERE state != 'live' AND active_at <= ?`)
			.run(now - TICKET_KEPT_MS);
		return old;
	}

	exclusively<T>(job: () => Promise<T>): Promise<T | null> {
		return job();
	}

	close() {
		this.db.close();
	}
}
