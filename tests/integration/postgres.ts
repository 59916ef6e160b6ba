import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { postgresInstalled, startPostgres } from '../../scripts/postgres.js';

export type Postgres = Awaited<ReturnType<typeof startPostgres>>;

/**
 * A throwaway PostgreSQL from the project's own script (scripts/postgres.js). When it cannot start — not installed,
 * or initdb/pg_ctl failing — the error says why and the tests that need it FAIL: `npm test` installs `postgresql`
 * (scripts/ensure-system.js), so a missing server is a broken setup, never a reason to skip.
 */
export async function testPostgres(): Promise<Postgres> {
	if (!postgresInstalled())
		throw new Error(
			'PostgreSQL is not installed, so the PostgreSQL half of these tests cannot run: apt-get install -y postgresql (npm test does it as root)'
		);
	const server = await startPostgres();
	console.log(`PostgreSQL 15 started in ${server.startMs} ms (${server.dir})`);
	return server;
}

/** A fresh, empty database on that server, for one suite; returns its URL. */
export async function freshDatabase(server: Postgres): Promise<string> {
	const name = `t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: server.url });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(server.url);
	url.pathname = `/${name}`;
	return url.href;
}
