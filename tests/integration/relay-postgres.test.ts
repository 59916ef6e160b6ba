import { join } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPool } from '../../src/lib/server/db/postgres.js';
import { PgLimits } from '../../src/lib/server/pg-limits';
import { DiskBlobStore } from '../../src/lib/server/relay/blobs';
import { PgMailboxes } from '../../src/lib/server/relay/pg-mailboxes';
import { PgShareRecords } from '../../src/lib/server/relay/pg-records';
import { ShareRelay } from '../../src/lib/server/relay/store';
import { relaySuite } from '../fixtures/relay-suite';
import { freshDatabase, testPostgres, type Postgres } from './postgres';

/**
 * Every test of the relay's HTTP API (the suite src/lib/server/relay/relay.test.ts runs on SQLite), on PostgreSQL:
 * share records, mailboxes and the rate limits in a throwaway PostgreSQL (scripts/postgres.js), part files on disk.
 * Fails, saying why, when PostgreSQL cannot start.
 */
let postgres: Postgres | undefined;
let pool: Pool;
let counters: PgLimits;

beforeAll(async () => {
	postgres = await testPostgres();
	pool = createPool(await freshDatabase(postgres), { max: 10 });
	counters = await PgLimits.open(pool);
	// Migrated once; each test then starts from empty tables.
	await PgShareRecords.open(pool);
	await PgMailboxes.open(pool);
}, 60_000);

afterAll(async () => {
	await pool?.end();
	await postgres?.stop();
});

relaySuite('PostgreSQL', () => ({
	store: async (dir, ticketServes) =>
		new ShareRelay(
			await PgShareRecords.open(pool),
			await PgMailboxes.open(pool),
			new DiskBlobStore(join(dir, 'blobs')),
			ticketServes
		),
	mailboxes: (_store, maxOpen) => PgMailboxes.open(pool, maxOpen),
	limits: () => counters,
	reset: async () => {
		await pool.query(
			'TRUNCATE shares, share_parts, share_tickets, mailbox_boxes, mailbox_slots, limit_windows, limit_failures'
		);
	}
}));
