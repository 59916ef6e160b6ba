import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
	CHUNK_RECORD_VERSION,
	ENVELOPE_VERSION,
	createMac,
	deriveVaultKeys,
	seal
} from '$lib/crypto';
import { exportBackup, restoreBackup } from './backup';
import { PASSPHRASE, newTestVault, testInstanceRecord } from '../../../tests/fixtures/vault';
import type { ChunkRow } from './db';
import { VaultError } from './errors';
import { readLedger, writeLedger } from './ledger';
import { chunkContext, openInstanceRow } from './rows';
import { CHUNK_BYTES } from './studies';
import type { Vault } from './vault';

const fileOf = (length: number, seed: number) =>
	Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

const FILES = {
	i1: fileOf(Math.floor(CHUNK_BYTES * 2.5), 1),
	i2: fileOf(1000, 2),
	i3: fileOf(CHUNK_BYTES, 3)
};

async function bytesOf(data: ChunkRow['data']): Promise<Uint8Array> {
	return data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
}

/**
 * A vault as every Radfolio before chunk records v2 left it: the same rows, every chunk a secretbox envelope
 * (version 1) under its context, as a Blob or as bytes, and a ledger that says nothing about chunks.
 */
async function vaultOfVersion1(): Promise<Vault> {
	const vault = await newTestVault();
	const s = vault.session;
	for (const [id, bytes] of Object.entries(FILES))
		await vault.studies.putInstance({
			id,
			seriesId: 'se1',
			studyId: 's1',
			record: testInstanceRecord(id),
			bytes: bytes.slice()
		});
	for (const row of await vault.db.instances.toArray()) {
		const { storage } = openInstanceRow(s, row, false);
		const bytes = FILES[row.id as keyof typeof FILES];
		for (let index = 0; index < storage.chunkCount; index++) {
			const part = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
			const record = seal(s.keys.record, chunkContext(row.id, storage, index), part);
			// i2 as bytes (restored from a backup, or written where Blobs are refused), the rest as Blobs.
			const data = row.id === 'i2' ? record : new Blob([record as BlobPart]);
			await vault.db.chunks.put({ instanceId: row.id, index, data });
		}
	}
	const ledger = (await readLedger(vault.db, s))!;
	delete ledger.chunks;
	await writeLedger(vault.db, s, ledger);
	return vault;
}

async function versions(vault: Vault): Promise<number[]> {
	const rows = await vault.db.chunks.orderBy(':id').toArray();
	return Promise.all(rows.map(async (row) => (await bytesOf(row.data))[0]!));
}

async function readsBack(vault: Vault) {
	for (const [id, bytes] of Object.entries(FILES)) {
		expect(same(await vault.studies.readInstance(id), bytes)).toBe(true);
		const parts: Uint8Array[] = [];
		const reader = vault.studies.streamInstance(id).getReader();
		for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
		expect(same(Buffer.concat(parts), bytes)).toBe(true);
	}
}

