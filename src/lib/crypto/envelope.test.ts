import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors';
import { ENVELOPE_VERSION, open, openJson, seal, sealJson } from './envelope';

const key = nacl.randomBytes(32);
const data = new TextEncoder().encode('Patient: DOE^JANE, CT chest');

function expectCode(fn: () => unknown, code: string) {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(CryptoError);
		expect((error as CryptoError).code).toBe(code);
		return;
	}
	throw new Error(`expected CryptoError ${code}`);
}

describe('sealed records', () => {
	it('round-trips data and JSON', () => {
		const record = seal(key, 'study|abc', data);
		expect(open(key, 'study|abc', record)).toEqual(data);
		expect(openJson(key, 'x', sealJson(key, 'x', { a: [1, 'é'] }))).toEqual({ a: [1, 'é'] });
	});

	it('starts with the version byte and hides the plaintext', () => {
		const record = seal(key, 'ctx', data);
		expect(record[0]).toBe(ENVELOPE_VERSION);
		expect(Buffer.from(record).includes(Buffer.from('DOE^JANE'))).toBe(false);
	});

	it('uses a fresh nonce every time', () => {
		expect(seal(key, 'ctx', data)).not.toEqual(seal(key, 'ctx', data));
	});

	it('is NaCl secretbox underneath (readable by any secretbox implementation)', () => {
		const record = seal(key, 'c', data);
		const inner = nacl.secretbox.open(record.subarray(25), record.subarray(1, 25), key);
		expect(inner).not.toBeNull();
		expect(inner![0]).toBe(1);
		expect(new TextDecoder().decode(inner!.subarray(2))).toBe('Patient: DOE^JANE, CT chest');
	});

	it('refuses a wrong key', () => {
		expectCode(() => open(nacl.randomBytes(32), 'ctx', seal(key, 'ctx', data)), 'decrypt-failed');
	});

	it('refuses any flipped bit', () => {
		const record = seal(key, 'ctx', data);
		for (const index of [1, 24, 25, 40, record.length - 1]) {
			const tampered = record.slice();
			tampered[index]! ^= 0x01;
			expectCode(() => open(key, 'ctx', tampered), 'decrypt-failed');
		}
	});

	it('refuses truncated records of every length', () => {
		const record = seal(key, 'ctx', data);
		expectCode(() => open(key, 'ctx', new Uint8Array(0)), 'truncated');
		expectCode(() => open(key, 'ctx', record.subarray(0, 30)), 'truncated');
		expectCode(() => open(key, 'ctx', record.subarray(0, record.length - 1)), 'decrypt-failed');
	});

	it('refuses an unknown version instead of guessing', () => {
		const record = seal(key, 'ctx', data);
		record[0] = 2;
		expectCode(() => open(key, 'ctx', record), 'unknown-version');
	});

	it('refuses a record moved to another row', () => {
		const record = seal(key, 'chunk|a|0', data);
		expectCode(() => open(key, 'chunk|a|1', record), 'context-mismatch');
		expectCode(() => open(key, 'chunk|a|', record), 'context-mismatch');
	});

	it('refuses keys of the wrong size', () => {
		expectCode(() => seal(new Uint8Array(16), 'c', data), 'bad-key');
	});
});
