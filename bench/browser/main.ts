// The vault benchmark page: Radfolio's import pipeline and vault (the real modules from src/lib) against raw Dexie
// doing the same IndexedDB work — same bytes, same 1 MiB chunks, same per-instance batching — in one page.
// Built by Vite into a copy of the app's build for `npm run bench` only; never part of the app.
import Dexie from 'dexie';
import {
	createBulkCipher,
	createChunkCipher,
	decryptShareStream,
	encryptShareStream,
	randomBytes,
	type BulkCipher,
	type ChunkCipher
} from '$lib/crypto';
import { readBundle, writeBundle } from '$lib/share';
import { itemFromBytes, runImport } from '$lib/import';
import { Vault } from '$lib/vault';
import { READ_AHEAD, readAhead } from '$lib/streams';

const CHUNK = 1024 * 1024;
let files: Uint8Array[] = [];
let vault: Vault | null = null;
let raw: (Dexie & { chunks: Dexie.Table; instances: Dexie.Table }) | null = null;
let run = 0;

async function load(urls: string[]) {
	files = await Promise.all(
		urls.map(
			async (u) => new Uint8Array(await (await fetch(u, { cache: 'no-store' })).arrayBuffer())
		)
	);
	return files.reduce((n, f) => n + f.length, 0);
}

let prepared: ReturnType<typeof itemFromBytes>[] = [];

/**
 * What comes before P1's clock, in a call of its own so the CPU meter around the timed call does not count it: a
 * new vault (Argon2id), and the files as the import gets them.
 */
async function prepareRadfolioWrite() {
	await clear('vault');
	vault = new Vault({ dbName: `bench-vault-${run++}` });
	await vault.create('bench passphrase p1');
	// As the app's file import gives the vault freshly read buffers of its own (itemFromFile), so do these copies,
	// made before the clock starts: the baseline, too, writes bytes already in memory.
	prepared = files.map((f, i) => itemFromBytes(`IM${i}`, f.slice(), { handOver: true }));
}

async function radfolioWrite() {
	if (!vault || !prepared.length) throw new Error('prepare first');
	const items = prepared;
	prepared = [];
	const started = performance.now();
	const summary = await runImport({
		vault,
		items,
		source: { kind: 'files', label: 'bench' }
	});
	const ms = performance.now() - started;
	if (summary.imported !== files.length) throw new Error(`imported ${summary.imported}`);
	return ms;
}

async function prepareRawWrite() {
	await clear('raw');
	const db = new Dexie(`bench-raw-${run++}`) as typeof raw & Dexie;
	db.version(1).stores({ instances: 'id', chunks: '[instanceId+index]' });
	await db.open();
	raw = db;
}

async function rawWrite() {
	const db = raw;
	if (!db) throw new Error('prepare first');
	const started = performance.now();
	for (const [i, bytes] of files.entries()) {
		const id = `instance-${i}`;
		const count = Math.max(1, Math.ceil(bytes.length / CHUNK));
		await db.chunks.bulkPut(
			Array.from({ length: count }, (_, index) => ({
				instanceId: id,
				index,
				data: bytes.slice(index * CHUNK, (index + 1) * CHUNK)
			}))
		);
		await db.instances.put({ id, size: bytes.length, chunkCount: count });
	}
	return performance.now() - started;
}

async function radfolioRead() {
	if (!vault) throw new Error('write first');
	const started = performance.now();
	let bytes = 0;
	for (const study of await vault.studies.listStudies()) {
		for (const series of await vault.studies.listSeries(study.id)) {
			// As the viewer reads a series: a few files ahead (src/lib/viewer/read-ahead.ts).
			const instances = await vault.studies.listInstances(series.id);
			const store = vault.studies;
			for await (const file of readAhead(instances, READ_AHEAD, (i) => store.readInstance(i.id)))
				bytes += file.length;
		}
	}
	const ms = performance.now() - started;
	if (bytes !== files.reduce((n, f) => n + f.length, 0))
		throw new Error('read back a different size');
	return ms;
}

