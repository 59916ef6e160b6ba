// Enrollment codes and patient tokens of the gateway, in SQLite under the server's data dir. Plain JS (typed by
// JSDoc) because the `npm run enroll` command uses it too and runs on plain Node.
//
// Format (PRAGMA user_version = 2):
//   enrollment_codes(code_hash, patient_id, created_at, expires_at, used_at)
//   tokens(id, token_hash, patient_id, created_at, revoked_at)
//   gateway_meta(key, value): 'secret_check' = hex HMAC-SHA256(secret, "radfolio/gateway/secret-check")
// Codes are 60 random bits: few enough that their plain SHA-256 could be searched on a GPU by whoever copies the
// database. So a code is kept as hex HMAC-SHA256(secret, SHA-256(code)), keyed by a server secret kept outside the
// database (RADFOLIO_GATEWAY_SECRET_FILE, or `gateway-secret` beside it; see loadGatewaySecret): a copy of
// gateway.sqlite alone opens no one's records. Tokens are 256 random bits, out of any search's reach, and are kept
// as hex SHA-256. Times are Unix milliseconds. `id` is a short public handle for listing and revoking.
// Version 1 kept codes as hex SHA-256(code); opening it re-keys them in place (HMAC over that same digest), so codes
// already handed out keep working.
import Database from 'better-sqlite3';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ENROLLMENT_DB_VERSION = 2;
export const DEFAULT_CODE_HOURS = 72;

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

/** @param {string} value */
export const sha256 = (value) => createHash('sha256').update(value, 'utf8').digest('hex');
/**
 * @param {Buffer} secret
 * @param {Buffer} digest SHA-256 of the normalised code
 */
export const keyedCodeHash = (secret, digest) =>
	createHmac('sha256', secret).update(digest).digest('hex');
/** @param {Buffer} secret */
export const secretCheck = (secret) =>
	createHmac('sha256', secret).update('radfolio/gateway/secret-check').digest('hex');

/**
 * The gateway's secret (at least 32 bytes): from the file RADFOLIO_GATEWAY_SECRET_FILE names (on another volume than
 * the data, or a secrets mount, in production), else `gateway-secret` in the data dir, made on first use (mode 0600).
 * @param {Record<string, string | undefined>} env
 * @param {string} dataDir
 * @returns {Buffer}
 */
export function loadGatewaySecret(env, dataDir) {
	const named = env.RADFOLIO_GATEWAY_SECRET_FILE?.trim();
	const file = named || join(dataDir, 'gateway-secret');
	if (!existsSync(file)) {
		if (named) throw new Error(`RADFOLIO_GATEWAY_SECRET_FILE names ${file}, which does not exist`);
		mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
		writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
		chmodSync(file, 0o600);
	}
	const text = readFileSync(file, 'utf8').trim();
	const secret = /^[A-Za-z0-9+/=_-]+$/.test(text) ? Buffer.from(text, 'base64') : Buffer.from(text);
	if (secret.length < 32)
		throw new Error(
			`the gateway secret in ${file} is shorter than 32 bytes (base64 of 32 random bytes)`
		);
	return secret;
}

/**
 * A PatientID the gateway can force into every archive query: non-empty, no wildcard or list characters (Orthanc
 * would widen the match on them), no backslash (DICOM's value separator), no control characters, ≤ 64 chars (LO).
 * @param {string} patientId
 */
export function isUsablePatientId(patientId) {
	return (
		typeof patientId === 'string' &&
		patientId.trim().length > 0 &&
		patientId.length <= 64 &&
		// eslint-disable-next-line no-control-regex
		!/[*?,\\\u0000-\u001f\u007f]/.test(patientId)
	);
}

/**
 * Normalises what a person typed: case, spaces and dashes do not matter; O/I/L read as 0/1/1.
 * @param {string} code
 */