describe('image chunks re-sealed from version 1 (secretbox) to version 2 (AES-256-GCM)', () => {
	it('writes version 2 from the start, and a new vault has nothing to re-seal', async () => {
		const vault = await newTestVault();
		await vault.studies.putInstance({
			id: 'i1',
			seriesId: 'se1',
			studyId: 's1',
			record: testInstanceRecord('i1'),
			bytes: FILES.i1.slice()
		});
		expect(await versions(vault)).toEqual([2, 2, 2]);
		expect((await readLedger(vault.db, vault.session))?.chunks).toBe(CHUNK_RECORD_VERSION);
		expect(await vault.studies.resealChunks()).toBe(0);
	});

	it('opens chunks of version 1 as before, then re-seals every one in place and reads the same bytes', async () => {
		const vault = await vaultOfVersion1();
		expect(await versions(vault)).toEqual([1, 1, 1, 1, 1]);
		await readsBack(vault);
		expect(await vault.studies.resealChunks()).toBe(5);
		expect(await versions(vault)).toEqual([2, 2, 2, 2, 2]);
		// Written as new chunks are: a Blob where the browser stores Blobs (chunk-form.ts), whatever it was before.
		const i2 = await vault.db.chunks.get(['i2', 0]);
		expect(i2!.data).toBeInstanceOf(Blob);
		await readsBack(vault);
		expect((await readLedger(vault.db, vault.session))?.chunks).toBe(CHUNK_RECORD_VERSION);
		// Done: the next pass does not look at a chunk.
		const bulkGet = vault.db.chunks.bulkGet.bind(vault.db.chunks);
		let looked = 0;
		vault.db.chunks.bulkGet = ((keys: never) => (looked++, bulkGet(keys))) as never;
		expect(await vault.studies.resealChunks()).toBe(0);
		expect(looked).toBe(0);
	});

	it('interrupted by a lock, goes on at the next unlock where it stopped, without re-sealing twice', async () => {
		const vault = await vaultOfVersion1();
		const interrupted = vault.studies.resealChunks(() => vault.lock());
		await expect(interrupted).rejects.toBeInstanceOf(VaultError);
		const after = await versions(vault);
		// The first file (i1, three chunks, one batch) was done; nothing else.
		expect(after).toEqual([2, 2, 2, 1, 1]);
		const first = await Promise.all(
			[0, 1, 2].map(async (i) => bytesOf((await vault.db.chunks.get(['i1', i]))!.data))
		);
		await vault.unlock(PASSPHRASE);
		await vault.upgraded();
		expect(await versions(vault)).toEqual([2, 2, 2, 2, 2]);
		const kept = await Promise.all(
			[0, 1, 2].map(async (i) => bytesOf((await vault.db.chunks.get(['i1', i]))!.data))
		);
		expect(kept.every((k, i) => same(k, first[i]!))).toBe(true);
		await readsBack(vault);
	});

	it('leaves alone a file deleted or stored again while its chunks were being re-sealed', async () => {
		const vault = await vaultOfVersion1();
		const chunks = vault.session.chunks;
		const open = chunks.open.bind(chunks);
		chunks.open = async (items, options) => {
			const opened = await open(items, options);
			// Meanwhile, i3 is deleted (as deleteStudy does) and another write of it stored.
			if (items[0]?.file.startsWith('i3|')) {
				await vault.db.transaction('rw', vault.db.instances, vault.db.chunks, async () => {
					await vault.db.chunks.where('instanceId').equals('i3').delete();
					await vault.db.instances.delete('i3');
				});
				await vault.studies.putInstance({
					id: 'i3',
					seriesId: 'se1',
					studyId: 's1',
					record: testInstanceRecord('i3'),
					bytes: fileOf(500, 9)
				});
			}
			return opened;
		};
		await vault.studies.resealChunks();
		chunks.open = open;
		// The new write is whole and its own; the old chunk sealed again was not put over it.
		expect(same(await vault.studies.readInstance('i3'), fileOf(500, 9))).toBe(true);
		expect(same(await vault.studies.readInstance('i1'), FILES.i1)).toBe(true);
	});

	it('leaves a chunk that does not open as it is, and its file is refused as before', async () => {
		const vault = await vaultOfVersion1();
		const changed = await bytesOf((await vault.db.chunks.get(['i2', 0]))!.data);
		changed[changed.length - 1] = changed[changed.length - 1]! ^ 1;
		await vault.db.chunks.put({ instanceId: 'i2', index: 0, data: changed });
		expect(await vault.studies.resealChunks()).toBe(4);
		const stored = await bytesOf((await vault.db.chunks.get(['i2', 0]))!.data);
		expect(stored[0]).toBe(ENVELOPE_VERSION);
		await expect(vault.studies.readInstance('i2')).rejects.toMatchObject({ code: 'damaged' });
		expect(same(await vault.studies.readInstance('i3'), FILES.i3)).toBe(true);
	});

	it('restores a backup file of version 2 (every Radfolio before) holding chunks of version 1, then re-seals them', async () => {
		const source = await vaultOfVersion1();
		const parts: Uint8Array[] = [];
		for await (const part of exportBackup(source)) parts.push(part);
		const file = Buffer.concat(parts);
		// As the previous version wrote it: version byte 2, and the MAC (over every byte before the last frame,
		// backup.ts) made again for that byte.
		file[8] = 2;
		const master = await source.masterKey(PASSPHRASE);
		const mac = createMac(deriveVaultKeys(master).backup);
		const end = file.length - (1 + 4 + 4 + 32);
		mac.update(file.subarray(0, end));
		file.set(mac.digest(), file.length - 32);
		const target = await newTestVault({ create: false });
		await restoreBackup({
			vault: target,
			stream: new Response(file).body!,
			passphrase: PASSPHRASE,
			allowWeakKdf: true
		});
		await target.upgraded();
		expect(await versions(target)).toEqual([2, 2, 2, 2, 2]);
		await readsBack(target);
	});

	it('says a chunk of a version it does not know needs a newer Radfolio, rather than calling it damaged', async () => {
		const vault = await newTestVault();
		await vault.studies.putInstance({
			id: 'i2',
			seriesId: 'se1',
			studyId: 's1',
			record: testInstanceRecord('i2'),
			bytes: FILES.i2.slice()
		});
		const stored = await bytesOf((await vault.db.chunks.get(['i2', 0]))!.data);
		stored[0] = CHUNK_RECORD_VERSION + 1;
		await vault.db.chunks.put({ instanceId: 'i2', index: 0, data: stored });
		await expect(vault.studies.readInstance('i2')).rejects.toMatchObject({
			code: 'schema-too-new'
		});
	});
});
