import type { Pool } from 'pg';
import { PgLimits } from '../pg-limits';
import { createPool } from './postgres.js';

/**
 * Where the server keeps its state, chosen once at start-up (README: "Configuration"):
 *   RADFOLIO_DATABASE_URL=postgres://user:password@host:5432/db → PostgreSQL, shared by any number of instances;
 *   unset → SQLite files under RADFOLIO_DATA_DIR (the embedded default, one process, no setup).
 * A malformed value stops the server instead of silently running on a local database.
 */
export type DatabaseConfig = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

export function databaseFromEnv(env: Record<string, string | undefined>): DatabaseConfig {
	const raw = env.RADFOLIO_DATABASE_URL?.trim();
	if (!raw) return { kind: 'sqlite' };
	let protocol = '';
	try {
		protocol = new URL(raw).protocol;
	} catch {
		// reported below, without the value (it holds a password)
	}
	if (protocol !== 'postgres:' && protocol !== 'postgresql:')
		throw new Error('RADFOLIO_DATABASE_URL must be a postgres:// URL (or unset, for SQLite)');
	return { kind: 'postgres', url: raw };
}

let shared: Promise<{ pool: Pool; limits: PgLimits }> | undefined;

/** This process's PostgreSQL pool and the limit counters on it, made once (relay and gateway share them). */
export function serverPostgres(url: string): Promise<{ pool: Pool; limits: PgLimits }> {
	shared ??= (async () => {
		const pool = createPool(url, { max: 20 });
		return { pool, limits: await PgLimits.open(pool) };
	})();
	return shared;
}
