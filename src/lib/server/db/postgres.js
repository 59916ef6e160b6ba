// PostgreSQL plumbing shared by every store that can run on it (relay shares and mailboxes, gateway enrollments,
// rate-limit counters): the pool, transactions, versioned migrations and advisory locks. Plain JS (typed by JSDoc)
// because `npm run enroll` uses the gateway's store on plain Node too.
//
// Migrations: each component (`relay`, `gateway`, `limits`) has an ordered list of steps; `radfolio_migrations`
// records the version each reached. They run at start-up, each step in its own transaction, under an advisory lock,
// so instances starting together migrate once. A database newer than this code stops the server.
import pg from 'pg';

// BIGINT (int8) and COUNT(*) arrive as strings by default. Every number kept here (Unix ms, byte counts) is far below
// 2^53, so they are read as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

/** @typedef {import('pg').Pool} Pool */
/** @typedef {import('pg').PoolClient} PoolClient */
/** @typedef {Pool | PoolClient} Queryable */

/**
 * A pool for `url` (postgres://user:password@host:port/database?…). Connection errors of idle clients are logged
 * (name and SQLSTATE only: a message may quote values) instead of crashing the process; the pool replaces them.
 * @param {string} url
 * @param {{ max?: number }} [options]
 * @returns {Pool}
 */
export function createPool(url, options = {}) {
	const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
	pool.on('error', (error) =>
		console.error(
			'postgres: idle client failed',
			error.name,
			/** @type {{ code?: string }} */ (error).code ?? ''
		)
	);
	return pool;
}

/**
 * Runs `fn` in a transaction on one client of the pool: committed when it resolves, rolled back when it throws.
 * @template T
 * @param {Pool} pool
 * @param {(client: PoolClient) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function transaction(pool, fn) {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

/** Advisory lock keys (one bigint space per database): each names one job that runs on one instance at a time. */
export const LOCKS = { migrate: 72_010_001, relaySweep: 72_010_002, gatewaySweep: 72_010_003 };

/**
 * Runs `fn` only if no other session holds the advisory lock `key` (transaction-scoped: released at commit, or
 * when a crashed instance's connection drops). Returns `{ ran: false }` when another instance holds it.
 * @template T
 * @param {Pool} pool
 * @param {number} key
 * @param {(client: PoolClient) => Promise<T>} fn
 * @returns {Promise<{ ran: true, value: T } | { ran: false }>}
 */
export async function withAdvisoryLock(pool, key, fn) {
	return transaction(pool, async (client) => {
		const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS held', [key]);
		if (!rows[0]?.held) return { ran: false };
		return { ran: true, value: await fn(client) };
	});
}

/**
 * Brings `component` to the last version of `steps` (step i makes version i + 1), waiting for any other instance
 * migrating at the same time.
 * @param {Pool} pool
 * @param {string} component
 * @param {string[]} steps SQL, one or more statements each
 * @returns {Promise<number>} the version now
 */
export async function migrate(pool, component, steps) {
	return transaction(pool, async (client) => {
		await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrate]);
		await client.query(
			'CREATE TABLE IF NOT EXISTS radfolio_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)'
		);
		const { rows } = await client.query(
			'SELECT version FROM radfolio_migrations WHERE component = $1',
			[component]
		);
		const version = rows[0]?.version ?? 0;
		if (version > steps.length)
			throw new Error(
				`the database holds ${component} format ${version}; this Radfolio knows ${steps.length}: upgrade Radfolio`
			);
		for (let i = version; i < steps.length; i++) {
			await client.query(/** @type {string} */ (steps[i]));
		}
		await client.query(
			`INSERT INTO radfolio_migrations (component, version) VALUES ($1, $2)
			 ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version`,
			[component, steps.length]
		);
		return steps.length;
	});
}