async function rawRead() {
	if (!raw) throw new Error('write first');
	const started = performance.now();
	let bytes = 0;
	const db = raw;
	const rows = (await db.instances.toArray()) as { id: string; chunkCount: number }[];
	// The same reads ahead as the Radfolio side.
	const read = async (row: { id: string; chunkCount: number }) =>
		(await db.chunks
			.where('[instanceId+index]')
			.between([row.id, 0], [row.id, row.chunkCount])
			.toArray()) as { data: Uint8Array }[];
	for await (const chunks of readAhead(rows, READ_AHEAD, read)) {
		for (const c of chunks) bytes += c.data.length;
	}
	const ms = performance.now() - started;
	if (bytes !== files.reduce((n, f) => n + f.length, 0))
		throw new Error('raw read a different size');
	return ms;
}

/**
 * The bound under P1 and P2: the vault's own crypto (chunk records v2, AES-256-GCM by WebCrypto, as the vault seals
 * and opens image chunks; the same 1 MiB records, as many in flight as the vault keeps) with no IndexedDB at all.
 * Radfolio cannot be faster than this, whatever the storage does.
 */
type Sealed = { file: string; context: string; record: Uint8Array }[];
let bound: { bulk: BulkCipher; cipher: ChunkCipher; sealed: Sealed[] } | null = null;

async function cryptoSealOnly() {
	bound?.cipher.dispose();
	bound?.bulk.dispose();
	const bulk = createBulkCipher(randomBytes(32));
	const cipher = createChunkCipher(bulk, randomBytes(32));
	bound = { bulk, cipher, sealed: [] };
	await cipher.seal([{ file: 'warm-up', context: 'warm-up', data: new Uint8Array(16) }]);
	const started = performance.now();
	const sealed: Sealed[] = await Promise.all(
		files.map(async (bytes, i) => {
			const items = [];
			for (let at = 0, index = 0; at < bytes.length; at += CHUNK, index++)
				items.push({
					file: `${i}|w`,
					context: `chunk|${i}|${index}`,
					data: bytes.subarray(at, at + CHUNK)
				});
			const records = await cipher.seal(items);
			return records.map((record, k) => ({ ...items[k]!, record }));
		})
	);
	const ms = performance.now() - started;
	bound.sealed = sealed;
	return ms;
}

async function cryptoOpenOnly() {
	if (!bound?.sealed.length) throw new Error('seal first');
	const { cipher, sealed } = bound;
	const started = performance.now();
	let bytes = 0;
	// WebCrypto copies its inputs, so the next round can open them again.
	for await (const opened of readAhead(sealed, READ_AHEAD, (records: Sealed) =>
		cipher.open(records)
	))
		for (const part of opened) bytes += part.length;
	const ms = performance.now() - started;
	if (bytes !== files.reduce((n, f) => n + f.length, 0)) throw new Error('opened a different size');
	return ms;
}

/**
 * Floors under P2 from the vault's own database, in the same run: IndexedDB reading the vault's sealed chunks as
 * stored (ciphertext does not compress, the baseline's plaintext may: Chromium compresses large values), with no
 * vault code; and the same reads with each record opened by AES-256-GCM (`open`), nothing else — the physical
 * floor of reading an encrypted study back.
 */
async function sealedReads(open: boolean) {
	if (!vault) throw new Error('write first');
	const db = vault.db;
	const cipher = vault.session.chunks;
	const started = performance.now();
	let bytes = 0;
	const rows = await db.instances.toArray();
	const read = async (row: (typeof rows)[number]) => {
		const chunks = await db.chunks
			.where('[instanceId+index]')
			.between([row.id, 0], [row.id, row.chunkCount])
			.toArray();
		if (!open)
			return Promise.all(
				chunks.map(async (c) =>
					c.data instanceof Blob ? new Uint8Array(await c.data.arrayBuffer()) : c.data
				)
			);
		return cipher.open(
			chunks.map((c) => ({
				file: `${row.id}|${row.w ?? ''}`,
				context: `chunk|${row.id}|${c.index}|${row.chunkCount}|${row.w}`,
				record: c.data
			}))
		);
	};
	for await (const parts of readAhead(rows, READ_AHEAD, read))
		for (const p of parts) bytes += p.length;
	const ms = performance.now() - started;
	if (open && bytes !== files.reduce((n, f) => n + f.length, 0))
		throw new Error('opened a different size');
	return ms;
}

