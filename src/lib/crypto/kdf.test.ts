import { argon2id as argon2idNoble } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors';
import { DEFAULT_KDF, TEST_KDF, checkStoredKdf, deriveKey } from './kdf';

const salt = new Uint8Array(16).fill(7);

describe('Argon2id passphrase keys', () => {
	it('is deterministic for the same passphrase, salt and parameters', async () => {
		const a = await deriveKey('correct horse', salt, TEST_KDF);
		const b = await deriveKey('correct horse', salt, TEST_KDF);
		expect(a).toHaveLength(32);
		expect(a).toEqual(b);
	});

	it('honours every parameter and the salt', async () => {
		const base = await deriveKey('pw', salt, TEST_KDF);
		const variants = [
			await deriveKey('pw', salt, { ...TEST_KDF, memoryKiB: 512 }),
			await deriveKey('pw', salt, { ...TEST_KDF, iterations: 2 }),
			await deriveKey('pw', salt, { ...TEST_KDF, parallelism: 2 }),
			await deriveKey('pw', new Uint8Array(16).fill(8), TEST_KDF),
			await deriveKey('pw2', salt, TEST_KDF)
		];
		for (const v of variants) expect(v).not.toEqual(base);
	});

	it('agrees with an independent Argon2id implementation (@noble/hashes)', async () => {
		const params = { name: 'argon2id', memoryKiB: 1024, iterations: 2, parallelism: 1 } as const;
		const saltBytes = new TextEncoder().encode('somesalt16bytes!');
		const key = await deriveKey('password', saltBytes, params);
		const reference = argon2idNoble('password', saltBytes, { m: 1024, t: 2, p: 1, dkLen: 32 });
		expect(Buffer.from(key).toString('hex')).toBe(Buffer.from(reference).toString('hex'));
	});

	it('treats composed and decomposed accents as the same passphrase', async () => {
		const composed = await deriveKey('caf\u00e9', salt, TEST_KDF);
		const decomposed = await deriveKey('cafe\u0301', salt, TEST_KDF);
		expect(composed).toEqual(decomposed);
	});

	it('refuses stored parameters weakened below the floor, or unknown KDFs', () => {
		expect(checkStoredKdf(DEFAULT_KDF)).toEqual(DEFAULT_KDF);
		expect(() => checkStoredKdf(TEST_KDF)).toThrow(CryptoError);
		expect(checkStoredKdf(TEST_KDF, { allowWeak: true })).toEqual(TEST_KDF);
		expect(() => checkStoredKdf({ ...DEFAULT_KDF, name: 'pbkdf2' as 'argon2id' })).toThrow(
			CryptoError
		);
		expect(() => checkStoredKdf({ ...DEFAULT_KDF, memoryKiB: 1e9 })).toThrow(CryptoError);
	});
});
