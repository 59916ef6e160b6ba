import { describe, expect, it } from 'vitest';
import { createInlineCipher } from './bulk';
import { createChunkCipher } from './chunk-cipher';
import {
	CHUNK_RECORD_VERSION,
	ChunkKeyring,
	chunkRecordOverhead,
	openChunk,
	sealChunk
} from './chunk-record';
import { seal } from './envelope';
import { CryptoError } from './errors';
import { randomBytes } from './envelope';

const data = (length: number, seed = 1) =>
	Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);
const ctx = (id: string, index: number, count = 3, w = 'w1') =>
	`chunk|${id}|${index}|${count}|${w}`;

async function refused(promise: Promise<unknown>, code: CryptoError['code']) {
	await expect(promise).rejects.toBeInstanceOf(CryptoError);
	await expect(promise).rejects.toMatchObject({ code });
}

describe('chunk records version 2 (AES-256-GCM, a key per file)', () => {
	const keys = new ChunkKeyring(randomBytes(32));

	it('round-trips empty, small and 1 MiB chunks, with the documented layout and overhead', async () => {
		for (const length of [0, 1, 1000, 1024 * 1024]) {
			const plain = data(length);
			const record = await sealChunk(keys, 'i1|w1', ctx('i1', 0), plain);
			expect(record[0]).toBe(CHUNK_RECORD_VERSION);
			expect(record.length).toBe(length + chunkRecordOverhead(ctx('i1', 0).length));
			expect(new TextDecoder().decode(record.subarray(2, 2 + record[1]!))).toBe(ctx('i1', 0));
			const opened = await openChunk(keys, 'i1|w1', ctx('i1', 0), record);
			expect(Buffer.from(opened).equals(Buffer.from(plain))).toBe(true);
		}
	});

	it('never seals twice under the same nonce: two seals of one chunk differ', async () => {
		const a = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(64));
		const b = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(64));
		const nonce = (r: Uint8Array) => r.subarray(2 + r[1]!, 14 + r[1]!).join();
		expect(nonce(a)).not.toBe(nonce(b));
	});

	it('refuses a changed byte anywhere: version, context, nonce, ciphertext or tag', async () => {
		const record = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(100));
		const L = record[1]!;
		for (const at of [2 + L, 2 + L + 11, 14 + L, record.length - 17, record.length - 1]) {
			const changed = record.slice();
			changed[at] = changed[at]! ^ 1;
			await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), changed), 'decrypt-failed');
		}
		const otherVersion = record.slice();
		otherVersion[0] = 3;
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), otherVersion), 'unknown-version');
		const renamed = record.slice();
		renamed[3] = renamed[3]! ^ 1;
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), renamed), 'context-mismatch');
	});

	it('refuses a record cut short, even to its header, or emptied', async () => {
		const record = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(100));
		await refused(
			openChunk(keys, 'i1|w1', ctx('i1', 0), record.subarray(0, record.length - 1)),
			'decrypt-failed'
		);
		await refused(
			openChunk(keys, 'i1|w1', ctx('i1', 0), record.subarray(0, 14 + record[1]!)),
			'truncated'
		);
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), record.subarray(0, 1)), 'truncated');
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), new Uint8Array(0)), 'truncated');
	});

	it('refuses chunks reordered within a file, and a chunk with its clear context rewritten to fit', async () => {
		const first = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(100, 1));
		const second = await sealChunk(keys, 'i1|w1', ctx('i1', 1), data(100, 2));
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), second), 'context-mismatch');
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 1), first), 'context-mismatch');
		// The clear context edited to claim the other place: the authenticated header no longer matches.
		const moved = first.slice();
		moved.set(new TextEncoder().encode(ctx('i1', 1)), 2);
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 1), moved), 'decrypt-failed');
	});

	it('refuses a chunk swapped in from another file or another write, even with its context rewritten', async () => {
		const other = await sealChunk(keys, 'i2|w1', ctx('i2', 0), data(100));
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), other), 'context-mismatch');
		// Same length ids: the context rewritten in clear still fails under the other file's key and header.
		const rewritten = other.slice();
		rewritten.set(new TextEncoder().encode(ctx('i1', 0)), 2);
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), rewritten), 'decrypt-failed');
		// Same place, another write of the instance: another key.
		const earlier = await sealChunk(keys, 'i1|w0', ctx('i1', 0), data(100));
		const relabelled = earlier.slice();
		relabelled.set(new TextEncoder().encode(ctx('i1', 0, 3, 'w1')), 2);
		await refused(openChunk(keys, 'i1|w1', ctx('i1', 0), relabelled), 'decrypt-failed');
	});

	it('refuses a record sealed under another vault’s key, and works no more once disposed', async () => {
		const record = await sealChunk(keys, 'i1|w1', ctx('i1', 0), data(100));
		const stranger = new ChunkKeyring(randomBytes(32));
		await refused(openChunk(stranger, 'i1|w1', ctx('i1', 0), record), 'decrypt-failed');
		stranger.dispose();
		await refused(sealChunk(stranger, 'i1|w1', ctx('i1', 0), data(1)), 'bad-key');
		expect(() => new ChunkKeyring(randomBytes(16))).toThrow(CryptoError);
	});
});

describe('the chunk cipher: version 2 sealed, both versions opened', () => {
	it('opens version-1 records (secretbox envelopes, as every vault before held) beside version-2 ones', async () => {
		const recordKey = randomBytes(32);
		const bulk = createInlineCipher(recordKey);
		const cipher = createChunkCipher(bulk, randomBytes(32));
		const old = seal(recordKey, ctx('i1', 0), data(300, 1));
		const [fresh] = await cipher.seal([
			{ file: 'i1|w1', context: ctx('i1', 1), data: data(300, 2) }
		]);
		const [blob] = await cipher.sealToBlobs([
			{ file: 'i1|w1', context: ctx('i1', 2), data: data(5, 3) }
		]);
		const opened = await cipher.open([
			{ file: 'i1|w1', context: ctx('i1', 0), record: new Blob([old as BlobPart]) },
			{ file: 'i1|w1', context: ctx('i1', 1), record: fresh! },
			{ file: 'i1|w1', context: ctx('i1', 2), record: blob! }
		]);
		expect(opened).toEqual([data(300, 1), data(300, 2), data(5, 3)]);
		// A version-1 record is still bound to its place.
		await refused(
			cipher.open([{ file: 'i1|w1', context: ctx('i1', 1), record: old }]),
			'context-mismatch'
		);
		cipher.dispose();
		await refused(
			cipher.open([{ file: 'i1|w1', context: ctx('i1', 1), record: fresh! }]),
			'bad-key'
		);
	});
});
