import { CHUNK_RECORD_VERSION, CryptoError, chunkRecordOverhead, utf8 } from '$lib/crypto';
import type { ChunkForm } from './chunk-form';
import { ROW_VERSION, type ChunkRow, type InstanceRow, type RadfolioDb } from './db';
import { VaultError } from './errors';
import { readLedger, writeLedger } from './ledger';
import {
	chunkContext,
	chunkCountFor,
	chunkFile,
	chunkLength,
	openInstanceRow,
	type InstanceStorage
} from './rows';
import type { VaultSession } from './session';

/** Instance rows looked at per read, and chunks re-sealed per transaction: at most 8 MiB of one file in memory. */
const PAGE = 64;
const CHUNKS_PER_BATCH = 8;

/**
 * Re-seals the image chunks of version 1 (XSalsa20-Poly1305, envelope.ts) as chunk records of version 2
 * (AES-256-GCM, $lib/crypto chunk-record.ts), in the background after unlock, once the rows are upgraded
 * (upgrade.ts). Old chunks open either way (chunk-cipher.ts); this only makes reading them back faster.
 *
 * - One batch of one file's chunks at a time (≤ 8 MiB): a study is never held twice, in memory or on disk; each
 *   chunk is replaced in place, under the same row key, context and file, so a file may be half one version and
 *   half the other meanwhile (readers open each chunk by its own first byte).
 * - Resumable: a chunk already of version 2 is recognised without reading it (a Blob's size: version 2 is 12 bytes
 *   shorter than version 1 for the same chunk), so a pass cut short (the tab killed, the vault locked) is taken up
 *   at the next unlock where it stopped, only looking at what it already did. When a whole pass ends, the ledger
 *   says so (`chunks: 2`, ledger.ts) and later unlocks do not look again.
 * - Never over a newer write: each batch is written in a transaction that first checks the instance row still
 *   names the same write (size, chunk count, write id); a file deleted or stored again meanwhile is left alone.
 * - A row or chunk that does not open is left as it is (its readers refuse it, as before).
 *
 * Chunks an older Radfolio still open in another tab writes after a pass are version 1 and stay so (they open).
 */
export async function resealChunks(input: {
	db: RadfolioDb;
	session: VaultSession;
	form: ChunkForm;
	/** Called after each batch written, with the number of chunks re-sealed so far (tests, progress). */
	onBatch?: (resealed: number) => void;
}): Promise<number> {
	const { db, session: s } = input;
	const ledger = await readLedger(db, s);
	// Not upgraded yet (upgrade.ts runs first), or nothing left to do.
	if (!ledger?.upgraded || ledger.chunks === CHUNK_RECORD_VERSION) return 0;
	let resealed = 0;
	let after: string | null = null;
	for (;;) {
		if (!s.open) throw new VaultError('locked');
		const from: string | null = after;
		const rows: InstanceRow[] = await (
			from === null ? db.instances.orderBy(':id') : db.instances.where(':id').above(from)
		)
			.limit(PAGE)
			.toArray();
		for (const row of rows) {
			resealed += await resealFile(input, row, resealed);
		}
		if (rows.length < PAGE) break;
		after = rows[rows.length - 1]!.id;
	}
	await db.transaction('rw', db.meta, async () => {
		const current = await readLedger(db, s);
		if (!current) return;
		current.chunks = CHUNK_RECORD_VERSION;
		await writeLedger(db, s, current);
	});
	return resealed;
}

/** Re-seals one file's chunks of version 1; returns how many. */
async function resealFile(
	input: Parameters<typeof resealChunks>[0],
	row: InstanceRow,
	before: number
): Promise<number> {
	const { db, session: s, form } = input;
	// Rows of format 1 are upgraded first (upgrade.ts); clear fields that do not hold together: refused anyway.
	if (row.v !== ROW_VERSION || row.chunkCount !== chunkCountFor(row.size)) return 0;
	const clear: InstanceStorage = { size: row.size, chunkCount: row.chunkCount, w: row.w ?? null };
	let storage: InstanceStorage | null = null;
	let count = 0;
	for (let first = 0; first < clear.chunkCount; first += CHUNKS_PER_BATCH) {
		const last = Math.min(clear.chunkCount, first + CHUNKS_PER_BATCH);
		const keys: [string, number][] = [];
		for (let index = first; index < last; index++) keys.push([row.id, index]);
		const found = await db.chunks.bulkGet(keys);
		const older = found.filter(
			(chunk): chunk is ChunkRow => !!chunk && !looksResealed(chunk, clear)
		);
		if (!older.length) continue;
		// Only now is the row opened (and checked: its sealed size, count and write id are the clear ones).
		if (!storage) {
			try {
				storage = openInstanceRow(s, row, false).storage;
			} catch (error) {
				if (error instanceof VaultError && error.code !== 'locked') return count;
				throw error;
			}
		}
		const checked = storage;
		const records = await Promise.all(older.map((chunk) => recordBytes(chunk.data)));
		const todo = older.filter((_, i) => records[i]![0] !== CHUNK_RECORD_VERSION);
		if (!todo.length) continue;
		const file = chunkFile(row.id, checked);
		let opened: Uint8Array[];
		try {
			opened = await s.chunks.open(
				todo.map((chunk) => ({
					file,
					context: chunkContext(row.id, checked, chunk.index),
					record: records[older.indexOf(chunk)]!
				})),
				{ transfer: true }
			);
		} catch (error) {
			// Changed or misplaced: left for its readers to refuse.
			if (error instanceof CryptoError && error.code !== 'bad-key') return count;
			throw error;
		}
		if (opened.some((part, i) => part.length !== chunkLength(checked, todo[i]!.index)))
			return count;
		const items = todo.map((chunk, i) => ({
			file,
			context: chunkContext(row.id, checked, chunk.index),
			data: opened[i]!
		}));
		const data = form.blobs ? await s.chunks.sealToBlobs(items) : await s.chunks.seal(items);
		const rows: ChunkRow[] = todo.map((chunk, i) => ({
			instanceId: row.id,
			index: chunk.index,
			data: data[i]!
		}));
		const written = await form.write(rows, () =>
			db.transaction('rw', db.instances, db.chunks, async () => {
				const current = await db.instances.get(row.id);
				const same =
					current?.v === row.v &&
					current.size === row.size &&
					current.chunkCount === row.chunkCount &&
					(current.w ?? null) === clear.w;
				if (!same) return false;
				await db.chunks.bulkPut(rows);
				return true;
			})
		);
		// Deleted or stored again meanwhile: that write's chunks are not this file's to touch.
		if (!written) return count;
		count += rows.length;
		input.onBatch?.(before + count);
	}
	return count;
}

/**
 * Whether a stored chunk is already of version 2, without reading it where that costs a read: bytes say so in
 * their first byte; a Blob by its size, which for the same chunk is 12 bytes less in version 2 than in version 1.
 */
function looksResealed(chunk: ChunkRow, storage: InstanceStorage): boolean {
	if (chunk.data instanceof Uint8Array) return chunk.data[0] === CHUNK_RECORD_VERSION;
	const contextLength = utf8(chunkContext(chunk.instanceId, storage, chunk.index)).length;
	return chunk.data.size === chunkLength(storage, chunk.index) + chunkRecordOverhead(contextLength);
}

async function recordBytes(data: Uint8Array | Blob): Promise<Uint8Array> {
	return data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
}
