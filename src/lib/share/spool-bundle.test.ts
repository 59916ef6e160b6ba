import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { encryptShareStream, newShareKey } from '$lib/crypto';
import { runImport, type ImportItem } from '$lib/import';
import { studyFiles, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { newTestVault } from '../../../tests/fixtures/vault';
import { writeBundle } from './bundle';
import { decryptShare, decryptWhileDownloading } from './open';

const study = syntheticStudy(72, {
	series: [
		{
			uid: '1.2.826.0.1.3680043.10.1337.72.1',
			description: 'Axial',
			count: 6,
			rows: 64,
			columns: 64
		}
	],
	pdfReport: true
});
const files = studyFiles(study);
const manifest = {
	createdAt: '2026-12-07T00:00:00Z',
	deidentified: false,
	study: { description: 'CT', date: '20261207', modalities: ['CT'] }
};

let n = 0;
const freshDb = () => `spool-bundle-test-${++n}`;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const collect = async (s: ReadableStream<Uint8Array>) =>
	new Uint8Array(await new Response(s).arrayBuffer());

/** The bundle's plaintext; `change` may alter it before it is encrypted (as a sender's bug or a forger would). */
async function shareOf(change?: (plain: Uint8Array) => void) {
	const plain = await collect(
		writeBundle(
			manifest,
			files.map((f, i) => ({
				name: `${i}.dcm`,
				size: f.bytes.length,
				open: () => new Response(f.bytes as BodyInit).body!
			}))
		)
	);
	change?.(plain);
	const key = newShareKey();
	const cipher = await collect(
		new Response(plain as BodyInit).body!.pipeThrough(await encryptShareStream(key))
	);
	return { key, cipher };
}

/** What the spool database holds: rows of spools and chunks (raw IndexedDB: Dexie belongs to $lib/vault). */
async function spoolRows(dbName: string) {
	const names = await indexedDB.databases();
	if (!names.some((d) => d.name === dbName)) return { spools: 0, chunks: 0 };
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(dbName);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	const count = (store: string) =>
		new Promise<number>((resolve, reject) => {
			const request = db.transaction(store).objectStore(store).count();
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	const out = { spools: await count('spools'), chunks: await count('chunks') };
	db.close();
	return out;
}

describe('a received share, verified into a spool', () => {
	it('gives every file back from the spool, and the spool goes when the study lets it go', async () => {
		const dbName = freshDb();
		const { key, cipher } = await shareOf();
		const { study: shared } = await decryptShare(new Blob([cipher]), key, null, {
			dbName,
			locks: null
		});
		expect(shared.study).toMatchObject({ imageCount: 6, reportCount: 1 });
		expect(await spoolRows(dbName)).toEqual({ spools: 1, chunks: files.length });
		const entries = shared.entries();
		for (const [i, f] of files.entries())
			expect(same(await entries[i]!.bytes(), f.bytes)).toBe(true);
		const [series] = await shared.listSeries();
		const [first] = await shared.listInstances(series!.id);
		const read = await shared.readInstance(first!.id);
		expect(files.some((f) => same(f.bytes, read))).toBe(true);
		await shared.remove();
		expect(await spoolRows(dbName)).toEqual({ spools: 0, chunks: 0 });
		await expect(shared.readInstance(first!.id)).rejects.toMatchObject({ code: 'removed' });
	});

	it.each([
		['cut short', (c: Uint8Array) => c.subarray(0, c.length - 3000)],
		['cut at the end of its last full chunk', (c: Uint8Array) => c.subarray(0, c.length - 20)],
		[
			'one byte changed near the end',
			(c: Uint8Array) => {
				const out = c.slice();
				out[out.length - 30]! ^= 1;
				return out;
			}
		]
	])('shows nothing of a share %s, and leaves no spool behind', async (_, damage) => {
		const dbName = freshDb();
		const { key, cipher } = await shareOf();
		const opening = decryptShare(new Blob([damage(cipher) as Uint8Array<ArrayBuffer>]), key, null, {
			dbName,
			locks: null
		});
		await expect(opening).rejects.toMatchObject({ code: 'damaged' });
		expect(await spoolRows(dbName)).toEqual({ spools: 0, chunks: 0 });
	});

	it('a file that does not match its checksum fails the share after every file was spooled, and removes them', async () => {
		const dbName = freshDb();
		// The last image's bytes changed after it was hashed: every chunk authentic, one checksum wrong, found only
		// at the trailer, when every file is already in the spool.
		const { key, cipher } = await shareOf((plain) => {
			const last = files.at(-1)!.bytes;
			const at = Buffer.from(plain).indexOf(Buffer.from(last));
			plain[at + last.length - 1]! ^= 1;
		});
		const early = decryptWhileDownloading(key, { dbName, locks: null });
		const writer = early.tap.getWriter();
		await writer.write(cipher);
		await writer.close();
		expect(await early.opened).toBeNull();
		expect(await spoolRows(dbName)).toEqual({ spools: 0, chunks: 0 });
		await expect(
			decryptShare(new Blob([cipher]), key, null, { dbName, locks: null })
		).rejects.toMatchObject({ code: 'damaged' });
		expect(await spoolRows(dbName)).toEqual({ spools: 0, chunks: 0 });
	});

	it('saves into the vault from the spool, one file at a time, as "Save to my Radfolio" does', async () => {
		const dbName = freshDb();
		const { key, cipher } = await shareOf();
		const { study: shared } = await decryptShare(new Blob([cipher]), key, null, {
			dbName,
			locks: null
		});
		const vault = await newTestVault();
		let reads = 0;
		const items: ImportItem[] = shared.entries().map((e) => ({
			relativePath: e.name,
			size: e.size,
			bytes: () => (reads++, e.bytes()),
			stream: e.stream,
			owned: true
		}));
		const summary = await runImport({
			vault,
			items,
			source: { kind: 'share', label: 'Shared link' }
		});
		expect(summary).toMatchObject({ imported: files.length, skipped: [], stoppedBy: null });
		expect(reads).toBe(files.length);
		const [saved] = await vault.studies.listStudies();
		expect(saved).toMatchObject({ StudyInstanceUID: shared.study.StudyInstanceUID, imageCount: 6 });
		await shared.remove();
		expect(await spoolRows(dbName)).toEqual({ spools: 0, chunks: 0 });
		// The vault's copy stands on its own.
		const [series] = await vault.studies.listSeries(saved!.id);
		const [instance] = await vault.studies.listInstances(series!.id);
		expect((await vault.studies.readInstance(instance!.id)).length).toBeGreaterThan(0);
	});
});
