import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { migrate, transaction } from '../db/postgres.js';
import { RelayError } from './errors';
import {
	checkMessage,
	hash,
	MAILBOX_LIFETIME_MS,
	MAILBOX_MAX_OPEN,
	Mailboxes,
	matches,
	WRITERS,
	type MailboxSlot,
	type MailboxStore
} from './mailboxes';

/** The same two tables as the SQLite mailboxes (mailboxes.ts), in PostgreSQL. */
export const PG_MAILBOX_MIGRATIONS = [
	`CREATE TABLE mailbox_boxes (
		id TEXT PRIMARY KEY,
		owner_hash BYTEA NOT NULL,
		peer_hash BYTEA,
		expires_at BIGINT NOT NULL
	);
	CREATE INDEX mailbox_boxes_expiry ON mailbox_boxes (expires_at);
	CREATE TABLE mailbox_slots (
		id TEXT NOT NULL,
		slot TEXT NOT NULL,
		body BYTEA NOT NULL,
		PRIMARY KEY (id, slot)
	);`
];

interface BoxRow {
	id: string;
	owner_hash: Buffer;
	peer_hash: Buffer | null;
	expires_at: number;
}

/**
 * Mailboxes in PostgreSQL, for devices whose two sides talk to different instances. A slot's one write is the
 * primary key's (`ON CONFLICT DO NOTHING`); the answer and its peer token are written in one transaction with the
 * mailbox's row locked, so the owner's offer check sees either no peer or the one peer.
 */
export class PgMailboxes implements MailboxStore {
	private constructor(
		readonly pool: Pool,
		readonly maxOpen: number
	) {}

	static async open(pool: Pool, maxOpen = MAILBOX_MAX_OPEN): Promise<PgMailboxes> {
		await migrate(pool, 'mailboxes', PG_MAILBOX_MIGRATIONS);
		return new PgMailboxes(pool, maxOpen);
	}

	async open(now = Date.now()) {
		const id = randomBytes(16).toString('base64url');
		const ownerToken = randomBytes(32).toString('base64url');
		const expiresAt = now + MAILBOX_LIFETIME_MS;
		// The cap is checked in the same statement as the insert (instances racing may pass it by a few).
		const { rowCount } = await this.pool.query(
			`INSERT INTO mailbox_boxes (id, owner_hash, expires_at)
			 SELECT $1, $2, $3 WHERE (SELECT COUNT(*) FROM mailbox_boxes WHERE expires_at > $4) < $5`,
			[id, hash(ownerToken), expiresAt, now, this.maxOpen]
		);
		if (!rowCount) throw new RelayError(507, 'the relay is full right now; try again later');
		return { id, ownerToken, expiresAt };
	}

	async put(id: string, slot: string, body: Uint8Array, token: string | null, now = Date.now()) {
		Mailboxes.check(id, slot);
		checkMessage(body);
		return transaction(this.pool, async (client): Promise<{ peerToken?: string }> => {
			const { rows } = await client.query<BoxRow>(
				'SELECT * FROM mailbox_boxes WHERE id = $1 FOR UPDATE',
				[id]
			);
			const box = live(rows[0], now);
			const writer = WRITERS[slot as MailboxSlot];
			if (writer === 'owner' && !matches(token, box.owner_hash))
				throw new RelayError(401, 'only the device that opened this mailbox writes here');
			if (writer === 'peer' && !matches(token, box.peer_hash))
				throw new RelayError(401, 'only the device that answered writes here');
			const inserted = await client.query(
				'INSERT INTO mailbox_slots (id, slot, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
				[id, slot, Buffer.from(body)]
			);
			if (!inserted.rowCount) throw new RelayError(409, 'this slot was written already');
			if (writer !== 'anyone') return {};
			const peerToken = randomBytes(32).toString('base64url');
			await client.query('UPDATE mailbox_boxes SET peer_hash = $2 WHERE id = $1', [
				id,
				hash(peerToken)
			]);
			return { peerToken };
		});
	}

	async #box(id: string, now: number) {
		const { rows } = await this.pool.query<BoxRow>('SELECT * FROM mailbox_boxes WHERE id = $1', [
			id
		]);
		return live(rows[0], now);
	}

	async get(id: string, slot: string, now = Date.now()) {
		Mailboxes.check(id, slot);
		await this.#box(id, now);
		const { rows } = await this.pool.query<{ body: Buffer }>(
			'SELECT body FROM mailbox_slots WHERE id = $1 AND slot = $2',
			[id, slot]
		);
		return rows[0] ? new Uint8Array(rows[0].body) : null;
	}

	async remove(id: string, ownerToken: string | null, now = Date.now()) {
		Mailboxes.check(id);
		const box = await this.#box(id, now);
		if (!matches(ownerToken, box.owner_hash))
			throw new RelayError(401, 'only the device that opened this mailbox ends it');
		await this.#delete([id]);
	}

	async #delete(ids: string[]) {
		await transaction(this.pool, async (client) => {
			await client.query('DELETE FROM mailbox_slots WHERE id = ANY($1)', [ids]);
			await client.query('DELETE FROM mailbox_boxes WHERE id = ANY($1)', [ids]);
		});
	}

	async sweep(now = Date.now()) {
		const { rows } = await this.pool.query<{ id: string }>(
			'SELECT id FROM mailbox_boxes WHERE expires_at <= $1',
			[now]
		);
		if (rows.length) await this.#delete(rows.map((r) => r.id));
		return rows.length;
	}
}

function live(row: BoxRow | undefined, now: number): BoxRow {
	if (!row) throw new RelayError(404, 'no such mailbox', undefined, 'no-mailbox');
	if (row.expires_at <= now) throw new RelayError(410, 'mailbox ended');
	return row;
}
