import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	EnrollmentError,
	EnrollmentStore,
	isUsablePatientId,
	normaliseCode
} from './enrollments.js';

describe('EnrollmentStore', () => {
	let dir: string;
	let store: EnrollmentStore;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rf-enroll-'));
		store = new EnrollmentStore(dir);
	});
	afterEach(() => {
		store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('makes a readable 12-character code that is exchanged for a token exactly once', () => {
		const { code } = store.createCode('PAT-1');
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
		const first = store.redeem(code);
		expect(first?.patientId).toBe('PAT-1');
		expect(first?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(store.redeem(code)).toBeNull();
		expect(store.lookup(first!.token)).toEqual({ id: first!.id, patientId: 'PAT-1' });
	});

	it('accepts the code as a person types it: lower case, spaces, O for 0, I or L for 1', () => {
		const { code } = store.createCode('PAT-2');
		const typed = ` ${code.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace(/-/g, ' ')} `;
		expect(normaliseCode(typed)).toBe(code.replace(/-/g, ''));
		expect(store.redeem(typed)?.patientId).toBe('PAT-2');
	});

	it('refuses an expired code', () => {
		const now = Date.now();
		const { code } = store.createCode('PAT-3', { hours: 1, now });
		expect(store.redeem(code, now + 3_600_001)).toBeNull();
	});

	it.each(['', '   ', '*', 'PAT*', 'PAT?', 'A,B', 'A\\B', 'x'.repeat(65), 'A\nB'])(
		'refuses to enroll the PatientID %j',
		(id) => {
			expect(isUsablePatientId(id)).toBe(false);
			expect(() => store.createCode(id)).toThrow(EnrollmentError);
		}
	);

	it('revokes one token, or every token and unused code of a patient', () => {
		const a = store.redeem(store.createCode('PAT-4').code)!;
		const b = store.redeem(store.createCode('PAT-4').code)!;
		const unused = store.createCode('PAT-4').code;
		expect(store.revoke({ id: a.id })).toBe(1);
		expect(store.lookup(a.token)).toBeNull();
		expect(store.lookup(b.token)).not.toBeNull();
		expect(store.revoke({ patientId: 'PAT-4' })).toBe(2); // b and the unused code
		expect(store.lookup(b.token)).toBeNull();
		expect(store.redeem(unused)).toBeNull();
		expect(store.listTokens('PAT-4').every((t) => t.revokedAt !== null)).toBe(true);
	});

	it('stores neither codes nor tokens in clear', () => {
		const { code } = store.createCode('PAT-5');
		const { token } = store.redeem(code)!;
		store.db.pragma('wal_checkpoint(TRUNCATE)');
		const file = readFileSync(join(dir, 'gateway.sqlite')).toString('latin1');
		expect(file).toContain('PAT-5');
		expect(file).not.toContain(code.replace(/-/g, ''));
		expect(file).not.toContain(token);
	});

	it('keeps codes keyed by a secret outside the database: a stolen gateway.sqlite cannot test a guess', () => {
		// Finding 11: codes were kept as unsalted SHA-256 of 60 bits, which a GPU searches from a copy of the file.
		const { code } = store.createCode('PAT-6');
		const normalised = code.replace(/-/g, '');
		const plain = createHash('sha256').update(normalised).digest('hex');
		const stolen = new Database(join(dir, 'gateway.sqlite'), { readonly: true });
		const hashes = (
			stolen.prepare('SELECT code_hash FROM enrollment_codes').all() as { code_hash: string }[]
		).map((r) => r.code_hash);
		stolen.close();
		expect(hashes).toHaveLength(1);
		expect(hashes).not.toContain(plain); // the thief's offline check finds nothing
		// The secret lives in its own file, readable by the server's user only.
		expect(statSync(join(dir, 'gateway-secret')).mode & 0o777).toBe(0o600);
		expect(
			readFileSync(join(dir, 'gateway.sqlite')).includes(readFileSync(join(dir, 'gateway-secret')))
		).toBe(false);
		expect(store.redeem(code)?.patientId).toBe('PAT-6');
	});

	it('re-keys the codes of a version-1 database in place, so codes already handed out still work', () => {
		const old = mkdtempSync(join(tmpdir(), 'rf-enroll-v1-'));
		const v1 = new Database(join(old, 'gateway.sqlite'));
		v1.exec(`
			CREATE TABLE enrollment_codes (code_hash TEXT PRIMARY KEY, patient_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
			CREATE TABLE tokens (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, patient_id TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
			PRAGMA user_version = 1;
		`);
		const code = 'ABCD-EFGH-JKMN';
		v1.prepare('INSERT INTO enrollment_codes VALUES (?, ?, ?, ?, NULL)').run(
			createHash('sha256').update('ABCDEFGHJKMN').digest('hex'),
			'PAT-OLD',
			Date.now(),
			Date.now() + 3_600_000
		);
		v1.close();
		const upgraded = new EnrollmentStore(old);
		expect(upgraded.db.pragma('user_version', { simple: true })).toBe(2);
		expect(upgraded.redeem(code)?.patientId).toBe('PAT-OLD');
		upgraded.close();
		rmSync(old, { recursive: true, force: true });
	});

	it('refuses to open with another secret than the one it was written with, and a secret too short', () => {
		store.createCode('PAT-7');
		store.close();
		const elsewhere = join(mkdtempSync(join(tmpdir(), 'rf-secret-')), 'secret');
		writeFileSync(elsewhere, Buffer.alloc(32, 7).toString('base64'));
		expect(
			() => new EnrollmentStore(dir, { env: { RADFOLIO_GATEWAY_SECRET_FILE: elsewhere } })
		).toThrow(/another gateway secret/);
		writeFileSync(elsewhere, 'c2hvcnQ=');
		expect(
			() => new EnrollmentStore(dir, { env: { RADFOLIO_GATEWAY_SECRET_FILE: elsewhere } })
		).toThrow(/shorter than 32 bytes/);
		expect(
			() =>
				new EnrollmentStore(dir, { env: { RADFOLIO_GATEWAY_SECRET_FILE: `${elsewhere}-missing` } })
		).toThrow(/does not exist/);
		store = new EnrollmentStore(dir);
	});

	it('refuses a database written by a newer version', () => {
		store.db.pragma('user_version = 9');
		store.close();
		expect(() => new EnrollmentStore(dir)).toThrow(/format 9/);
		store = new EnrollmentStore(mkdtempSync(join(tmpdir(), 'rf-enroll-')));
	});
});
