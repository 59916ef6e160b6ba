import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

	it('refuses a database written by a newer version', () => {
		store.db.pragma('user_version = 9');
		store.close();
		expect(() => new EnrollmentStore(dir)).toThrow(/format 9/);
		store = new EnrollmentStore(mkdtempSync(join(tmpdir(), 'rf-enroll-')));
	});
});
