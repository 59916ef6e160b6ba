import { describe, expect, it } from 'vitest';
import { TEST_KDF, createBulkCipher, open, seal } from '$lib/crypto';
import { runImport, itemFromBytes } from '$lib/import';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { Vault } from './vault';
import { CHUNK_BYTES } from './studies';
import { contexts } from './session';
import { readLedger, writeLedger } from './ledger';

// Real Chromium: real IndexedDB on disk semantics and real module workers doing the bulk crypto.

const PASS = 'browser test passphrase';

async function freshVault() {
	const vault = new Vault({ dbName: `rf-browser-${crypto.randomUUID()}`, allowWeakKdf: true });
	await vault.create(PASS, TEST_KDF);
	return vault;
}

describe('vault in Chromium', () => {
	it('seals in workers exactly what the main thread can open', async () => {
		const key = crypto.getRandomValues(new Uint8Array(32));
		const cipher = createBulkCipher(key, { workers: 2 });
		const data = crypto.getRandomValues(new Uint8Array(65536));
		const sealed = await cipher.sealMany([
			{ context: 'a', data },
			{ context: 'b', data }
		]);
		expect(open(key, 'a', sealed[0]!)).toEqual(data);
		const [back] = await cipher.openMany([{ context: 'b', record: sealed[1]! }]);
		expect(back).toEqual(data);
		await expect(cipher.openMany([{ context: 'a', record: sealed[1]! }])).rejects.toMatchObject({
			code: 'context-mismatch'
		});
		cipher.dispose();
		await expect(cipher.sealMany([{ context: 'a', data }])).rejects.toThrow();
	});

	it('imports a CD into IndexedDB and reads every byte back through the workers', async () => {
		const vault = await freshVault();
		const study = syntheticStudy(21, {
			patientName: 'BROWSERLEAK^TEST',
			series: [
				{
					uid: '1.2.826.0.1.3680043.10.1337.21.1',
					description: 'Big',
					count: 2,
					rows: 1024,
					columns: 1024
				}
			]
		});
		const cd = cdLayout([study]);
		const summary = await runImport({
			vault,
			items: cd.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'cd', label: 'CD' }
		});
		expect(summary.imported).toBe(2);
		const [s] = await vault.studies.listStudies();
		const [series] = await vault.studies.listSeries(s!.id);
		const instances = await vault.studies.listInstances(series!.id);
		const original = cd.find((f) => f.path.endsWith('IM000002'))!.bytes;
		const stored = await vault.studies.readInstance(instances[1]!.id);
		expect(stored.length).toBe(original.length);
		expect(stored.length).toBeGreaterThan(2 * CHUNK_BYTES);
		let same = true;
		for (let i = 0; i < stored.length; i++) if (stored[i] !== original[i]) same = false;
		expect(same).toBe(true);

		// Locked: the workers hold no key and reads fail.
		vault.lock();
		await expect(vault.studies.readInstance(instances[1]!.id)).rejects.toMatchObject({
			code: 'locked'
		});
		await vault.unlock(PASS);
		expect((await vault.studies.readInstance(instances[0]!.id)).length).toBeGreaterThan(0);
		vault.close();
	});

	it('takes files handed over and stores them whole, with their true size', async () => {
		const vault = await freshVault();
		const study = syntheticStudy(22, {
			series: [{ uid: '1.2.826.0.1.3680043.10.1337.22.1', description: 'Small', count: 3 }]
		});
		const files = cdLayout([study]).filter((f) => /IM\d+$/.test(f.path));
		const handed = files.map((f) => f.bytes.slice());
		const summary = await runImport({
			vault,
			items: files.map((f, i) => itemFromBytes(f.path, handed[i]!, { handOver: true })),
			source: { kind: 'files', label: 'test' }
		});
		expect(summary.imported).toBe(3);
		// Sealed by WebCrypto (chunk records v2), which copies its input: nothing was taken from the caller.
		expect(handed.every((b, i) => b.length === files[i]!.bytes.length)).toBe(true);
		const [s] = await vault.studies.listStudies();
		const [series] = await vault.studies.listSeries(s!.id);
		const stored = await Promise.all(
			(await vault.studies.listInstances(series!.id)).map((i) => vault.studies.readInstance(i.id))
		);
		const sorted = (list: Uint8Array[]) => list.map((b) => b.join(',')).sort();
		expect(sorted(stored)).toEqual(sorted(files.map((f) => f.bytes)));
		vault.close();
	});

	it('reads a one-chunk file inside a worker, straight from IndexedDB, and fails it whole when altered', async () => {
		const vault = await freshVault();
		const study = syntheticStudy(23, {
			series: [{ uid: '1.2.826.0.1.3680043.10.1337.23.1', description: 'Small', count: 2 }]
		});
		const files = cdLayout([study]).filter((f) => /IM\d+$/.test(f.path));
		await runImport({
			vault,
			items: files.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'files', label: 'test' }
		});
		const [s] = await vault.studies.listStudies();
		const [series] = await vault.studies.listSeries(s!.id);
		const [first, second] = await vault.studies.listInstances(series!.id);
		const original = files.find((f) => f.path.endsWith('SE000001/IM000001'))!.bytes;
		expect((await vault.studies.readInstance(first!.id)).join(',')).toBe(original.join(','));

		// The worker itself, on the vault's database: the row as stored, the record opened — or not opened when
		// the row does not match what is expected.
		const key = crypto.getRandomValues(new Uint8Array(32));
		const cipher = createBulkCipher(key, { workers: 1 });
		const where = {
			db: vault.db.name,
			row: { store: 'instances', key: first!.id },
			record: { store: 'chunks', key: [first!.id, 0] },
			open: [{ expect: { chunkCount: 2 }, context: contexts.chunk(first!.id, 0) }]
		};
		expect(await cipher.openStored!(where)).toMatchObject({ row: { id: first!.id }, opened: null });
		// A chunk record of version 2 (AES-256-GCM) is not the worker's to open: it comes back as stored, for the
		// page's chunk cipher, and nothing opened comes back with it.
		const opening = { expect: { chunkCount: 1 }, context: 'chunk', contextFields: ['id'] };
		const stored = await cipher.openStored!({ ...where, open: [opening] });
		expect(stored.opened).toBeNull();
		expect(stored.sealed?.[0]).toBe(2);
		// A record of version 1 (secretbox, as stored before) under another key: refused, nothing opened.
		const kept = (await vault.db.chunks.get([first!.id, 0]))!;
		const foreign = seal(crypto.getRandomValues(new Uint8Array(32)), 'chunk', new Uint8Array(10));
		await vault.db.chunks.put({ ...kept, data: foreign });
		await expect(cipher.openStored!({ ...where, open: [opening] })).rejects.toMatchObject({
			code: 'decrypt-failed'
		});
		await vault.db.chunks.put(kept);
		// A context field the row does not hold as text or a number: nothing is opened.
		expect(
			await cipher.openStored!({ ...where, open: [{ ...opening, contextFields: ['nothing'] }] })
		).toMatchObject({ opened: null });
		// A database that does not exist is not created: the read fails and the vault would read on the page.
		await expect(cipher.openStored!({ ...where, db: 'rf-no-such-db' })).rejects.toThrow();
		expect((await indexedDB.databases()).some((d) => d.name === 'rf-no-such-db')).toBe(false);
		cipher.dispose();

		// Altered, swapped or missing: 'damaged', never bytes; an unknown id: 'not-found'.
		const c0 = (await vault.db.chunks.get([first!.id, 0]))!;
		const sealed = c0.data instanceof Blob ? new Uint8Array(await c0.data.arrayBuffer()) : c0.data;
		const flipped = sealed.slice();
		flipped[200]! ^= 1;
		await vault.db.chunks.put({ ...c0, data: flipped });
		await expect(vault.studies.readInstance(first!.id)).rejects.toMatchObject({ code: 'damaged' });
		const other = (await vault.db.chunks.get([second!.id, 0]))!;
		await vault.db.chunks.put({ ...c0, data: other.data });
		await expect(vault.studies.readInstance(first!.id)).rejects.toMatchObject({
			code: 'tampered'
		});
		await vault.db.chunks.delete([first!.id, 0]);
		await expect(vault.studies.readInstance(first!.id)).rejects.toMatchObject({ code: 'damaged' });
		await expect(vault.studies.readInstance('no-such-instance')).rejects.toMatchObject({
			code: 'not-found'
		});
		vault.close();
	});

	it('refuses, through the workers, files cut short, moved or given another’s chunk outside Radfolio', async () => {
		const vault = await freshVault();
		const study = syntheticStudy(24, {
			series: [
				{ uid: '1.2.826.0.1.3680043.10.1337.24.1', description: 'Small', count: 2 },
				{
					uid: '1.2.826.0.1.3680043.10.1337.24.2',
					description: 'Big',
					count: 1,
					rows: 1024,
					columns: 1024
				}
			]
		});
		const files = cdLayout([study]).filter((f) => /IM\d+$/.test(f.path));
		await runImport({
			vault,
			items: files.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'files', label: 'test' }
		});
		const [s] = await vault.studies.listStudies();
		const [small, big] = await vault.studies.listSeries(s!.id);
		const [a, b] = await vault.studies.listInstances(small!.id);
		const [large] = await vault.studies.listInstances(big!.id);
		expect(large!.size).toBeGreaterThan(2 * CHUNK_BYTES);
		const tampered = { code: 'tampered' };

		// (a) The large file's last chunk dropped, its clear size and count lowered to match.
		const count = Math.ceil(large!.size / CHUNK_BYTES);
		await vault.db.chunks.delete([large!.id, count - 1]);
		await vault.db.instances.update(large!.id, {
			chunkCount: count - 1,
			size: (count - 1) * CHUNK_BYTES
		});
		await expect(vault.studies.readInstance(large!.id)).rejects.toMatchObject(tampered);
		// A one-chunk file's clear size changed: the worker opens it, the page refuses it.
		await vault.db.instances.update(a!.id, { size: a!.size - 1 });
		await expect(vault.studies.readInstance(a!.id)).rejects.toMatchObject(tampered);
		await vault.db.instances.update(a!.id, { size: a!.size });
		expect((await vault.studies.readInstance(a!.id)).length).toBe(a!.size);

		// (b) Moved to the other series.
		await vault.db.instances.update(b!.id, { seriesId: big!.id });
		await expect(vault.studies.readInstance(b!.id)).rejects.toMatchObject(tampered);
		await expect(vault.studies.listInstances(big!.id)).rejects.toMatchObject(tampered);
		await vault.db.instances.update(b!.id, { seriesId: small!.id });

		// (c) Each other's chunk.
		const ca = (await vault.db.chunks.get([a!.id, 0]))!;
		const cb = (await vault.db.chunks.get([b!.id, 0]))!;
		await vault.db.chunks.put({ ...ca, data: cb.data });
		await expect(vault.studies.readInstance(a!.id)).rejects.toMatchObject(tampered);
		vault.close();
	});

	it('opens a vault of secretbox chunks (version 1) through the workers, then re-seals them as AES-GCM', async () => {
		const vault = await freshVault();
		const files = [3 * CHUNK_BYTES - 5, 4000].map((length, f) =>
			Uint8Array.from({ length }, (_, i) => (i * 7 + f) & 255)
		);
		for (const [f, bytes] of files.entries())
			await vault.studies.putInstance({
				id: `i${f}`,
				seriesId: 'se',
				studyId: 'st',
				record: { v: 1 } as never,
				bytes: bytes.slice()
			});
		// As every Radfolio before chunk records v2 stored them: secretbox envelopes under the same contexts, as Blobs.
		const s = vault.session;
		for (const row of await vault.db.instances.toArray()) {
			const bytes = files[Number(row.id.slice(1))]!;
			for (let index = 0; index < row.chunkCount; index++) {
				const context = contexts.chunk2(row.id, index, row.chunkCount, row.w!);
				const part = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
				const data = new Blob([seal(s.keys.record, context, part) as BlobPart]);
				await vault.db.chunks.put({ instanceId: row.id, index, data });
			}
		}
		const firstByte = async () =>
			Promise.all(
				(await vault.db.chunks.toArray()).map(async (c) =>
					c.data instanceof Blob ? new Uint8Array(await c.data.arrayBuffer())[0] : c.data[0]
				)
			);
		const readsBack = async () => {
			for (const [f, bytes] of files.entries())
				expect((await vault.studies.readInstance(`i${f}`)).join()).toBe(bytes.join());
		};
		// Its ledger, too, as before: it says nothing about chunks (a new vault's says there is nothing to re-seal).
		const ledger = (await readLedger(vault.db, s))!;
		delete ledger.chunks;
		await writeLedger(vault.db, s, ledger);
		expect(await firstByte()).toEqual([1, 1, 1, 1]);
		await readsBack();
		expect(await vault.studies.resealChunks()).toBe(4);
		expect(await firstByte()).toEqual([2, 2, 2, 2]);
		await readsBack();
		vault.close();
	});
});
