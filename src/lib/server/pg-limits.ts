import { createHmac, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { migrate, transaction } from './db/postgres.js';
import type { Backoff, Budget, LimitStore, Limiter } from './rate-limit';

/**
 * Rate limits, upload budgets and the enrollment back-off in PostgreSQL, so every instance behind a load balancer
 * counts the same client once: a client cannot get N times the limit by landing on N instances.
 *
 *   limit_windows(scope, key_hash, count, reset_at)   a fixed window per (limit, client); one atomic upsert per hit
 *   limit_failures(scope, at)                          failed guesses of all clients, for the back-off
 *   limit_secret(id, secret)                           the key for key_hash
 *
 * A client key (an address, or a /56) is never stored as such: key_hash is HMAC-SHA256 under a random secret made
 * on first start. That secret sits in the same database, so whoever copies it can still test a given address
 * against the counters of the day (an address space is small); rows go once their window ends (sweep, every
 * minute), so what a copy holds is only the last day's counters. The in-memory default stores nothing at all.
 */
export const PG_LIMIT_MIGRATIONS = [
	`CREATE TABLE limit_windows (
		scope TEXT NOT NULL,
		key_hash BYTEA NOT NULL,
		count BIGINT NOT NULL,
		reset_at BIGINT NOT NULL,
		PRIMARY KEY (scope, key_hash)
	);
	CREATE INDEX limit_windows_reset ON limit_windows (reset_at);
	CREATE TABLE limit_failures (scope TEXT NOT NULL, at BIGINT NOT NULL);
	CREATE INDEX limit_failures_at ON limit_failures (scope, at);
	CREATE TABLE limit_secret (id INTEGER PRIMARY KEY, secret BYTEA NOT NULL);`
];

/** How long a delayed answer holds its client "busy" at most, past its delay (a crashed instance's mark lapses). */
const PENDING_SLACK_MS = 5_000;

interface Window {
	count: number;
	reset_at: number;
}

export class PgLimits implements LimitStore {
	private constructor(
		readonly pool: Pool,
		readonly secret: Buffer
	) {}

	static async open(pool: Pool): Promise<PgLimits> {
		await migrate(pool, 'limits', PG_LIMIT_MIGRATIONS);
		await pool.query(
			'INSERT INTO limit_secret (id, secret) VALUES (1, $1) ON CONFLICT DO NOTHING',
			[randomBytes(32)]
		);
		const { rows } = await pool.query<{ secret: Buffer }>(
			'SELECT secret FROM limit_secret WHERE id = 1'
		);
		return new PgLimits(pool, rows[0]!.secret);
	}

	keyHash(key: string): Buffer {
		return createHmac('sha256', this.secret).update(key).digest();
	}

	/** Adds `delta` to the key's window (a new window when the old one ended), in one statement. */
	async add(scope: string, key: string, delta: number, windowMs: number, now: number) {
		const { rows } = await this.pool.query<Window>(
			`INSERT INTO limit_windows AS w (scope, key_hash, count, reset_at) VALUES ($1, $2, $3, $4::bigint + $5)
			 ON CONFLICT (scope, key_hash) DO UPDATE SET
				count = CASE WHEN w.reset_at <= $4 THEN $3 ELSE w.count + $3 END,
				reset_at = CASE WHEN w.reset_at <= $4 THEN $4::bigint + $5 ELSE w.reset_at END
			 RETURNING count, reset_at`,
			[scope, this.keyHash(key), delta, now, windowMs]
		);
		return rows[0]!;
	}

	/** The key's live window, if any. */
	async window(scope: string, key: string, now: number): Promise<Window | undefined> {
		const { rows } = await this.pool.query<Window>(
			'SELECT count, reset_at FROM limit_windows WHERE scope = $1 AND key_hash = $2 AND reset_at > $3',
			[scope, this.keyHash(key), now]
		);
		return rows[0];
	}

	limiter(name: string, limit: number, windowMs: number): Limiter {
		const scope = `limit:${name}`;
		const wait = (w: Window, now: number) => Math.ceil((w.reset_at - now) / 1000);
		return {
			hit: async (key, now = Date.now()) => {
				const w = await this.add(scope, key, 1, windowMs, now);
				return w.count > limit ? wait(w, now) : 0;
			},
			check: async (key, now = Date.now()) => {
				const w = await this.window(scope, key, now);
				return w && w.count >= limit ? wait(w, now) : 0;
			},
			refund: async (key, now = Date.now()) => {
				await this.pool.query(
					`UPDATE limit_windows SET count = count - 1
					 WHERE scope = $1 AND key_hash = $2 AND reset_at > $3 AND count > 0`,
					[scope, this.keyHash(key), now]
				);
			}
		};
	}

	budget(name: string, limit: number, windowMs: number): Budget {
		const scope = `budget:${name}`;
		return {
			left: async (key, now = Date.now()) => {
				const w = await this.window(scope, key, now);
				return w ? Math.max(0, limit - w.count) : limit;
			},
			reserve: (key, wanted, minimum, now = Date.now()) =>
				transaction(this.pool, async (client) => {
					const hash = this.keyHash(key);
					// The row locked (made first if new) so parallel reservations take turns.
					await client.query(
						`INSERT INTO limit_windows (scope, key_hash, count, reset_at) VALUES ($1, $2, 0, $3::bigint + $4)
						 ON CONFLICT DO NOTHING`,
						[scope, hash, now, windowMs]
					);
					const { rows } = await client.query<Window>(
						'SELECT count, reset_at FROM limit_windows WHERE scope = $1 AND key_hash = $2 FOR UPDATE',
						[scope, hash]
					);
					const w = rows[0]!;
					const fresh = w.reset_at <= now;
					const left = fresh ? limit : Math.max(0, limit - w.count);
					const taken = Math.min(wanted, left);
					if (taken < minimum || taken <= 0) return 0;
					await client.query(
						'UPDATE limit_windows SET count = $3, reset_at = $4 WHERE scope = $1 AND key_hash = $2',
						[scope, hash, fresh ? taken : w.count + taken, fresh ? now + windowMs : w.reset_at]
					);
					return taken;
				}),
			release: async (key, bytes, reservedAt, now = Date.now()) => {
				// Only the window that held the reservation (live, begun no later than it): see Budget.release.
				await this.pool.query(
					`UPDATE limit_windows SET count = GREATEST(0, count - $3)
					 WHERE scope = $1 AND key_hash = $2 AND reset_at > $4 AND reset_at - $5 <= $6`,
					[scope, this.keyHash(key), Math.max(0, bytes), now, windowMs, reservedAt]
				);
			},
			spend: async (key, bytes, now = Date.now()) => {
				if (!(bytes >= 0))
					throw new RangeError('spend adds bytes; give a reservation back with release');
				await this.add(scope, key, bytes, windowMs, now);
			}
		};
	}

	backoff(name: string, threshold = 30, maxDelayMs = 10_000, windowMs = 60_000): Backoff {
		const scope = `backoff:${name}`;
		const pending = `pending:${name}`;
		/** Failures in the window, the one being recorded (if any) included. */
		const recent = async (now: number, record: boolean) => {
			if (record)
				await this.pool.query('INSERT INTO limit_failures (scope, at) VALUES ($1, $2)', [
					scope,
					now
				]);
			const { rows } = await this.pool.query<{ n: number }>(
				'SELECT COUNT(*) AS n FROM limit_failures WHERE scope = $1 AND at > $2',
				[scope, now - windowMs]
			);
			return rows[0]!.n;
		};
		return {
			busy: async (key, now = Date.now()) =>
				((await this.window(pending, key, now))?.count ?? 0) > 0,
			fail: async (key, now = Date.now()) => {
				const over = (await recent(now, true)) - threshold;
				if (over <= 0) return;
				const delay = Math.min(maxDelayMs, over * 200);
				await this.add(pending, key, 1, delay + PENDING_SLACK_MS, now);
				try {
					await new Promise((resolve) => setTimeout(resolve, delay));
				} finally {
					await this.pool.query(
						`UPDATE limit_windows SET count = count - 1 WHERE scope = $1 AND key_hash = $2 AND count > 0`,
						[pending, this.keyHash(key)]
					);
				}
			},
			delayNow: async (now = Date.now()) =>
				Math.max(0, Math.min(maxDelayMs, ((await recent(now, false)) + 1 - threshold) * 200))
		};
	}

	/** Forgets ended windows and failures older than an hour (every back-off window is shorter). */
	async sweep(now = Date.now()): Promise<number> {
		const windows = await this.pool.query('DELETE FROM limit_windows WHERE reset_at <= $1', [now]);
		const failures = await this.pool.query('DELETE FROM limit_failures WHERE at <= $1', [
			now - 3_600_000
		]);
		return (windows.rowCount ?? 0) + (failures.rowCount ?? 0);
	}
}
