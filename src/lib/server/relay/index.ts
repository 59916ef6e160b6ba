import { resolve } from 'node:path';
import { databaseFromEnv, serverPostgres } from '../db';
import { blobStoreConfigFromEnv, blobStoreFromEnv } from './blob-config';
import { DEFAULT_RELAY_LIMITS, RelayHttp, type RelayLimits } from './http';
import { PgMailboxes } from './pg-mailboxes';
import { PgShareRecords } from './pg-records';
import { RelayStore, ShareRelay } from './store';

let relay: RelayHttp | undefined;
let starting: Promise<RelayHttp> | undefined;

/**
 * The relay's limits from the environment (README: "Configuration"), each a whole number of bytes:
 * RADFOLIO_RELAY_MAX_BYTES (one share), RADFOLIO_RELAY_CLIENT_BYTES (what one client uploads in a day),
 * RADFOLIO_RELAY_STORE_BYTES (every live share together). A malformed value stops the server rather than
 * silently running without the limit.
 */
export function relayLimitsFromEnv(env: Record<string, string | undefined>): RelayLimits {
	const read = (name: string, fallback: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		if (!/^[1-9][0-9]{0,15}$/.test(raw))
			throw new Error(`${name} must be a whole number of bytes, not “${raw}”`);
		return Number(raw);
	};
	return {
		...DEFAULT_RELAY_LIMITS,
		maxBytes: read('RADFOLIO_RELAY_MAX_BYTES', DEFAULT_RELAY_LIMITS.maxBytes),
		clientBytesPerDay: read('RADFOLIO_RELAY_CLIENT_BYTES', DEFAULT_RELAY_LIMITS.clientBytesPerDay),
		storeBytes: read('RADFOLIO_RELAY_STORE_BYTES', DEFAULT_RELAY_LIMITS.storeBytes)
	};
}

const dataDir = (env: Record<string, string | undefined>) =>
	resolve(env.RADFOLIO_DATA_DIR || 'data');

/** Ends expired shares, lapsed opens and abandoned uploads now and every minute (one instance at a time). */
function sweepEveryMinute(store: ShareRelay, more?: () => Promise<unknown>) {
	const sweep = () =>
		void Promise.all([store.sweep(), more?.()]).catch((error: unknown) =>
			console.error('relay: sweep failed', (error as Error)?.name ?? typeof error)
		);
	sweep();
	setInterval(sweep, 60_000).unref();
}

const embedded = (env: Record<string, string | undefined>) =>
	databaseFromEnv(env).kind === 'sqlite' && blobStoreConfigFromEnv(env).kind === 'disk';

/**
 * The relay of this server process, on by default. Embedded (no RADFOLIO_DATABASE_URL, no RADFOLIO_BLOB_STORE):
 * SQLite + local disk under RADFOLIO_DATA_DIR, made here on first use. Otherwise it is opened at start-up
 * (startRelay, from the server's init hook), and this returns it.
 */
export function relayServer(env: Record<string, string | undefined>): RelayHttp {
	if (relay) return relay;
	if (!embedded(env))
		throw new Error(
			'the relay on PostgreSQL or an object store is opened at start-up (startRelay), not on first use'
		);
	const store = new RelayStore(dataDir(env));
	relay = new RelayHttp(store, relayLimitsFromEnv(env));
	sweepEveryMinute(store);
	return relay;
}

/**
 * Opens the relay at start-up. On PostgreSQL: migrations, limits shared by every instance. With an object store
 * (RADFOLIO_BLOB_STORE): the bucket checked, then what a killed process left in it cleared (on a store other instances
 * share, what changed in the last hour is spared). The two are independent: SQLite + S3 and PostgreSQL + a shared
 * disk both run, though only PostgreSQL + S3 lets instances run on different machines.
 */
export async function startRelay(env: Record<string, string | undefined>): Promise<RelayHttp> {
	if (relay || embedded(env)) return relayServer(env);
	starting ??= (async () => {
		const limits = relayLimitsFromEnv(env);
		const database = databaseFromEnv(env);
		const blobs = await blobStoreFromEnv(env, dataDir(env));
		if (database.kind === 'sqlite') {
			const store = new RelayStore(dataDir(env), blobs);
			await store.recover();
			relay = new RelayHttp(store, limits);
			sweepEveryMinute(store);
			return relay;
		}
		const { pool, limits: counters } = await serverPostgres(database.url);
		const store = new ShareRelay(
			await PgShareRecords.open(pool),
			await PgMailboxes.open(pool),
			blobs
		);
		await store.recover({ shared: true });
		relay = new RelayHttp(store, limits, counters);
		sweepEveryMinute(store, () => counters.sweep());
		return relay;
	})();
	return starting;
}

export { RelayHttp, DEFAULT_RELAY_LIMITS, type RelayLimits } from './http';
export { RelayStore, ShareRelay, RelayError } from './store';
