import type { Pool, PoolClient } from 'pg';
import { LOCKS, migrate, transaction, withAdvisoryLock } from '../db/postgres.js';
import {
	PART_WRITE_LEASE_MS,
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
 * Share metadata in PostgreSQL, for any number of relay instances on one database. The same tables as the SQLite
 * format 3 (sqlite-records.ts), plus `shares.writing_until` (a part write's lease, which the SQLite store keeps in
 * memory) and BOOLEAN `counted`.
 *
 * Concurrency: every transaction that decides something about a share first locks its row (`SELECT … FOR UPDATE`),
 * so two instances starting, counting or ending opens of one share take turns; the row lock always comes before any
 * of its tickets' rows (no deadlock). An open is counted by `UPDATE share_tickets SET counted = true … WHERE counted
 * = false RETURNING`: of two instances handing out the last byte at the same instant, one finds the row already
 * counted and adds nothing.
 */
export const PG_RELAY_MIGRATIONS = [
	`CREATE TABLE shares (
		id TEXT PRIMARY KEY,
		owner_hash BYTEA NOT NULL,
		state TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		expires_at BIGINT NOT NULL,
		max_opens INTEGER,
		opens INTEGER NOT NULL DEFAULT 0,
		size BIGINT NOT NULL DEFAULT 0,
		parts INTEGER NOT NULL DEFAULT 0,
		ended_at BIGINT,
		touched_at BIGINT NOT NULL,
		writing_until BIGINT
	);
	CREATE INDEX shares_state ON shares (state, expires_at);
	CREATE TABLE share_parts (
		share_id TEXT NOT NULL,
		idx INTEGER NOT NULL,
		size BIGINT NOT NULL,
		sha256 BYTEA NOT NULL,
		PRIMARY KEY (share_id, idx)
	);
	CREATE TABLE share_tickets (
		token_hash BYTEA PRIMARY KEY,
		share_id TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		active_at BIGINT NOT NULL,
		served BIGINT NOT NULL DEFAULT 0,
		counted BOOLEAN NOT NULL DEFAULT false,
		state TEXT NOT NULL
	);
	CREATE INDEX share_tickets_share ON share_tickets (share_id, state);
	CREATE INDEX share_tickets_state ON share_tickets (state, active_at);`
];

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
	counted: boolean;
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

type Ended = 'expired' | 'revoked' | 'used';

export class PgShareRecords implements ShareRecords {
	private constructor(readonly pool: Pool) {}

	/** Migrates the relay's tables (once, whichever instance gets there first) and returns the store. */
	static async open(pool: Pool): Promise<PgShareRecords> {
		await migrate(pool, 'relay', PG_RELAY_MIGRATIONS);
		return new PgShareRecords(pool);
	}

	async liveParts() {
		const { rows } = await this.pool.query<{ id: string; parts: number }>(
			`SELECT id, parts FROM shares WHERE state IN ('uploading', 'ready')`
		);
		return new Map(rows.map((r) => [r.id, r.parts]));
	}

	async insert(share: {
		id: string;
		ownerHash: Buffer;
		createdAt: number;
		expiresAt: number;
		maxOpens: number | null;
	}) {
		await this.pool.query(
			`INSERT INTO shares (id, owner_hash, state, created_at, expires_at, max_opens, touched_at)
			 VALUES ($1, $2, 'uploading', $3, $4, $5, $3)`,
			[share.id, share.ownerHash, share.createdAt, share.expiresAt, share.maxOpens]
		);
	}

	async get(id: string) {
		const { rows } = await this.pool.query<Row>('SELECT * FROM shares WHERE id = $1', [id]);
		return rows[0] && toShare(rows[0]);
	}

	async storedBytes() {
		const { rows } = await this.pool.query<{ n: number }>(
			`SELECT COALESCE(SUM(size), 0)::bigint AS n FROM shares WHERE state IN ('uploading', 'ready')`
		);
		return rows[0]!.n;
	}

	async part(id: string, index: number) {
		const { rows } = await this.pool.query<{ size: number; sha256: Buffer }>(
			'SELECT size, sha256 FROM share_parts WHERE share_id = $1 AND idx = $2',
			[id, index]
		);
		return rows[0];
	}

	async partSizes(id: string) {
		const { rows } = await this.pool.query<{ size: number }>(
			'SELECT size FROM share_parts WHERE share_id = $1 ORDER BY idx',
			[id]
		);
		return rows.map((r) => r.size);
	}

	async claimWrite(id: string, now: number) {
		const { rowCount } = await this.pool.query(
			`UPDATE shares SET writing_until = $2 WHERE id = $1 AND (writing_until IS NULL OR writing_until <= $3)`,
			[id, now + PART_WRITE_LEASE_MS, now]
		);
		return rowCount === 1;
	}

	async releaseWrite(id: string) {
		await this.pool.query('UPDATE shares SET writing_until = NULL WHERE id = $1', [id]);
	}

	async addPart(id: string, index: number, size: number, sha256: Buffer, now: number) {
		return transaction(this.pool, async (client) => {
			const row = await lockShare(client, id);
			if (!row || row.state !== 'uploading' || row.parts !== index) return false;
			await client.query(
				`INSERT INTO share_parts (share_id, idx, size, sha256) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (share_id, idx) DO UPDATE SET size = EXCLUDED.size, sha256 = EXCLUDED.sha256`,
				[id, index, size, sha256]
			);
			await client.query(
				'UPDATE shares SET parts = parts + 1, size = size + $2, touched_at = $3 WHERE id = $1',
				[id, size, now]
			);
			return true;
		});
	}

	async markReady(id: string, now: number) {
		const { rows } = await this.pool.query<{ writing: boolean }>(
			`WITH done AS (
				UPDATE shares SET state = 'ready'
				WHERE id = $1 AND state = 'uploading' AND (writing_until IS NULL OR writing_until <= $2)
				RETURNING id
			)
			SELECT (SELECT COUNT(*) FROM done) = 0 AND COALESCE(writing_until > $2, false) AS writing
			FROM shares WHERE id = $1`,
			[id, now]
		);
		return !rows[0]?.writing;
	}

	async startOpen(
		id: string,
		tokenHash: Buffer,
		now: number,
		perShare: number
	): Promise<OpenOutcome> {
		return transaction(this.pool, async (client): Promise<OpenOutcome> => {
			const row = await lockShare(client, id);
			if (!row || row.state !== 'ready') return 'ended';
			const { live, holding } = await liveTickets(client, id);
			if (row.max_opens !== null && row.opens + holding >= row.max_opens)
				return live ? 'busy' : 'used';
			if (live >= perShare) return 'crowded';
			await client.query(
				`INSERT INTO share_tickets (token_hash, share_id, created_at, active_at, state) VALUES ($1, $2, $3, $3, 'live')`,
				[tokenHash, id, now]
			);
			return 'started';
		});
	}

	async ticket(id: string, tokenHash: Buffer) {
		const { rows } = await this.pool.query<Ticket>(
			'SELECT * FROM share_tickets WHERE token_hash = $1 AND share_id = $2',
			[tokenHash, id]
		);
		const row = rows[0];
		return (
			row && {
				tokenHash: row.token_hash,
				shareId: row.share_id,
				createdAt: row.created_at,
				activeAt: row.active_at,
				served: row.served,
				counted: row.counted,
				state: row.state
			}
		);
	}

	async served(tokenHash: Buffer, bytes: number, size: number, now: number) {
		// One statement per chunk; only the chunk that completes the ciphertext takes the share's lock to count.
		const { rows } = await this.pool.query<{ served: number; counted: boolean; share_id: string }>(
			'UPDATE share_tickets SET served = served + $2, active_at = $3 WHERE token_hash = $1 RETURNING served, counted, share_id',
			[tokenHash, bytes, now]
		);
		const row = rows[0];
		if (!row) return 0;
		const served = Number(row.served);
		if (row.counted || served < size) return served;
		await transaction(this.pool, async (client) => {
			await lockShare(client, row.share_id);
			await count(client, tokenHash, row.share_id);
		});
		return served;
	}

	async closeTicket(tokenHash: Buffer, now: number) {
		const { rows } = await this.pool.query<{ share_id: string }>(
			'SELECT share_id FROM share_tickets WHERE token_hash = $1',
			[tokenHash]
		);
		const shareId = rows[0]?.share_id;
		if (!shareId) return null;
		return transaction(this.pool, (client) => closeLocked(client, shareId, tokenHash, now));
	}

	async settle(id: string | null, now: number) {
		const idle = now - TICKET_IDLE_MS;
		const made = now - TICKET_LIFETIME_MS;
		const { rows } = await (id === null
			? this.pool.query<Ticket>(
					`SELECT * FROM share_tickets WHERE state = 'live' AND (active_at <= $1 OR created_at <= $2)`,
					[idle, made]
				)
			: this.pool.query<Ticket>(
					`SELECT * FROM share_tickets WHERE share_id = $1 AND state = 'live' AND (active_at <= $2 OR created_at <= $3)`,
					[id, idle, made]
				));
		const ended: string[] = [];
		for (const ticket of rows) {
			const gone = await transaction(this.pool, async (client) => {
				await lockShare(client, ticket.share_id);
				// Looked at again under the lock: another instance may have settled or used it meanwhile.
				const { rows: fresh } = await client.query<Ticket>(
					`SELECT * FROM share_tickets WHERE token_hash = $1 AND state = 'live'`,
					[ticket.token_hash]
				);
				const current = fresh[0];
				if (!current || !(current.active_at <= idle || current.created_at <= made)) return null;
				if (current.served > 0) return closeLocked(client, ticket.share_id, ticket.token_hash, now);
				await client.query(
					`UPDATE share_tickets SET state = 'released', active_at = $2 WHERE token_hash = $1`,
					[ticket.token_hash, now]
				);
				return null;
			});
			if (gone) ended.push(gone);
		}
		return ended;
	}

	async end(id: string, state: Ended, now: number) {
		return transaction(this.pool, (client) => endLocked(client, id, state, now));
	}

	async expired(now: number) {
		const { rows } = await this.pool.query<{ id: string }>(
			`SELECT id FROM shares WHERE state = 'ready' AND expires_at <= $1`,
			[now]
		);
		return rows.map((r) => r.id);
	}

	async abandoned(now: number) {
		const { rows } = await this.pool.query<{ id: string }>(
			`SELECT id FROM shares WHERE state = 'uploading' AND (touched_at <= $1 OR expires_at <= $2)`,
			[now - UPLOAD_IDLE_MS, now]
		);
		return rows.map((r) => r.id);
	}

	async drop(id: string) {
		await transaction(this.pool, async (client) => {
			await client.query('DELETE FROM share_parts WHERE share_id = $1', [id]);
			await client.query('DELETE FROM shares WHERE id = $1', [id]);
		});
	}

	async dropOld(now: number) {
		const { rowCount } = await this.pool.query(
			'DELETE FROM shares WHERE ended_at IS NOT NULL AND ended_at <= $1',
			[now - TOMBSTONE_MS]
		);
		await this.pool.query(`DELETE FROM share_tickets WHERE state != 'live' AND active_at <= $1`, [
			now - TICKET_KEPT_MS
		]);
		return rowCount ?? 0;
	}

	async exclusively<T>(job: () => Promise<T>): Promise<T | null> {
		const result = await withAdvisoryLock(this.pool, LOCKS.relaySweep, job);
		return result.ran ? result.value : null;
	}

	close() {
		// The pool is the server's (shared with the mailboxes, the gateway and the limits): its owner ends it.
	}
}

async function lockShare(client: PoolClient, id: string): Promise<Row | undefined> {
	const { rows } = await client.query<Row>('SELECT * FROM shares WHERE id = $1 FOR UPDATE', [id]);
	return rows[0];
}

async function liveTickets(client: PoolClient, id: string) {
	const { rows } = await client.query<{ live: number; holding: number }>(
		`SELECT COUNT(*) AS live, COUNT(*) FILTER (WHERE NOT counted) AS holding
		 FROM share_tickets WHERE share_id = $1 AND state = 'live'`,
		[id]
	);
	return rows[0]!;
}

/** Counts a ticket's open in its share's `opens`, once (the share's row is locked by the caller). */
async function count(client: PoolClient, tokenHash: Buffer, shareId: string) {
	const { rowCount } = await client.query(
		'UPDATE share_tickets SET counted = true WHERE token_hash = $1 AND NOT counted',
		[tokenHash]
	);
	if (rowCount) await client.query('UPDATE shares SET opens = opens + 1 WHERE id = $1', [shareId]);
}

async function closeLocked(
	client: PoolClient,
	shareId: string,
	tokenHash: Buffer,
	now: number
): Promise<string | null> {
	const row = await lockShare(client, shareId);
	const { rows } = await client.query<{ state: string }>(
		'SELECT state FROM share_tickets WHERE token_hash = $1',
		[tokenHash]
	);
	if (!row || rows[0]?.state !== 'live') return null;
	await count(client, tokenHash, shareId);
	await client.query(
		`UPDATE share_tickets SET state = 'spent', active_at = $2 WHERE token_hash = $1`,
		[tokenHash, now]
	);
	const { rows: after } = await client.query<Row>('SELECT * FROM shares WHERE id = $1', [shareId]);
	const share = after[0]!;
	// Used up, unless another recipient's ticket still downloads what it counted (it may finish).
	if (share.state === 'ready' && share.max_opens !== null && share.opens >= share.max_opens) {
		const { live } = await liveTickets(client, shareId);
		if (!live && (await endLocked(client, shareId, 'used', now))) return shareId;
	}
	return null;
}

async function endLocked(client: PoolClient, id: string, state: Ended, now: number) {
	const row = await lockShare(client, id);
	if (!row || (row.state !== 'uploading' && row.state !== 'ready')) return false;
	// Tickets that got ciphertext are counted (the sender's count of opens stays true), then all are closed.
	const { rowCount } = await client.query(
		`UPDATE share_tickets SET counted = true WHERE share_id = $1 AND state = 'live' AND served > 0 AND NOT counted`,
		[id]
	);
	await client.query(
		`UPDATE share_tickets SET state = 'released', active_at = $2 WHERE share_id = $1 AND state = 'live'`,
		[id, now]
	);
	await client.query(
		'UPDATE shares SET state = $2, ended_at = $3, opens = opens + $4 WHERE id = $1',
		[id, state, now, rowCount ?? 0]
	);
	await client.query('DELETE FROM share_parts WHERE share_id = $1', [id]);
	return true;
}