export function normaliseCode(code) {
	return String(code).toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** @param {string} code 12 characters of the alphabet → `XXXX-XXXX-XXXX` */
export const formatCode = (code) => code.match(/.{1,4}/g)?.join('-') ?? code;

/**
 * A code's stored form: HMAC under the gateway secret of SHA-256 of the normalised code.
 * @param {Buffer} secret
 * @param {string} normalised
 */
export const codeHash = (secret, normalised) =>
	keyedCodeHash(secret, createHash('sha256').update(normalised, 'utf8').digest());

/**
 * A new code for `patientId`, valid `hours` (checked): what both stores insert.
 * @param {string} patientId
 * @param {{ hours?: number, now?: number }} options
 * @returns {{ code: string, now: number, expiresAt: number }} the code unformatted
 */
export function newCode(patientId, options) {
	if (!isUsablePatientId(patientId)) {
		throw new EnrollmentError(
			'PatientID must be non-empty, at most 64 characters, without * ? , \\ or control characters'
		);
	}
	const hours = options.hours ?? DEFAULT_CODE_HOURS;
	if (!(hours > 0 && hours <= 24 * 30))
		throw new EnrollmentError('expiry must be 1 hour … 30 days');
	const now = options.now ?? Date.now();
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return { code, now, expiresAt: now + Math.round(hours * 3_600_000) };
}

/** A new bearer token and its public id. */
export const newToken = () => ({
	token: randomBytes(32).toString('base64url'),
	id: `tok_${randomBytes(6).toString('hex')}`
});

/** @param {unknown} token whether it has a token's shape (anything else is not looked up) */
export const isTokenShaped = (token) =>
	typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/** @param {string} code the code as typed → normalised, or null when it cannot be one */
export function normalisedCode(code) {
	const normalised = normaliseCode(code);
	return normalised.length === CODE_LENGTH ? normalised : null;
}

/** Codes expired or used are kept this long, then swept. */
export const CODE_KEPT_MS = 86_400_000;

export class EnrollmentError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'EnrollmentError';
	}
}

/**
 * @typedef {{ id: string, patientId: string, createdAt: number, revokedAt: number | null }} TokenRow
 * @typedef {{ patientId: string, createdAt: number, expiresAt: number, usedAt: number | null }} CodeRow
 */

export class EnrollmentStore {
	/**
	 * @param {string} dataDir
	 * @param {{ secret?: Buffer, env?: Record<string, string | undefined> }} [options] the secret, or where to find it
	 */
	constructor(dataDir, options = {}) {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		this.secret = options.secret ?? loadGatewaySecret(options.env ?? process.env, dataDir);
		this.db = new Database(join(dataDir, 'gateway.sqlite'));
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('busy_timeout = 5000');
		const version = /** @type {number} */ (this.db.pragma('user_version', { simple: true }));
		if (version > ENROLLMENT_DB_VERSION) {
			throw new Error(
				`gateway.sqlite is format ${version}; this Radfolio knows ${ENROLLMENT_DB_VERSION}: upgrade Radfolio`
			);
		}
		this.db.transaction(() => this.#migrate(version))();
	}

	/** @param {number} version */
	#migrate(version) {
		if (version < 1) {
			this.db.exec(`
				CREATE TABLE IF NOT EXISTS enrollment_codes (
					code_hash TEXT PRIMARY KEY,
					patient_id TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					expires_at INTEGER NOT NULL,
					used_at INTEGER
				);
				CREATE TABLE IF NOT EXISTS tokens (
					id TEXT PRIMARY KEY,
					token_hash TEXT NOT NULL UNIQUE,
					patient_id TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					revoked_at INTEGER
				);
				CREATE INDEX IF NOT EXISTS tokens_patient ON tokens(patient_id);
			`);
		}
		const check = secretCheck(this.secret);
		if (version < 2) {
			this.db.exec('CREATE TABLE gateway_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
			this.db
				.prepare(`INSERT INTO gateway_meta (key, value) VALUES ('secret_check', ?)`)
				.run(check);
			const rows = /** @type {{ code_hash: string }[]} */ (
				this.db.prepare('SELECT code_hash FROM enrollment_codes').all()
			);
			const update = this.db.prepare(
				'UPDATE enrollment_codes SET code_hash = ? WHERE code_hash = ?'
			);
			for (const { code_hash } of rows)
				update.run(keyedCodeHash(this.secret, Buffer.from(code_hash, 'hex')), code_hash);
			this.db.pragma(`user_version = ${ENROLLMENT_DB_VERSION}`);
			return;
		}
		const stored = /** @type {{ value: string } | undefined} */ (
			this.db.prepare(`SELECT value FROM gateway_meta WHERE key = 'secret_check'`).get()
		);
		// Another secret would make every code handed out fail with "unknown code": say what is wrong instead.
		if (!stored || !timingSafeEqual(Buffer.from(stored.value), Buffer.from(check))) {
			throw new Error(
				'gateway.sqlite was written with another gateway secret: point RADFOLIO_GATEWAY_SECRET_FILE at the one it was made with'
			);
		}
	}

	/** @param {string} normalised */
	#codeHash(normalised) {
		return codeHash(this.secret, normalised);
	}

