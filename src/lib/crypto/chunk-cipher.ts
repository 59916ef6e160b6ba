import type { BulkCipher } from './bulk';
import { ChunkKeyring, openChunk, recordVersion, sealChunk } from './chunk-record';
import { ENVELOPE_VERSION } from './envelope';
import { CryptoError } from './errors';

/**
 * Seals and opens the vault's image chunks. New chunks are chunk records version 2 (chunk-record.ts: AES-256-GCM
 * by WebCrypto, which the browser runs off the page's thread, so the page only passes bytes along); records of
 * version 1 (envelope.ts, XSalsa20-Poly1305) still open, through the crypto workers (bulk.ts) as before. Each
 * record's first byte says which it is.
 *
 * Measured (bench P2, and in a plain page): reading a Blob-held record and opening it with WebCrypto on the page
 * costs about what reading the same bytes costs alone — the decryption overlaps the next reads — while a worker
 * round trip per record was slower on 2 cores. So version 2 is sealed and opened here, not in the workers.
 */
export interface ChunkItem {
	/** The stored file the chunk belongs to (its key, chunk-record.ts): rows.ts chunkFile. */
	file: string;
	context: string;
}

export interface ChunkCipher {
	/** Chunk records of version 2, as bytes. */
	seal(items: (ChunkItem & { data: Uint8Array })[]): Promise<Uint8Array[]>;
	/** The same, each in a Blob (what IndexedDB stores best; ChunkForm in $lib/vault decides). */
	sealToBlobs(items: (ChunkItem & { data: Uint8Array })[]): Promise<Blob[]>;
	/**
	 * Opens records of either version. `transfer`: the caller gives the record bytes up (version 1 records then
	 * go to a worker without a copy).
	 */
	open(
		items: (ChunkItem & { record: Uint8Array | Blob })[],
		options?: { transfer?: boolean }
	): Promise<Uint8Array[]>;
	dispose(): void;
}

export function createChunkCipher(bulk: BulkCipher, chunkKey: Uint8Array): ChunkCipher {
	let keys: ChunkKeyring | null = new ChunkKeyring(chunkKey);
	const need = () => {
		if (!keys) throw new CryptoError('bad-key', 'cipher disposed');
		return keys;
	};
	const seal: ChunkCipher['seal'] = (items) => {
		const k = need();
		return Promise.all(items.map((i) => sealChunk(k, i.file, i.context, i.data)));
	};
	return {
		seal,
		sealToBlobs: async (items) => (await seal(items)).map((r) => new Blob([r as BlobPart])),
		async open(items, options = {}) {
			const k = need();
			// Blobs are read here: their first byte decides where they are opened. A record read from a Blob is
			// this call's own, so it may go to a worker without a copy.
			const records = await Promise.all(
				items.map(async (i) =>
					i.record instanceof Blob ? new Uint8Array(await i.record.arrayBuffer()) : i.record
				)
			);
			const older = records.flatMap((record, n) =>
				recordVersion(record) === ENVELOPE_VERSION ? [n] : []
			);
			const owned = options.transfer || older.every((n) => items[n]!.record instanceof Blob);
			// One worker call for every version-1 record; every promise is awaited together below.
			const batch = older.length
				? bulk.openMany(
						older.map((n) => ({ context: items[n]!.context, record: records[n]! })),
						{ transfer: owned }
					)
				: null;
			const out = records.map((record, n) => {
				const j = older.indexOf(n);
				if (j >= 0) return batch!.then((opened) => opened[j]!);
				const item = items[n]!;
				return openChunk(k, item.file, item.context, record);
			});
			const opened = await Promise.all(out);
			// Locked while they were opened: the keys are gone, and so is this answer.
			if (!keys) throw new CryptoError('bad-key', 'cipher disposed');
			return opened;
		},
		dispose() {
			keys?.dispose();
			keys = null;
		}
	};
}
