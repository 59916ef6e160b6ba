// Enrollment codes and patient tokens in PostgreSQL, for gateways running as several instances on one database: the
// same tables, hashes and rules as the SQLite store (enrollments.js, format 2), answered with promises. Plain JS
// (typed by JSDoc) because `npm run enroll` uses it on plain Node when RADFOLIO_DATABASE_URL is set.
//
// A code is redeemed by `UPDATE … SET used_at … WHERE used_at IS NULL … RETURNING`: of two instances given the
// same code at the same instant, one gets the row and makes a token, the other gets nothing.
import { timingSafeEqual } from 'node:crypto';
import { migrate, transaction } from '../db/postgres.js';
import {
	CODE_KEPT_MS,
	codeHash,
	formatCode,
	isTokenShaped,
	newCode,
	newToken,
	normalisedCode,
	secretCheck,
	sha256
} from './enrollments.js';

export const PG_GATEWAY_MIGRATIONS = [
	`CREATE TABLE enrollment_codes (
		code_hash TEXT PRIMARY KEY,
		patient_id TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		expires_at BIGINT NOT NULL,
		used_at BIGINT
	);
	CREATE TABLE tokens (
		id TEXT PRIMARY KEY,
		token_hash TEXT NOT NULL UNIQUE,
		patient_id TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		revoked_at BIGINT
	);
	CREATE INDEX tokens_patient ON tokens (patient_id);
	CREATE TABLE gateway_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`
];

/** @typedef {import('./enrollments.js').TokenRow} TokenRow */

export class PgEnrollmentStore {
	/**
	 * @param {import('pg').Pool} pool
	 * @param {Buffer} secret
	 */
	constructor(pool, secret) {
		this.pool = pool;
		this.secret = secret;
	}

	/**
	 * Migrates the gateway's tables and checks that they were written under this secret (the first instance records
	 * it): another secret would turn every code handed out into "unknown code".
	 * @param {import('pg').Pool} pool
	 * @param {Buffer} secret
	 */
	static async open(pool, secret) {
		await migrate(pool, 'gateway', PG_GATEWAY_MIGRATIONS);
		const check = secretCheck(secret);
		await pool.query(
			`INSERT INTO gateway_meta (key, value) VALUES ('secret_check', $1) ON CONFLICT DO NOTHING`,
			[check]
		);
		const { rows } = await pool.query(`SELECT value FROM gateway_meta WHERE key = 'secret_check'`);
		if (!timingSafeEqual(Buffer.from(rows[0].value), Buffer.from(check)))
			throw new Error(
				'the gateway tables were written with another gateway secret: give every instance the RADFOLIO_GATEWAY_SECRET_FILE they were made with'
			);
		return new PgEnrollmentStore(pool, secret);
	}

	/**
	 * @param {string} patientId
	 * @param {{ hours?: number, now?: number }} [options]
	 * @returns {Promise<{ code: string, expiresAt: number }>}
	 */
	async createCode(patientId, options = {}) {
		const { code, now, expiresAt } = newCode(patientId, options);
		await this.pool.query(
			'INSERT INTO enrollment_codes (code_hash, patient_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
			[codeHash(this.secret, code), patientId, now, expiresAt]
		);
		return { code: formatCode(code), expiresAt };
	}

	/**
	 * @param {string} code
	 * @param {number} [now]
	 * @returns {Promise<{ token: string, id: string, patientId: string } | null>}
	 */
	async redeem(code, now = Date.now()) {
		const normalised = normalisedCode(code);
		if (!normalised) return null;
		return transaction(this.pool, async (client) => {
			const { rows } = await client.query(
				`UPDATE enrollment_codes SET used_at = $2
				 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING patient_id`,
				[codeHash(this.secret, normalised), now]
			);
			if (!rows[0]) return null;
			const patientId = /** @type {string} */ (rows[0].patient_id);
			const { token, id } = newToken();
			await client.query(
				'INSERT INTO tokens (id, token_hash, patient_id, created_at) VALUES ($1, $2, $3, $4)',
				[id, sha256(token), patientId, now]
			);
			return { token, id, patientId };
		});
	}

	/**
	 * @param {string} token
	 * @returns {Promise<{ id: string, patientId: string } | null>}
	 */
	async lookup(token) {
		if (!isTokenShaped(token)) return null;
		const { rows } = await this.pool.query(
			'SELECT id, patient_id FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL',
			[sha256(token)]
		);
		return rows[0] ? { id: rows[0].id, patientId: rows[0].patient_id } : null;
	}

	/**
	 * @param {{ id?: string, patientId?: string }} which
	 * @param {number} [now]
	 * @returns {Promise<number>}
	 */
	async revoke(which, now = Date.now()) {
		if (which.id) {
			const { rowCount } = await this.pool.query(
				'UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
				[which.id, now]
			);
			return rowCount ?? 0;
		}
		const patientId = which.patientId;
		if (!patientId) return 0;
		return transaction(this.pool, async (client) => {
			const tokens = await client.query(
				'UPDATE tokens SET revoked_at = $2 WHERE patient_id = $1 AND revoked_at IS NULL',
				[patientId, now]
			);
			const codes = await client.query(
				'UPDATE enrollment_codes SET used_at = $2 WHERE patient_id = $1 AND used_at IS NULL',
				[patientId, now]
			);
			return (tokens.rowCount ?? 0) + (codes.rowCount ?? 0);
		});
	}

	/**
	 * @param {string} [patientId]
	 * @returns {Promise<TokenRow[]>}
	 */
	async listTokens(patientId) {
		const { rows } = patientId
			? await this.pool.query(
					'SELECT * FROM tokens WHERE patient_id = $1 ORDER BY created_at DESC',
					[patientId]
				)
			: await this.pool.query('SELECT * FROM tokens ORDER BY created_at DESC');
		return rows.map((r) => ({
			id: r.id,
			patientId: r.patient_id,
			createdAt: r.created_at,
			revokedAt: r.revoked_at
		}));
	}

	/** @param {number} [now] */
	async sweep(now = Date.now()) {
		const { rowCount } = await this.pool.query(
			'DELETE FROM enrollment_codes WHERE expires_at < $1 OR (used_at IS NOT NULL AND used_at < $1)',
			[now - CODE_KEPT_MS]
		);
		return rowCount ?? 0;
	}

	close() {
		// The pool belongs to whoever made it (the server, or the enroll command).
	}
}
