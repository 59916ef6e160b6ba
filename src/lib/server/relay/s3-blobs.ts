import {
	AbortMultipartUploadCommand,
	CompleteMultipartUploadCommand,
	CreateMultipartUploadCommand,
	DeleteObjectCommand,
	DeleteObjectsCommand,
	GetObjectCommand,
	HeadBucketCommand,
	ListMultipartUploadsCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	UploadPartCommand,
	type S3Client
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { BlobStore } from './blobs';
import { ByteReader } from './byte-reader';
import { RelayError } from './errors';
import { UPLOAD_IDLE_MS } from './records';

/** S3's smallest multipart piece (all but the last): 5 MiB. */
export const S3_MIN_PIECE = 5 * 1024 * 1024;
/** What a download hands on at a time: the store records every chunk against its ticket, so not 16 KiB ones. */
const READ_CHUNK = 1024 * 1024;

export interface S3BlobStoreOptions {
	client: S3Client;
	bucket: string;
	/** Every key begins with it (`shares/`, or '' for the whole bucket). */
	prefix: string;
	/**
	 * The multipart piece: a part longer than this goes up as a multipart upload in pieces of this size, each streamed
	 * as its bytes arrive. At least S3_MIN_PIECE. Default 8 MiB.
	 */
	pieceBytes?: number;
}

/**
 * Share ciphertext in an S3-compatible object store (AWS S3, Ceph RADOS Gateway, MinIO, R2 …): part `n` of share `id`
 * is the object `<prefix><id>/<n>`. Like DiskBlobStore it only ever holds what the sender's device encrypted.
 *
 * Writing: an object appears whole or not at all (a PUT or a completed multipart upload), so there is no temporary
 * name. A part whose length the request declared (browsers and fetch always do) is streamed: one PUT when it fits in
 * one piece, else a multipart upload of pieces of known length, each streamed on as it arrives — no part, and no
 * piece, is held in memory. A body of unknown length (chunked) can only reach S3 in pieces of known length: it goes
 * up in pieces gathered in memory, one at a time (5 MiB … pieceBytes per upload at most).
 *
 * Reading: ranged GETs, one part after the other, each only when the one before is done (a cut download resumes at
 * any byte: `Range: bytes=N-` maps onto the part holding N).
 *
 * Uploads a killed process left open (multipart uploads never completed) are aborted by the sweeper after an hour,
 * and at start-up; docs/DEPLOY.md adds the bucket lifecycle rule that does the same inside the store.
 */
export class S3BlobStore implements BlobStore {
	readonly #client: S3Client;
	readonly bucket: string;
	readonly prefix: string;
	readonly pieceBytes: number;

	constructor(options: S3BlobStoreOptions) {
		this.#client = options.client;
		this.bucket = options.bucket;
		this.prefix = options.prefix;
		this.pieceBytes = Math.max(S3_MIN_PIECE, options.pieceBytes ?? 8 * 1024 * 1024);
	}

	#key(id: string, index: number) {
		return `${this.prefix}${id}/${index}`;
	}

	/** Fails, saying why, when the bucket cannot be reached with these settings (checked once, at start-up). */
	async check() {
		try {
			await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }));
		} catch (error) {
			const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
				?.httpStatusCode;
			throw new Error(
				`the blob store's bucket “${this.bucket}” cannot be reached (${status ?? (error as Error).name}): ` +
					'check RADFOLIO_BLOB_STORE, RADFOLIO_S3_ENDPOINT and the AWS credentials',
				{ cause: error }
			);
		}
	}

	async writePart(
		id: string,
		index: number,
		body: AsyncIterable<Uint8Array>,
		maxBytes: number,
		declaredBytes?: number
	): Promise<number> {
		if (declaredBytes !== undefined && declaredBytes > maxBytes)
			throw new RelayError(413, 'too large', undefined, 'over-limit');
		const reader = new ByteReader(body, maxBytes);
		const key = this.#key(id, index);
		// A body that fails mid-way (too large, cut) must also end the request it feeds, or S3 waits for the rest.
		const abort = new AbortController();
		let failure: unknown;
		const feed = (source: AsyncGenerator<Uint8Array>) =>
			Readable.from(
				(async function* () {
					try {
						yield* source;
					} catch (error) {
						failure = error;
						abort.abort();
						throw error;
					}
				})(),
				{ objectMode: false }
				// (The SDK pipes the stream, which forwards no error: the abort above ends the request instead.)
			).on('error', () => undefined);
		if (declaredBytes === undefined) {
			try {
				await this.#writeGathered(key, reader, abort.signal);
			} catch (error) {
				throw failure ?? error;
			}
			return reader.size;
		}
		try {
			await this.#writeDeclared(key, reader, declaredBytes, feed, abort.signal);
		} catch (error) {
			throw failure ?? error;
		}
		// Stored whole; a body longer than it said (or past the limit) takes it back out.
		try {
			if (!(await reader.ended()))
				throw new RelayError(400, 'the part is longer than its declared length');
		} catch (error) {
			await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
			throw error;
		}
		return reader.size;
	}

	/** A part of known length: one streamed PUT, or a multipart upload of streamed pieces. */
	async #writeDeclared(
		key: string,
		reader: ByteReader,
		length: number,
		feed: (source: AsyncGenerator<Uint8Array>) => Readable,
		abortSignal: AbortSignal
	) {
		const Bucket = this.bucket;
		if (length <= this.pieceBytes) {
			await this.#client.send(
				new PutObjectCommand({
					Bucket,
					Key: key,
					Body: feed(reader.take(length)),
					ContentLength: length
				}),
				{ abortSignal }
			);
			return;
		}
		await this.#multipart(key, async (upload) => {
			for (let left = length; left > 0;) {
				const size = Math.min(this.pieceBytes, left);
				left -= size;
				await upload(feed(reader.take(size)), size, abortSignal);
			}
		});
	}

	/** A part of unknown length: pieces gathered one at a time; one PUT if it all fits in the first. */
	async #writeGathered(key: string, reader: ByteReader, abortSignal: AbortSignal) {
		let piece = await reader.gather(this.pieceBytes);
		if (await reader.ended()) {
			await this.#client.send(
				new PutObjectCommand({
					Bucket: this.bucket,
					Key: key,
					Body: piece,
					ContentLength: piece.length
				}),
				{ abortSignal }
			);
			return;
		}
		await this.#multipart(key, async (upload) => {
			for (;;) {
				await upload(piece, piece.length, abortSignal);
				if (await reader.ended()) return;
				piece = await reader.gather(this.pieceBytes);
			}
		});
	}

	/** A multipart upload whose pieces `send` uploads in order; aborted (nothing kept) if anything fails. */
	async #multipart(
		key: string,
		send: (
			upload: (body: Readable | Uint8Array, size: number, signal: AbortSignal) => Promise<void>
		) => Promise<void>
	) {
		const Bucket = this.bucket;
		const { UploadId } = await this.#client.send(
			new CreateMultipartUploadCommand({ Bucket, Key: key })
		);
		if (!UploadId) throw new Error('the object store started no multipart upload');
		const parts: { ETag: string; PartNumber: number }[] = [];
		try {
			await send(async (body, size, abortSignal) => {
				const PartNumber = parts.length + 1;
				const { ETag } = await this.#client.send(
					new UploadPartCommand({
						Bucket,
						Key: key,
						UploadId,
						PartNumber,
						Body: body,
						ContentLength: size
					}),
					{ abortSignal }
				);
				parts.push({ ETag: ETag ?? '', PartNumber });
			});
			await this.#client.send(
				new CompleteMultipartUploadCommand({
					Bucket,
					Key: key,
					UploadId,
					MultipartUpload: { Parts: parts }
				})
			);
		} catch (error) {
			await this.#client
				.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId }))
				.catch(() => undefined); // the sweeper and the lifecycle rule end it later
			throw error;
		}
	}

	async *read(id: string, sizes: number[], start = 0): AsyncIterable<Uint8Array> {
		let offset = 0;
		for (const [i, size] of sizes.entries()) {
			const from = Math.max(0, start - offset);
			offset += size;
			if (from >= size) continue;
			// Up to the recorded size only, as on disk: an object is never served past what was counted.
			const { Body } = await this.#client.send(
				new GetObjectCommand({
					Bucket: this.bucket,
					Key: this.#key(id, i),
					Range: `bytes=${from}-${size - 1}`
				})
			);
			if (!(Body instanceof Readable)) throw new Error('the object store sent no body');
			yield* inChunksOf(Body, READ_CHUNK);
		}
	}

	/** The keys under `prefix`, page by page. */
	async *#list(prefix: string) {
		let ContinuationToken: string | undefined;
		do {
			const page = await this.#client.send(
				new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken })
			);
			yield* page.Contents ?? [];
			ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (ContinuationToken);
	}

	/** Multipart uploads open under `prefix`. */
	async *#uploads(prefix: string) {
		let KeyMarker: string | undefined;
		let UploadIdMarker: string | undefined;
		do {
			const page = await this.#client.send(
				new ListMultipartUploadsCommand({
					Bucket: this.bucket,
					Prefix: prefix,
					KeyMarker,
					UploadIdMarker
				})
			);
			yield* page.Uploads ?? [];
			KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
			UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
		} while (KeyMarker);
	}

	async #deleteKeys(keys: string[]) {
		for (let i = 0; i < keys.length; i += 1000) {
			await this.#client.send(
				new DeleteObjectsCommand({
					Bucket: this.bucket,
					Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true }
				})
			);
		}
	}

	async #abortUploads(prefix: string, before: number) {
		let aborted = 0;
		for await (const upload of this.#uploads(prefix)) {
			if ((upload.Initiated?.getTime() ?? 0) >= before || !upload.Key || !upload.UploadId) continue;
			await this.#client.send(
				new AbortMultipartUploadCommand({
					Bucket: this.bucket,
					Key: upload.Key,
					UploadId: upload.UploadId
				})
			);
			aborted++;
		}
		return aborted;
	}

	/**
	 * Deletes every object of the share. (A part being written at that moment lands after it: the write is then
	 * refused — its share has ended — and the relay removes the part; an upload a killed process left open is the
	 * sweeper's.)
	 */
	async remove(id: string) {
		const keys: string[] = [];
		for await (const object of this.#list(`${this.prefix}${id}/`))
			if (object.Key) keys.push(object.Key);
		await this.#deleteKeys(keys);
	}

	async removePart(id: string, index: number) {
		await this.#client.send(
			new DeleteObjectCommand({ Bucket: this.bucket, Key: this.#key(id, index) })
		);
	}

	/** After a restart, as DiskBlobStore.recover: only the counted parts of live shares stay. */
	async recover(live: Map<string, number>, options: { sparedSince?: number } = {}) {
		const spared = options.sparedSince ?? Infinity;
		const doomed: string[] = [];
		for await (const object of this.#list(this.prefix)) {
			const match = /^([^/]+)\/(0|[1-9][0-9]*)$/.exec(object.Key?.slice(this.prefix.length) ?? '');
			const parts = match ? live.get(match[1]!) : undefined;
			const counted = parts !== undefined && Number(match![2]) < parts;
			if (!counted && (object.LastModified?.getTime() ?? 0) < spared) doomed.push(object.Key!);
		}
		await this.#deleteKeys(doomed);
		await this.#abortUploads(this.prefix, spared);
	}

	/** Multipart uploads open for an hour: a process was killed while writing them. */
	async sweep(now: number) {
		return this.#abortUploads(this.prefix, now - UPLOAD_IDLE_MS);
	}
}

/** A stream's bytes re-cut into chunks of `size` (the last shorter), so each costs the caller one step. */
async function* inChunksOf(stream: Readable, size: number): AsyncGenerator<Uint8Array> {
	let held: Uint8Array[] = [];
	let heldBytes = 0;
	for await (const chunk of stream as AsyncIterable<Uint8Array>) {
		held.push(chunk);
		heldBytes += chunk.length;
		if (heldBytes >= size) {
			yield Buffer.concat(held, heldBytes);
			held = [];
			heldBytes = 0;
		}
	}
	if (heldBytes) yield Buffer.concat(held, heldBytes);
}
