import nacl from 'tweetnacl';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	TWEETNACL,
	agrees,
	secretboxImplementation,
	useFastSecretbox,
	type SecretboxImpl
} from './secretbox';

let fast: SecretboxImpl;

beforeAll(async () => {
	fast = await useFastSecretbox();
});

describe('secretbox implementations', () => {
	it('switches to libsodium once it agrees with tweetnacl', () => {
		expect(fast.name).toBe('libsodium');
		expect(secretboxImplementation()).toBe('libsodium');
	});

	it('produces the same bytes as tweetnacl for every size around block and chunk boundaries', () => {
		const sizes = [
			0,
			1,
			15,
			16,
			17,
			31,
			32,
			33,
			63,
			64,
			65,
			1000,
			65536,
			1024 * 1024,
			1024 * 1024 + 7
		];
		for (const size of sizes) {
			const key = nacl.randomBytes(32);
			const nonce = nacl.randomBytes(24);
			const message = nacl.randomBytes(size);
			const reference = nacl.secretbox(message, nonce, key);
			const sealed = fast.seal(message, nonce, key);
			expect(sealed.length, `size ${size}`).toBe(size + 16);
			expect(Buffer.from(sealed).equals(Buffer.from(reference)), `size ${size}`).toBe(true);
			// Each opens what the other sealed.
			expect(Buffer.from(fast.open(reference, nonce, key)!).equals(Buffer.from(message))).toBe(
				true
			);
			expect(Buffer.from(TWEETNACL.open(sealed, nonce, key)!).equals(Buffer.from(message))).toBe(
				true
			);
		}
	});

	it('refuses tampered, truncated and wrong-key boxes like tweetnacl does (null, never bytes)', () => {
		const key = nacl.randomBytes(32);
		const nonce = nacl.randomBytes(24);
		const sealed = fast.seal(nacl.randomBytes(500), nonce, key);
		for (const at of [0, 15, 16, 300, sealed.length - 1]) {
			const bad = sealed.slice();
			bad[at] = bad[at]! ^ 0x40;
			expect(fast.open(bad, nonce, key), `flip at ${at}`).toBeNull();
			expect(TWEETNACL.open(bad, nonce, key)).toBeNull();
		}
		for (const length of [0, 1, 15, 16, sealed.length - 1]) {
			expect(fast.open(sealed.subarray(0, length), nonce, key), `cut to ${length}`).toBeNull();
			expect(TWEETNACL.open(sealed.subarray(0, length), nonce, key)).toBeNull();
		}
		expect(fast.open(sealed, nonce, nacl.randomBytes(32))).toBeNull();
		const otherNonce = nonce.slice();
		otherNonce[23] = otherNonce[23]! ^ 1;
		expect(fast.open(sealed, otherNonce, key)).toBeNull();
	});

	it('the self-check rejects an implementation that differs by one byte or accepts a forgery', () => {
		expect(agrees(TWEETNACL)).toBe(true);
		expect(agrees(fast)).toBe(true);
		const offByOne: SecretboxImpl = {
			name: 'libsodium',
			seal(message, nonce, key) {
				const out = fast.seal(message, nonce, key);
				out[out.length - 1] = out[out.length - 1]! ^ 1;
				return out;
			},
			open: fast.open
		};
		const trusting: SecretboxImpl = {
			name: 'libsodium',
			seal: fast.seal,
			open: (box) => box.subarray(16)
		};
		expect(agrees(offByOne)).toBe(false);
		expect(agrees(trusting)).toBe(false);
	});
});