	/**
	 * A one-time code for a patient, valid for `hours`.
	 * @param {string} patientId
	 * @param {{ hours?: number, now?: number }} [options]
	 * @returns {{ code: string, expiresAt: number }}
	 */
	createCode(patientId, options = {}) {
		const { code, now, expiresAt } = newCode(patientId, options);
		this.db
			.prepare(
				'INSERT INTO enrollment_codes (code_hash, patient_id, created_at, expires_at) VALUES (?, ?, ?, ?)'
			)
			.run(this.#codeHash(code), patientId, now, expiresAt);
		return { code: formatCode(code), expiresAt };
	}

	/**
	 * Exchanges an unused, unexpired code for a new token, once. Null for anything else (unknown, used, expired):
	 * the caller answers all of them the same way.
	 * @param {string} code
	 * @param {number} [now]
	 * @returns {{ token: string, id: string, patientId: string } | null}
	 */
	redeem(code, now = Date.now()) {
		const normalised = normalisedCode(code);
		if (!normalised) return null;
		const hash = this.#codeHash(normalised);
		return this.db.transaction(() => {
			const row = /** @type {{ patient_id: string } | undefined} */ (
				this.db
					.prepare(
						'SELECT patient_id FROM enrollment_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?'
					)
					.get(hash, now)
			);
			if (!row) return null;
			this.db.prepare('UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ?').run(now, hash);
			const { token, id } = newToken();
			this.db
				.prepare('INSERT INTO tokens (id, token_hash, patient_id, created_at) VALUES (?, ?, ?, ?)')
				.run(id, sha256(token), row.patient_id, now);
			return { token, id, patientId: row.patient_id };
		})();
	}

	/**
	 * The PatientID a bearer token stands for, or null when unknown or revoked.
	 * @param {string} token
	 * @returns {{ id: string, patientId: string } | null}
	 */
	lookup(token) {
		if (!isTokenShaped(token)) return null;
		const row = /** @type {{ id: string, patient_id: string } | undefined} */ (
			this.db
				.prepare('SELECT id, patient_id FROM tokens WHERE token_hash = ? AND revoked_at IS NULL')
				.get(sha256(token))
		);
		return row ? { id: row.id, patientId: row.patient_id } : null;
	}

	/**
	 * Revokes one token by its id, or every token and unused code of a patient. Returns how many were revoked.
	 * @param {{ id?: string, patientId?: string }} which
	 * @param {number} [now]
	 */
	revoke(which, now = Date.now()) {
		if (which.id) {
			return this.db
				.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
				.run(now, which.id).changes;
		}
		if (which.patientId) {
			return this.db.transaction(() => {
				const tokens = this.db
					.prepare('UPDATE tokens SET revoked_at = ? WHERE patient_id = ? AND revoked_at IS NULL')
					.run(now, which.patientId).changes;
				const codes = this.db
					.prepare(
						'UPDATE enrollment_codes SET used_at = ? WHERE patient_id = ? AND used_at IS NULL'
					)
					.run(now, which.patientId).changes;
				return tokens + codes;
			})();
		}
		return 0;
	}

	/**
	 * Tokens (optionally of one patient), newest first.
	 * @param {string} [patientId]
	 * @returns {TokenRow[]}
	 */
	listTokens(patientId) {
		const rows =
			/** @type {{ id: string, patient_id: string, created_at: number, revoked_at: number | null }[]} */ (
				patientId
					? this.db
							.prepare('SELECT * FROM tokens WHERE patient_id = ? ORDER BY created_at DESC')
							.all(patientId)
					: this.db.prepare('SELECT * FROM tokens ORDER BY created_at DESC').all()
			);
		return rows.map((r) => ({
			id: r.id,
			patientId: r.patient_id,
			createdAt: r.created_at,
			revokedAt: r.revoked_at
		}));
	}

	/** Deletes codes that expired or were used more than a day ago (the sweep keeps the table small). */
	sweep(now = Date.now()) {
		return this.db
			.prepare(
				'DELETE FROM enrollment_codes WHERE expires_at < ? OR (used_at IS NOT NULL AND used_at < ?)'
			)
			.run(now - CODE_KEPT_MS, now - CODE_KEPT_MS).changes;
	}

	close() {
		this.db.close();
	}
}
