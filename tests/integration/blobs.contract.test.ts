import {
	CreateMultipartUploadCommand,
	ListMultipartUploadsCommand,
	ListObjectsV2Command,
	ListPartsCommand,
	type S3Client
} from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiskBlobStore, type BlobStore } from '../../src/lib/server/relay/blobs';
import { RelayError } from '../../src/lib/server/relay/errors';
import { S3_MIN_PIECE, S3BlobStore } from '../../src/lib/server/relay/s3-blobs';
import { freshBucket, s3Client, testS3, type S3Server } from './s3';

/**
 * One contract, two blob stores: the relay's part files on the local disk and its objects in an S3-compatible store
 * (a real one: Ceph's RADOS Gateway from scripts/s3.js) run the SAME tests — parts written as they stream, read back
 * whole or from any byte (a resumed download), refused past their limit with nothing left behind, deleted when a
 * share ends, and cleared after a restart. The S3 half fails, saying why, when the gateway cannot start.
 */
interface Engine {
	store: BlobStore;
	/** The part names stored for a share, sorted ([] when none). */
	stored(id: string): Promise<string[]>;
	close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** The S3 store's multipart piece here: S3's smallest, so a part of a few MiB already goes up in pieces. */
const PIECE = S3_MIN_PIECE;

function diskEngine(): Engine {
	const dir = mkdtempSync(join(tmpdir(), 'rf-blobs-'));
	return {
		store: new DiskBlobStore(dir),
		async stored(id) {
			return existsSync(join(dir, id)) ? readdirSync(join(dir, id)).sort() : [];
		},
		async close() {
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

function s3Engine(client: S3Client, bucket: string): Engine {
	const prefix = `t${randomBytes(4).toString('hex')}/`;
	return {
		store: new S3BlobStore({ client, bucket, prefix, pieceBytes: PIECE }),
		async stored(id) {
			const page = await client.send(
				new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${id}/` })
			);
			return (page.Contents ?? []).map((o) => o.Key!.split('/').pop()!).sort();
		},
		async close() {}
	};
}

// Every request crosses a real object store (and the database): on a loaded machine a test takes seconds, not ms.
vi.setConfig({ testTimeout: 30_000 });
let s3: S3Server | undefined;
let s3Failure: unknown;
let client: S3Client;
let bucket: string;

beforeAll(async () => {
	try {
		s3 = await testS3();
		client = await s3Client(s3);
		bucket = await freshBucket(client);
	} catch (error) {
		s3Failure = error;
	}
}, 60_000);
afterAll(async () => {
	client?.destroy();
	await s3?.stop();
});

const engines: [string, () => Engine][] = [
	['disk', diskEngine],
	[
		'S3 (Ceph RADOS Gateway)',
		() => {
			if (!s3) throw s3Failure;
			return s3Engine(client, bucket);
		}
	]
];

/** Deterministic bytes, different per seed. */
const bytes = (n: number, seed = 1) => {
	const b = new Uint8Array(n);
	let x = seed * 2654435761;
	for (let i = 0; i < n; i += 4) {
		x = (x * 1103515245 + 12345) >>> 0;
		b[i] = x & 255;
		b[i + 1] = (x >>> 8) & 255;
		b[i + 2] = (x >>> 16) & 255;
		b[i + 3] = (x >>> 24) & 255;
	}
	return b;
};

/** A body arriving in chunks of `chunk` bytes (as a request's does). */
async function* chunked(data: Uint8Array, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
	for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
}

async function collect(stream: AsyncIterable<Uint8Array>) {
	const chunks: Uint8Array[] = [];
	for await (const c of stream) chunks.push(c);
	return Buffer.concat(chunks);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
let n = 0;
const newId = () => `blob${String(++n).padStart(18, '0')}`;

describe.each(engines)('%s blob store', (_name, makeEngine) => {
	let engine: Engine;
	let store: BlobStore;
	beforeAll(() => {
		engine = makeEngine();
		store = engine.store;
	});
	afterAll(async () => {
		await engine?.close();
	});

	it('stores parts as they stream, with or without a declared length, and reads them back whole or from any byte', async () => {
		const id = newId();
		// Part 0 declared and larger than two pieces (S3: a multipart upload of streamed pieces), part 1 of unknown
		// length and larger than a piece (S3: pieces gathered one at a time), part 2 small (one PUT).
		const parts = [bytes(2 * PIECE + 123_457, 1), bytes(PIECE + 99_999, 2), bytes(70_001, 3)];
		expect(await store.writePart(id, 0, chunked(parts[0]!), 64 * MiB, parts[0]!.length)).toBe(
			parts[0]!.length
		);
		expect(await store.writePart(id, 1, chunked(parts[1]!, 100_000), 64 * MiB)).toBe(
			parts[1]!.length
		);
		expect(await store.writePart(id, 2, chunked(parts[2]!), 64 * MiB, parts[2]!.length)).toBe(
			parts[2]!.length
		);
		expect(await engine.stored(id)).toEqual(['0', '1', '2']);
		const whole = Buffer.concat(parts);
		const sizes = parts.map((p) => p.length);
		expect(same(await collect(store.read(id, sizes)), whole)).toBe(true);
		// A cut download resumes from any byte: inside a part, on a part's first byte, in the last part.
		for (const start of [1, 1_000_003, sizes[0]!, sizes[0]! + sizes[1]! - 1, whole.length - 1]) {
			expect(same(await collect(store.read(id, sizes, start)), whole.subarray(start))).toBe(true);
		}
		// Only up to the recorded sizes: bytes stored beyond what was counted are never served.
		expect((await collect(store.read(id, [10, 20], 5))).length).toBe(25);
	});

	it('stops reading a part the consumer abandons', async () => {
		const id = newId();
		const data = bytes(3 * MiB, 4);
		await store.writePart(id, 0, chunked(data), 64 * MiB, data.length);
		const stream = store.read(id, [data.length])[Symbol.asyncIterator]();
		const first = await stream.next();
		expect(first.done).toBe(false);
		await stream.return?.();
		expect((await stream.next()).done).toBe(true);
	});

	it('refuses a part past its limit (declared or found while streaming) and keeps nothing of it', async () => {
		const id = newId();
		const data = bytes(PIECE + 1000, 5);
		for (const declared of [data.length, undefined]) {
			const refusal = await store
				.writePart(id, 0, chunked(data), PIECE, declared)
				.catch((e: unknown) => e);
			expect(refusal).toBeInstanceOf(RelayError);
			expect(refusal).toMatchObject({ status: 413, message: 'too large' });
		}
		// A declared length within the limit but a body that grows past it: refused as it streams.
		const sneaky = await store
			.writePart(id, 1, chunked(data), PIECE, PIECE - 10)
			.catch((e: unknown) => e);
		expect(sneaky).toBeInstanceOf(RelayError);
		expect(await engine.stored(id)).toEqual([]);
	});

	it('keeps nothing of a part whose body fails mid-way', async () => {
		const id = newId();
		async function* failing() {
			yield bytes(PIECE, 6);
			yield bytes(PIECE, 7);
			throw new Error('connection reset');
		}
		for (const declared of [3 * PIECE, undefined]) {
			await expect(store.writePart(id, 0, failing(), 64 * MiB, declared)).rejects.toThrow(
				'connection reset'
			);
		}
		expect(await engine.stored(id)).toEqual([]);
	});

	it('removes a part, and a whole share', async () => {
		const id = newId();
		for (const i of [0, 1, 2]) await store.writePart(id, i, chunked(bytes(1000, i)), MiB, 1000);
		await store.removePart?.(id, 1);
		expect(await engine.stored(id)).toEqual(['0', '2']);
		await store.remove(id);
		expect(await engine.stored(id)).toEqual([]);
		// Removing what is gone already is no error (a share ended twice, by two instances).
		await store.remove(id);
	});

	it('after a restart keeps the counted parts of live shares and nothing else, sparing what is recent on a shared store', async () => {
		const [live, ended, partly] = [newId(), newId(), newId()];
		for (const id of [live, ended, partly])
			for (const i of [0, 1]) await store.writePart(id, i, chunked(bytes(500, i)), MiB, 500);
		// `partly` counted one part (its second was written, then the process died before counting it).
		const counts = new Map([
			[live, 2],
			[partly, 1]
		]);
		// Another instance may be writing right now: everything changed in the last hour stays.
		await store.recover?.(counts, { sparedSince: Date.now() - 3_600_000 });
		expect(await engine.stored(ended)).toEqual(['0', '1']);
		// Alone (or after that hour): what is not counted goes.
		await store.recover?.(counts);
		expect(await engine.stored(live)).toEqual(['0', '1']);
		expect(await engine.stored(partly)).toEqual(['0']);
		expect(await engine.stored(ended)).toEqual([]);
	});
});

describe('S3 blob store: what only an object store does', () => {
	let engine: Engine;
	let store: S3BlobStore;
	beforeAll(() => {
		if (!s3) throw s3Failure;
		engine = s3Engine(client, bucket);
		store = engine.store as S3BlobStore;
	});

	it('uploads a declared part in streamed pieces while its body is still arriving (never the whole part in memory)', async () => {
		const id = newId();
		const data = bytes(3 * PIECE, 8);
		const key = `${store.prefix}${id}/0`;
		let piecesBeforeEnd = -1;
		async function* body() {
			yield* chunked(data.subarray(0, 2 * PIECE + 1));
			// Two pieces are in the store before the last third of the part has even arrived.
			const uploads = await client.send(
				new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key })
			);
			const upload = uploads.Uploads?.find((u) => u.Key === key);
			const listed = await client.send(
				new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: upload!.UploadId! })
			);
			piecesBeforeEnd = listed.Parts?.length ?? 0;
			yield* chunked(data.subarray(2 * PIECE + 1));
		}
		await store.writePart(id, 0, body(), 64 * MiB, data.length);
		expect(piecesBeforeEnd).toBe(2);
		expect(same(await collect(store.read(id, [data.length])), data)).toBe(true);
	});

	it('aborts multipart uploads a killed process left open, once they are an hour old (the sweeper)', async () => {
		const key = `${store.prefix}${newId()}/0`;
		await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
		const open = async () =>
			(await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }))).Uploads
				?.length ?? 0;
		expect(await store.sweep(Date.now())).toBe(0);
		expect(await open()).toBe(1);
		expect(await store.sweep(Date.now() + 3_600_000 + 60_000)).toBe(1);
		expect(await open()).toBe(0);
	});

	it('fails at start-up, saying which bucket, when the bucket cannot be reached', async () => {
		const missing = new S3BlobStore({ client, bucket: 'rf-no-such-bucket', prefix: '' });
		await expect(missing.check()).rejects.toThrow(/rf-no-such-bucket.*cannot be reached/);
		await expect(store.check()).resolves.toBeUndefined();
	});
});
