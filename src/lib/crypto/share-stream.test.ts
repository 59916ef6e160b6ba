import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors';
import {
	decryptShareStream,
	encryptShareStream,
	newShareKey,
	parseShareHeader,
	shareStreamSize
} from './share-stream';
import { TEST_KDF } from './kdf';
import { piecewise } from '../../../tests/fixtures/streams';
import { COSTLY_KDF, costlyShareStream } from '../../../tests/fixtures/costly-kdf';

const CHUNK = 1024;
const SEALED = CHUNK + 16;

const source = piecewise;
const collect = async (stream: ReadableStream<Uint8Array>) =>
	new Uint8Array(await new Response(stream).arrayBuffer());
const plain = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);

async function encrypt(data: Uint8Array, key: Uint8Array, passphrase?: string, piece = 333) {
	const t = await encryptShareStream(key, { chunkSize: CHUNK, passphrase, kdf: TEST_KDF });
	return collect(source(data, piece).pipeThrough(t));
}
const decrypt = (
	sealed: Uint8Array,
	key: Uint8Array,
	passphrase: string | null = null,
	piece = 500
) => collect(source(sealed, piece).pipeThrough(decryptShareStream(key, passphrase)));

describe('share stream v1', () => {
	it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5, 10 * CHUNK + 1000])(
		'round-trips %i bytes, whatever the piece sizes on either side',
		async (n) => {
			const key = newShareKey();
			const data = plain(n);
			const sealed = await encrypt(data, key, undefined, 1 + (n % 700));
			expect(sealed.length).toBe(shareStreamSize(n, false, CHUNK));
			for (const piece of [1, 17, SEALED, 100_000]) {
				expect(await decrypt(sealed, key, null, piece)).toEqual(data);
			}
		}
	);

	it('round-trips with a passphrase, and needs both the link key and the passphrase', async () => {
		const key = newShareKey();
		const data = plain(2500);
		const sealed = await encrypt(data, key, 'horse staple');
		expect(parseShareHeader(sealed)?.kdf?.memoryKiB).toBe(TEST_KDF.memoryKiB);
		expect(await decrypt(sealed, key, 'horse staple')).toEqual(data);
		await expect(decrypt(sealed, key, 'Horse staple')).rejects.toMatchObject({
			code: 'decrypt-failed'
		});
		await expect(decrypt(sealed, key, null)).rejects.toMatchObject({ code: 'needs-passphrase' });
		await expect(decrypt(sealed, newShareKey(), 'horse staple')).rejects.toThrow(CryptoError);
	});

	it('refuses a header asking for 4 GiB and 64 passes before deriving anything (kdf-too-costly)', async () => {
		const crafted = costlyShareStream();
		expect(() => parseShareHeader(crafted)).toThrow(
			expect.objectContaining({ code: 'kdf-too-costly' })
		);
		for (const passphrase of ['any passphrase', null]) {
			const started = performance.now();
			await expect(decrypt(crafted, newShareKey(), passphrase)).rejects.toMatchObject({
				code: 'kdf-too-costly'
			});
			expect(performance.now() - started).toBeLessThan(1000);
		}
		// Just above the cap on one axis is refused the same way; the header is read whole first, whatever the pieces.
		const justAbove = costlyShareStream({ ...COSTLY_KDF, memoryKiB: 64 * 1024, iterations: 7 });
		await expect(decrypt(justAbove, newShareKey(), 'pw', 3)).rejects.toMatchObject({
			code: 'kdf-too-costly'
		});
	});

	describe('refuses a changed stream, never yielding plaintext from it', () => {
		const key = newShareKey();
		const data = plain(4 * CHUNK + 100); // 5 chunks
		let sealed: Uint8Array;
		let headerLength: number;
		const setup = async () => {
			sealed ??= await encrypt(data, key);
			headerLength = parseShareHeader(sealed)!.bytes.length;
		};
		const refused = async (bytes: Uint8Array, k = key) => {
			const out: Uint8Array[] = [];
			const reader = source(bytes, 700).pipeThrough(decryptShareStream(k)).getReader();
			let error: unknown = null;
			try {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					out.push(value);
				}
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(CryptoError);
			// Whatever came out before the error is an authentic prefix, never altered bytes.
			const got = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
			let at = 0;
			for (const c of out) {
				got.set(c, at);
				at += c.length;
			}
			expect(data.subarray(0, got.length)).toEqual(got);
			expect(got.length).toBeLessThan(data.length);
		};

		it('a flipped bit anywhere: header, every chunk, every MAC', async () => {
			await setup();
			const positions = [0, 7, 9, headerLength - 1];
			for (let c = 0; c < 5; c++)
				positions.push(headerLength + c * SEALED, headerLength + c * SEALED + 20);
			positions.push(sealed.length - 1);
			for (const at of positions) {
				const bad = sealed.slice();
				bad[at]! ^= 1;
				await refused(bad);
			}
		});

		it('truncation at every chunk boundary and inside chunks', async () => {
			await setup();
			// Four full chunks and a 100-byte last one: cut after each full chunk, and inside every chunk.
			for (let c = 0; c <= 4; c++) {
				await refused(sealed.slice(0, headerLength + c * SEALED));
				await refused(sealed.slice(0, headerLength + c * SEALED + 100));
			}
			await refused(sealed.slice(0, sealed.length - 1));
			await refused(sealed.slice(0, 5));
		});

		it('swapped, dropped or repeated chunks, and data after the end', async () => {
			await setup();
			const chunk = (i: number) =>
				sealed.slice(headerLength + i * SEALED, headerLength + (i + 1) * SEALED);
			const head = sealed.slice(0, headerLength);
			const join = (...parts: Uint8Array[]) => {
				const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
				let at = 0;
				for (const p of parts) {
					out.set(p, at);
					at += p.length;
				}
				return out;
			};
			const last = sealed.slice(headerLength + 4 * SEALED);
			await refused(join(head, chunk(1), chunk(0), chunk(2), chunk(3), last)); // swapped
			await refused(join(head, chunk(0), chunk(2), chunk(3), last)); // dropped
			await refused(join(head, chunk(0), chunk(0), chunk(1), chunk(2), chunk(3), last)); // repeated
			await refused(join(sealed, chunk(0))); // extended
		});

		it('the wrong key', async () => {
			await setup();
			await refused(sealed, newShareKey());
		});

		it('an unknown format version', async () => {
			await setup();
			const bad = sealed.slice();
			bad[7] = 2;
			await expect(decrypt(bad, key)).rejects.toMatchObject({ code: 'unknown-version' });
			await expect(
				decrypt(new TextEncoder().encode('PK\u0003\u0004 not a share at all'), key)
			).rejects.toMatchObject({
				code: 'unknown-version'
			});
		});
	});
});
