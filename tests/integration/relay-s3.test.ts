import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { basename } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, vi } from 'vitest';
import { createPool } from '../../src/lib/server/db/postgres.js';
import { PgLimits } from '../../src/lib/server/pg-limits';
import { PgMailboxes } from '../../src/lib/server/relay/pg-mailboxes';
import { PgShareRecords } from '../../src/lib/server/relay/pg-records';
import { S3BlobStore } from '../../src/lib/server/relay/s3-blobs';
import { ShareRelay } from '../../src/lib/server/relay/store';
import { relaySuite } from '../fixtures/relay-suite';
import { freshDatabase, testPostgres, type Postgres } from './postgres';
import { freshBucket, s3Client, testS3, type S3Server } from './s3';

/**
 * Every test of the relay's HTTP API, on what N instances run on: share records, mailboxes and rate limits in a
 * throwaway PostgreSQL (scripts/postgres.js), ciphertext in a bucket of a throwaway Ceph RADOS Gateway
 * (scripts/s3.js), each test in a folder of the bucket of its own. Fails, saying why, when either cannot start.
 */
// Every request crosses a real object store (and the database): on a loaded machine a test takes seconds, not ms.
vi.setConfig({ testTimeout: 30_000 });
let postgres: Postgres | undefined;
let s3: S3Server | undefined;
let pool: Pool;
let counters: PgLimits;
let client: S3Client;
let bucket: string;

beforeAll(async () => {
	[postgres, s3] = await Promise.all([testPostgres(), testS3()]);
	pool = createPool(await freshDatabase(postgres), { max: 10 });
	counters = await PgLimits.open(pool);
	await PgShareRecords.open(pool);
	await PgMailboxes.open(pool);
	client = await s3Client(s3);
	bucket = await freshBucket(client);
}, 60_000);

afterAll(async () => {
	client?.destroy();
	await pool?.end();
	await Promise.all([postgres?.stop(), s3?.stop()]);
});

/** Each test's relay keeps its objects under a folder named after its temporary directory. */
const prefixOf = (dir: string) => `${basename(dir)}/`;

relaySuite('PostgreSQL + S3', () => ({
	store: async (dir, ticketServes) =>
		new ShareRelay(
			await PgShareRecords.open(pool),
			await PgMailboxes.open(pool),
			new S3BlobStore({ client, bucket, prefix: prefixOf(dir) }),
			ticketServes
		),
	stored: async (dir, id) => {
		const page = await client.send(
			new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefixOf(dir)}${id}/` })
		);
		return (page.Contents ?? []).map((o) => o.Key!.split('/').pop()!).sort();
	},
	mailboxes: (_store, maxOpen) => PgMailboxes.open(pool, maxOpen),
	limits: () => counters,
	reset: async () => {
		await pool.query(
			'TRUNCATE shares, share_parts, share_tickets, mailbox_boxes, mailbox_slots, limit_windows, limit_failures'
		);
	}
}));
