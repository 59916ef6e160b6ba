import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
	SPOOL_CHUNK_BYTES,
	STALE_WITHOUT_LOCKS_MS,
	Spool,
	SpoolError,
	sweepStaleSpools
} from './spool';

let n = 0;
const freshDb = () => `spool-test-${++n}`;

/** Web Locks as the browser gives them, for Node: exclusive, by name, with ifAvailable. */
class TestLocks {
	readonly #held = new Set<string>();
	async request(
		name: string,
		optionsOrCallback: LockOptions | ((lock: Lock | null) => unknown),
		maybeCallback?: (lock: Lock | null) => unknown
	): Promise<unknown> {
		const callback = (maybeCallback ?? optionsOrCallback) as (lock: Lock | null) => unknown;
		const options = (maybeCallback ? optionsOrCallback : {}) as LockOptions;
		if (this.#held.has(name)) {
			if (options.ifAvailable) return callback(null);
			throw new Error('the test locks do not queue');
		}
		this.#held.add(name);
		try {
			return await callback({ name, mode: 'exclusive' } as Lock);
		} finally {
			this.#held.delete(name);
		}
	}
	/** A tab killed: its locks are let go without its code running. */
	killAll() {
		this.#held.clear();
	}
}
const testLocks = () => new TestLocks() as unknown as LockManager & TestLocks;

function bytes(length: number, seed: number) {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 255;
	return out;
}

/** Byte equality (toEqual walks a large typed array element by element: minutes for a few MiB). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Everything the spool database holds, as raw rows. */
async function raw(dbName: string) {
	const db = new Dexie(dbName);
	await db.open();
	const spools = await db.table('spools').toArray();
	const chunks = await db.table('chunks').toArray();
	db.close();
	return { spools, chunks };
}

