import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { RelayError } from './errors';

/**
 * Where the relay keeps share ciphertext: numbered parts per share. The local disk (DiskBlobStore, the embedded
 * default) or an S3-compatible object store (S3BlobStore, s3-blobs.ts; chosen by RADFOLIO_BLOB_STORE, blob-config.ts).
 * The store never sees a key: parts are the encrypted share stream as the sender's device made it. Both pass the same
 * contract (tests/integration/blobs.contract.test.ts).
 */
export interface BlobStore {
	/**
	 * Stores a part as its bytes arrive; refuses (RelayError 413 "too large") past `maxBytes`. `declaredBytes` is the
	 * request's Content-Length when it had one (an object store streams a body only with its length said first).
	 */
	writePart(
		id: string,
		index: number,
		body: AsyncIterable<Uint8Array>,
		maxBytes: number,
		declaredBytes?: number
	): Promise<number>;
	/** The parts (of the sizes given) as one stream, from byte `start` of the whole. */
	read(id: string, sizes: number[], start?: number): AsyncIterable<Uint8Array>;
	/** Deletes a share's parts (and anything half-written under it). */
	remove(id: string): void | Promise<void>;
	/** Deletes one stored part (written, then not counted). */
	removePart?(id: string, index: number): void | Promise<void>;
	/**
	 * After a restart: keeps exactly the counted parts of the live shares (id → parts) and deletes everything else —
	 * half-written parts of a killed process, parts written but never counted, blobs of shares that ended. With
	 * `sparedSince` (a shared store: other instances are writing right now), anything changed since then is left.
	 */
	recover?(live: Map<string, number>, options?: { sparedSince?: number }): void | Promise<void>;
	/** Ends what the store itself left abandoned (S3: multipart uploads of a killed process); returns how many. */
	sweep?(now: number): Promise<number>;
	/** Bytes free where the parts are kept (a full disk refuses parts before it fails mid-write). */
	freeBytes?(): number;
	/** Sizes of a share's stored parts, for shares stored before the relay kept them (format 2). */
	partSizes?(id: string, parts: number): number[];
}

/** Part files on the local disk; a part is written to a temporary file and renamed into place when whole. */
export class DiskBlobStore implements BlobStore {
	constructor(readonly dir: string) {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
	}

	async writePart(id: string, index: number, body: AsyncIterable<Uint8Array>, maxBytes: number) {
		const folder = join(this.dir, id);
		mkdirSync(folder, { recursive: true });
		// A name of its own per write (and created exclusively): two writes of one part never share a file.
		const temp = join(folder, `${index}.${randomBytes(6).toString('hex')}.tmp`);
		const file = await open(temp, 'wx');
		let size = 0;
		try {
			for await (const chunk of body) {
				size += chunk.length;
				if (size > maxBytes) throw new RelayError(413, 'too large', undefined, 'over-limit');
				await file.write(chunk);
			}
		} catch (error) {
			await file.close();
			rmSync(temp, { force: true });
			throw error;
		}
		await file.close();
		await rename(temp, join(folder, String(index)));
		return size;
	}

	async *read(id: string, sizes: number[], start = 0): AsyncIterable<Uint8Array> {
		let offset = 0;
		for (const [i, size] of sizes.entries()) {
			const from = Math.max(0, start - offset);
			offset += size;
			if (from >= size) continue;
			// Up to the recorded size only: a file on disk is never served past what was counted.
			for await (const chunk of createReadStream(join(this.dir, id, String(i)), {
				start: from,
				end: size - 1,
				highWaterMark: 1024 * 1024
			})) {
				yield chunk as Uint8Array;
			}
		}
	}

	remove(id: string) {
		rmSync(join(this.dir, id), { recursive: true, force: true });
	}

	removePart(id: string, index: number) {
		rmSync(join(this.dir, id, String(index)), { force: true });
	}

	freeBytes() {
		const stats = statfsSync(this.dir);
		return stats.bavail * stats.bsize;
	}

	partSizes(id: string, parts: number) {
		return Array.from({ length: parts }, (_, i) => statSync(join(this.dir, id, String(i))).size);
	}

	recover(live: Map<string, number>, options: { sparedSince?: number } = {}) {
		// Another instance may be writing a part (or have just made a share) right now: spare what is recent.
		const spared = (path: string) =>
			options.sparedSince !== undefined &&
			(statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= options.sparedSince;
		for (const id of readdirSync(this.dir)) {
			const parts = live.get(id);
			if (parts === undefined) {
				if (!spared(join(this.dir, id))) this.remove(id);
				continue;
			}
			const keep = new Set(Array.from({ length: parts }, (_, i) => String(i)));
			for (const file of readdirSync(join(this.dir, id))) {
				const path = join(this.dir, id, file);
				if (!keep.has(file) && !spared(path)) rmSync(path, { force: true });
			}
		}
	}
}
