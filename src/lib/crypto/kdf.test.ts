import { argon2id as argon2idNoble } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors';
import { COSTLY_KDF } from '../../../tests/fixtures/costly-kdf';
import {
	DEFAULT_KDF,
	KDF_MAXIMUM,
	TEST_KDF,
	checkStoredKdf,
	deriveKey,
	type KdfParams
} from './kdf';

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

	const MiB = 1024;
	const argon = (memoryKiB: number, iterations: number, parallelism = 1): KdfParams => ({
		name: 'argon2id',
		memoryKiB,
		iterations,
		parallelism
	});

	it.each([
		['4 GiB, 64 passes, 16 lanes (a crafted header)', { ...COSTLY_KDF }],
		['memory just above 128 MiB', argon(128 * MiB + 1, 1)],
		['11 passes', argon(8 * MiB, 11)],
		['5 lanes', argon(64 * MiB, 3, 5)],
		['more work than twice the default (128 MiB × 4)', argon(128 * MiB, 4)],
		['more work than twice the default (64 MiB × 7)', argon(64 * MiB, 7)]
	])('refuses %s before deriving anything, as kdf-too-costly', async (_name, params) => {
		for (const allowWeak of [false, true]) {
			expect(() => checkStoredKdf(params, { allowWeak })).toThrow(
				expect.objectContaining({ code: 'kdf-too-costly' })
			);
		}
		// deriveKey refuses too, whoever calls it: no Argon2id runs (that would take far longer than this).
		const started = performance.now();
		await expect(deriveKey('pw', salt, params)).rejects.toMatchObject({ code: 'kdf-too-costly' });
		expect(performance.now() - started).toBeLessThan(100);
	});

	it('accepts what Radfolio writes and anything up to the cap', () => {
		for (const params of [
			DEFAULT_KDF,
			argon(128 * MiB, 3),
			argon(64 * MiB, 6, 4),
			argon(38 * MiB, 10),
			argon(KDF_MAXIMUM.memoryKiB, 1, KDF_MAXIMUM.parallelism)
		]) {
			expect(checkStoredKdf(params)).toEqual(params);
		}
		expect(KDF_MAXIMUM.work).toBe(2 * DEFAULT_KDF.memoryKiB * DEFAULT_KDF.iterations);
	});

	it.each([
		['no lanes', argon(64 * MiB, 3, 0)],
		['no passes', argon(64 * MiB, 0)],
		['a fractional memory size', argon(64 * MiB + 0.5, 3)],
		['less than 8 KiB per lane', { ...TEST_KDF, memoryKiB: 16, parallelism: 4 }],
		['a missing field', { name: 'argon2id', memoryKiB: 64 * MiB, iterations: 3 } as KdfParams]
	])('refuses parameters that are not valid Argon2id (%s) as unknown-version', (_name, params) => {
		expect(() => checkStoredKdf(params, { allowWeak: true })).toThrow(
			expect.objectContaining({ code: 'unknown-version' })
		);
	});
});