describe('Spool', () => {
	it('gives back every file as written, small, empty and spanning several chunks', async () => {
		const dbName = freshDb();
		const spool = await Spool.create({ dbName, locks: null });
		const files = [
			bytes(1000, 1),
			new Uint8Array(0),
			bytes(SPOOL_CHUNK_BYTES * 2 + 17, 2),
			bytes(SPOOL_CHUNK_BYTES, 3)
		];
		for (const [i, file] of files.entries()) await spool.writeFile(i, file);
		await spool.flush();
		for (const [i, file] of files.entries()) {
			expect(spool.size(i)).toBe(file.length);
			expect(same(await spool.readFile(i), file)).toBe(true);
			const streamed = new Uint8Array(await new Response(spool.streamFile(i)).arrayBuffer());
			expect(same(streamed, file)).toBe(true);
		}
		// Stored sealed: no file's bytes appear in clear.
		const { chunks } = await raw(dbName);
		expect(chunks).toHaveLength(1 + 1 + 3 + 1);
		const stored = Buffer.concat(chunks.map((c) => Buffer.from(c.data as Uint8Array)));
		expect(stored.includes(Buffer.from(files[2]!.subarray(5000, 5064)))).toBe(false);
		await spool.remove();
	});

	it('writes many files in batches without losing any', async () => {
		const spool = await Spool.create({ dbName: freshDb(), locks: null });
		const sizes = Array.from({ length: 40 }, (_, i) => 300_000 + i * 1000);
		for (const [i, size] of sizes.entries()) await spool.writeFile(i, bytes(size, i));
		await spool.flush();
		for (const [i, size] of sizes.entries())
			expect(same(await spool.readFile(i), bytes(size, i))).toBe(true);
		await spool.remove();
	});

	it('refuses a chunk changed, swapped or deleted in storage', async () => {
		const dbName = freshDb();
		const spool = await Spool.create({ dbName, locks: null });
		await spool.writeFile(0, bytes(SPOOL_CHUNK_BYTES + 10, 1));
		await spool.writeFile(1, bytes(SPOOL_CHUNK_BYTES + 10, 2));
		await spool.flush();
		const db = new Dexie(dbName);
		await db.open();
		const chunks = db.table('chunks');
		const [a0, a1] = await chunks
			.where('[spool+file+index]')
			.between([spool.id, 0, 0], [spool.id, 0, 9])
			.toArray();
		// Changed: one bit of file 0's first chunk.
		const changed = new Uint8Array(a0.data);
		changed[40]! ^= 1;
		await chunks.put({ ...a0, data: changed });
		await expect(spool.readFile(0)).rejects.toMatchObject({ code: 'damaged' });
		// Swapped: file 1's first chunk replaced by file 0's second (both authentic, sealed for other places).
		await chunks.put({ ...a1, file: 1, index: 0 });
		await expect(spool.readFile(1)).rejects.toMatchObject({ code: 'damaged' });
		// Deleted: file 1's last chunk.
		await chunks.delete([spool.id, 1, 1]);
		await expect(spool.readFile(1)).rejects.toBeInstanceOf(SpoolError);
		db.close();
		await spool.remove();
	});

	it('a second spool cannot open the first one’s chunks (each has its own key)', async () => {
		const dbName = freshDb();
		const first = await Spool.create({ dbName, locks: null });
		const second = await Spool.create({ dbName, locks: null });
		await first.writeFile(0, bytes(5000, 1));
		await second.writeFile(0, bytes(5000, 2));
		await first.flush();
		await second.flush();
		const db = new Dexie(dbName);
		await db.open();
		const row = await db.table('chunks').get([first.id, 0, 0]);
		await db.table('chunks').put({ ...row, spool: second.id });
		db.close();
		await expect(second.readFile(0)).rejects.toMatchObject({ code: 'damaged' });
		await first.remove();
		await second.remove();
	});

	it('remove() leaves nothing behind, even with writes in flight, and reads then fail', async () => {
		const dbName = freshDb();
		const spool = await Spool.create({ dbName, locks: null });
		for (let i = 0; i < 30; i++) await spool.writeFile(i, bytes(400_000, i));
		// No flush: a batch may be mid-write when the page goes.
		await Promise.all([spool.remove(), spool.remove()]);
		expect(spool.removed).toBe(true);
		expect(await raw(dbName)).toEqual({ spools: [], chunks: [] });
		await expect(spool.readFile(0)).rejects.toMatchObject({ code: 'removed' });
		await expect(spool.writeFile(99, bytes(10, 1))).rejects.toMatchObject({ code: 'removed' });
	});

	it('removes itself on pagehide', async () => {
		const dbName = freshDb();
		const page = new EventTarget();
		const spool = await Spool.create({ dbName, locks: null });
		spool.removeOnPageHide(page as unknown as Window);
		await spool.writeFile(0, bytes(2000, 1));
		await spool.flush();
		expect((await raw(dbName)).chunks).toHaveLength(1);
		page.dispatchEvent(new Event('pagehide'));
		await expect.poll(async () => raw(dbName)).toEqual({ spools: [], chunks: [] });
	});
});

describe('sweepStaleSpools', () => {
	it('removes the spools of pages gone without cleaning up, never a live one', async () => {
		const dbName = freshDb();
		const locks = testLocks();
		const killed = await Spool.create({ dbName, locks });
		await killed.writeFile(0, bytes(3000, 1));
		await killed.flush();
		// The tab is killed: no handler runs, its locks go. Then another tab opens a share of its own.
		locks.killAll();
		const live = await Spool.create({ dbName, locks });
		await live.writeFile(0, bytes(3000, 2));
		await live.flush();
		expect(await sweepStaleSpools({ dbName, locks })).toBe(1);
		const { spools, chunks } = await raw(dbName);
		expect(spools.map((s) => s.id)).toEqual([live.id]);
		expect(chunks.map((c) => c.spool)).toEqual([live.id]);
		expect(same(await live.readFile(0), bytes(3000, 2))).toBe(true);
		await live.remove();
		expect(await sweepStaleSpools({ dbName, locks })).toBe(0);
	});

	it('without Web Locks, removes only spools older than a day', async () => {
		const dbName = freshDb();
		const young = await Spool.create({ dbName, locks: null });
		const old = await Spool.create({ dbName, locks: null });
		await old.writeFile(0, bytes(100, 1));
		await old.flush();
		const db = new Dexie(dbName);
		await db.open();
		await db.table('spools').update(old.id, { createdAt: Date.now() - STALE_WITHOUT_LOCKS_MS - 1 });
		db.close();
		expect(await sweepStaleSpools({ dbName, locks: null })).toBe(1);
		expect((await raw(dbName)).spools.map((s) => s.id)).toEqual([young.id]);
		expect((await raw(dbName)).chunks).toEqual([]);
		await young.remove();
	});
});