/**
 * The floor under P3: the vault work a first image needs — list the series, list its instances (every record
 * opened), read and decrypt the middle file — timed in a freshly unlocked vault (no listing kept from before).
 */
async function firstImageReads() {
	if (!vault) throw new Error('write first');
	const fresh = new Vault({ dbName: vault.db.name });
	await fresh.unlock('bench passphrase p1');
	try {
		const started = performance.now();
		const [study] = await fresh.studies.listStudies();
		const [series] = await fresh.studies.listSeries(study!.id);
		const instances = await fresh.studies.listInstances(series!.id);
		const middle = instances[Math.floor(instances.length / 2)]!;
		await fresh.studies.readInstance(middle.id);
		return performance.now() - started;
	} finally {
		fresh.lock();
		fresh.close();
	}
}

/**
 * The storage floor under P3: what any viewer keeping its images in IndexedDB must do for a first image, with no
 * crypto at all — list the series' instance rows and read the middle file's chunks — on a connection already open
 * (as the unlocked vault's is), but a fresh one, so nothing is cached in the page.
 */
async function rawFirstRead() {
	if (!raw) throw new Error('write first');
	const db = new Dexie(raw.name) as typeof raw & Dexie;
	db.version(1).stores({ instances: 'id', chunks: '[instanceId+index]' });
	await db.open();
	try {
		const started = performance.now();
		const rows = (await db.instances.toArray()) as { id: string; chunkCount: number }[];
		const middle = rows[Math.floor(rows.length / 2)]!;
		const chunks = (await db.chunks
			.where('[instanceId+index]')
			.between([middle.id, 0], [middle.id, middle.chunkCount])
			.toArray()) as { data: Uint8Array }[];
		const ms = performance.now() - started;
		if (!chunks.length) throw new Error('no chunks');
		return ms;
	} finally {
		db.close();
	}
}

/**
 * The floor under P4: what a recipient must do before showing anything — decrypt every chunk of the share and
 * verify every file — for a share of the first 50 slices (as P4's), from memory, on the page's thread as the
 * recipient's page does it. The share is made untimed first.
 */
async function shareOpenAlone() {
	const key = randomBytes(32);
	const entries = files.slice(0, 50).map((bytes, i) => ({
		name: `${i}.dcm`,
		size: bytes.length,
		open: () => new Response(bytes as BodyInit).body!
	}));
	const encrypted = writeBundle(
		{ createdAt: '', deidentified: false, study: { description: '', date: '', modalities: [] } },
		entries
	).pipeThrough(await encryptShareStream(key));
	const cipher = await new Response(encrypted).blob();
	const started = performance.now();
	const { files: opened } = await readBundle(cipher.stream().pipeThrough(decryptShareStream(key)));
	const ms = performance.now() - started;
	if (opened.length !== entries.length) throw new Error('opened a different share');
	return ms;
}

/** Drops one side's databases of the last round, so each repetition starts from the same state. */
async function clear(side: 'vault' | 'raw') {
	if (side === 'vault') {
		vault?.lock();
		vault?.close();
		vault = null;
	} else {
		raw?.close();
		raw = null;
	}
	for (const info of await indexedDB.databases()) {
		if (info.name?.startsWith(`bench-${side}-`)) await Dexie.delete(info.name);
	}
}

Object.assign(window, {
	bench: {
		load,
		prepareRadfolioWrite,
		radfolioWrite,
		prepareRawWrite,
		rawFirstRead,
		rawWrite,
		radfolioRead,
		rawRead,
		cryptoSealOnly,
		cryptoOpenOnly,
		sealedRead: () => sealedReads(false),
		sealedReadOpen: () => sealedReads(true),
		firstImageReads,
		shareOpenAlone,
		clear
	}
});
