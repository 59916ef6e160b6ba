// A throwaway PostgreSQL (Debian's `postgresql`, 15) for tests, CI and trying RADFOLIO_DATABASE_URL: a cluster of its
// own made by initdb in a temporary folder, listening on 127.0.0.1 only (and a Unix socket in that folder), a random
// password, stopped by the pid file PostgreSQL writes (never by process name). initdb refuses to run as root, so as
// root the cluster runs as the `postgres` user, in a folder it owns.
//
//   node scripts/postgres.js start        → prints { url, dir, pid, startMs } (the cluster keeps running)
//   node scripts/postgres.js stop <dir>   → stops that cluster and deletes its folder
//
// Durability is off (fsync, synchronous_commit, full_page_writes): it holds test data, and starts in ~1-2 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const USER = 'radfolio';

/** Whether this machine has the server binaries (scripts/ensure-system.js installs them). */
export const postgresInstalled = () =>
	existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'));

/** A port free on 127.0.0.1 right now. */
async function freePort() {
	const server = createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	if (!address || typeof address === 'string') throw new Error('no free port');
	return address.port;
}

/** The uid/gid to run as: ourselves, or `postgres` when we are root (initdb refuses root). */
function runAs() {
	if (process.getuid?.() !== 0) return null;
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/**
 * @param {string} binary
 * @param {string[]} args
 * @param {{ uid: number, gid: number } | null} as
 */
function run(binary, args, as) {
	const result = spawnSync(join(POSTGRES_BIN, binary), args, {
		encoding: 'utf8',
		...(as ? { uid: as.uid, gid: as.gid } : {}),
		env: { ...process.env, LC_ALL: 'C', HOME: tmpdir() }
	});
	if (result.status !== 0)
		throw new Error(
			`${binary} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || result.error?.message || '').slice(-2000)}`
		);
	return result.stdout;
}

/**
 * Makes and starts a cluster. `url` connects to its `postgres` database as the cluster's owner.
 * @param {{ port?: number }} [options]
 */
export async function startPostgres(options = {}) {
	if (!postgresInstalled())
		throw new Error(
			`PostgreSQL is not installed (no ${POSTGRES_BIN}/initdb): apt-get install -y postgresql (npm test does it as root)`
		);
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'radfolio-postgres-'));
	const as = runAs();
	// mkdtemp makes it 0700: the postgres user must own it (and /tmp is traversable by everyone).
	if (as) chownSync(dir, as.uid, as.gid);
	const password = randomBytes(18).toString('base64url');
	const pwfile = join(dir, 'pwfile');
	writeFileSync(pwfile, password + '\n', { mode: 0o600 });
	if (as) chownSync(pwfile, as.uid, as.gid);
	const data = join(dir, 'data');
	try {
		run(
			'initdb',
			['-D', data, '-U', USER, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8'].concat([
				'--locale=C',
				'--no-sync',
				'--no-instructions'
			]),
			as
		);
		rmSync(pwfile);
		const port = options.port ?? (await freePort());
		const settings = [
			`-k ${dir}`,
			'-h 127.0.0.1',
			`-p ${port}`,
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
			'-c max_connections=200'
		].join(' ');
		run(
			'pg_ctl',
			['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'],
			as
		);
		const pid = readPid(dir);
		return {
			url: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
			dir,
			pid,
			port,
			/** From nothing to accepting connections, in ms. */
			startMs: Date.now() - started,
			stop: () => stopPostgres(dir)
		};
	} catch (error) {
		const log = existsSync(join(dir, 'log'))
			? readFileSync(join(dir, 'log'), 'utf8').slice(-2000)
			: '';
		await stopPostgres(dir);
		throw new Error(`${/** @type {Error} */ (error).message}${log ? `\n${log}` : ''}`, {
			cause: error
		});
	}
}

/** @param {string} dir */
function readPid(dir) {
	const file = join(dir, 'data', 'postmaster.pid');
	if (!existsSync(file)) return null;
	const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
	return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops the cluster in `dir` by the pid in its postmaster.pid and deletes the folder: SIGTERM first (PostgreSQL's
 * smart shutdown lets the sessions that are closing close, so their clients see no "terminating connection"), then
 * SIGINT (fast: cuts sessions still open) after 3 s, SIGKILL after 10 s more.
 * @param {string} dir
 */
export async function stopPostgres(dir) {
	const pid = readPid(dir);
	/** @param {number} pid @param {number} ms */
	const waitFor = async (pid, ms) => {
		const deadline = Date.now() + ms;
		while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
		return !alive(pid);
	};
	if (pid && alive(pid)) {
		process.kill(pid, 'SIGTERM');
		if (!(await waitFor(pid, 3_000))) {
			process.kill(pid, 'SIGINT');
			if (!(await waitFor(pid, 10_000))) process.kill(pid, 'SIGKILL');
		}
	}
	if (dir.startsWith(join(tmpdir(), 'radfolio-postgres-'))) {
		chmodSync(dir, 0o700);
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [command, dir] = process.argv.slice(2);
	if (command === 'start') {
		const pg = await startPostgres();
		console.log(JSON.stringify({ url: pg.url, dir: pg.dir, pid: pg.pid, startMs: pg.startMs }));
	} else if (command === 'stop' && dir) {
		await stopPostgres(dir);
	} else {
		console.error('usage: node scripts/postgres.js start | stop <dir>');
		process.exit(2);
	}
}
