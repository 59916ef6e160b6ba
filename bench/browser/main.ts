// The vault benchmark page: Radfolio's import pipeline and vault (the real modules from src/lib) against raw Dexie
// doing the same IndexedDB work — same bytes, same 1 MiB chunks, same per-instance batching — in one page.
// Built by Vite into a copy of the app's build for `npm run bench` only; never part of the app.
import Dexie from 'dexie';
import { itemFromBytes, runImport } from '$lib/import';
import { Vault } from '$lib/vault';

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

async function radfolioWrite() {
	await clear('vault');
	vault = new Vault({ dbName: `bench-vault-${run++}` });
	await vault.create('bench passphrase p1');
	const started = performance.now();
	const summary = await runImport({
		vault,
		items: files.map((f, i) => itemFromBytes(`IM${i}`, f)),
		source: { kind: 'files', label: 'bench' }
	});
	const ms = performance.now() - started;
	if (summary.imported !== files.length) throw new Error(`imported ${summary.imported}`);
	return ms;
}

async function rawWrite() {
	await clear('raw');
	const db = new Dexie(`bench-raw-${run++}`) as typeof raw & Dexie;
	db.version(1).stores({ instances: 'id', chunks: '[instanceId+index]' });
	await db.open();
	raw = db;
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
			for (const instance of await vault.studies.listInstances(series.id)) {
				bytes += (await vault.studies.readInstance(instance.id)).length;
			}
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
	for (const row of (await raw.instances.toArray()) as { id: string; chunkCount: number }[]) {
		const chunks = (await raw.chunks
			.where('[instanceId+index]')
			.between([row.id, 0], [row.id, row.chunkCount])
			.toArray()) as { data: Uint8Array }[];
		for (const c of chunks) bytes += c.data.length;
	}
	const ms = performance.now() - started;
	if (bytes !== files.reduce((n, f) => n + f.length, 0))
		throw new Error('raw read a different size');
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

Object.assign(window, { bench: { load, radfolioWrite, rawWrite, radfolioRead, rawRead, clear } });
