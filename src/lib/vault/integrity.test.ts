import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { seal } from '$lib/crypto';
import { PASSPHRASE, newTestVault, testInstanceRecord } from '../../../tests/fixtures/vault';
import type { InstanceRow, SettingsRow } from './db';
import { exportBackup, restoreBackup } from './backup';
import { VaultError } from './errors';
import type { SeriesRecord, StudyRecord } from '$lib/study';
import { contexts } from './session';
import { CHUNK_BYTES } from './studies';
import type { Vault } from './vault';

/**
 * Someone who can write this profile's IndexedDB (malware, another program, a shared computer) but does not hold
 * the key: every edit below must end in a refusal, never in a wrong or partial image. docs/security-vault.md names
 * these tests.
 */

const instanceRecord = (uid: string) => testInstanceRecord(uid);
const seriesRecord = { v: 1, SeriesInstanceUID: 'x', Modality: 'CT' } as SeriesRecord;
const studyRecord = (complete: boolean) =>
	({
		v: 1,
		StudyInstanceUID: 'x',
		modalities: ['CT'],
		bodyParts: [],
		complete,
		instanceCount: complete ? 2 : 0
	}) as unknown as StudyRecord;

const fileOf = (length: number, seed: number) =>
	Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);
/** 2.5 chunks: the last one short. */
const LONG = Math.floor(CHUNK_BYTES * 2.5);

/** Two studies, each with a series; s1/se1 holds a three-chunk file i1 and a one-chunk file i2. */
async function vaultWithFiles() {
	const vault = await newTestVault();
	const s = vault.studies;
	await s.putStudy('s1', studyRecord(true));
	await s.putStudy('s2', studyRecord(true));
	await s.putSeries('se1', 's1', seriesRecord);
	await s.putSeries('se2', 's2', seriesRecord);
	const long = fileOf(LONG, 1);
	const short = fileOf(5000, 2);
	await s.putInstance({
		id: 'i1',
		seriesId: 'se1',
		studyId: 's1',
		record: instanceRecord('1.1'),
		bytes: long
	});
	await s.putInstance({
		id: 'i2',
		seriesId: 'se1',
		studyId: 's1',
		record: instanceRecord('1.2'),
		bytes: short
	});
	return { vault, long, short };
}

async function refused(promise: Promise<unknown>, code = 'tampered') {
	await expect(promise).rejects.toBeInstanceOf(VaultError);
	await expect(promise).rejects.toMatchObject({ code });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
	let bytes = 0;
	for await (const part of stream as unknown as AsyncIterable<Uint8Array>) bytes += part.length;
	return bytes;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('the browser’s storage failing under a read', () => {
	it('says a chunk the browser cannot read back failed to read (read-failed), not that it was changed', async () => {
		const { vault } = await vaultWithFiles();
		const chunks = vault.session.chunks;
		const open = chunks.open;
		chunks.open = () =>
			Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError'));
		try {
			await refused(vault.studies.readInstance('i1'), 'read-failed');
			await refused(vault.studies.readInstance('i2'), 'read-failed');
		} finally {
			chunks.open = open;
		}
		// A chunk truly changed is still 'damaged'.
		const c = (await vault.db.chunks.get(['i2', 0]))!;
		const data =
			c.data instanceof Uint8Array ? c.data.slice() : new Uint8Array(await c.data.arrayBuffer());
		data[100]! ^= 1;
		await vault.db.chunks.put({ ...c, data });
		await refused(vault.studies.readInstance('i2'), 'damaged');
	});
});

describe('(a) an image cut short or lengthened outside Radfolio', () => {
	it('refuses a file whose last chunk was deleted and whose clear size and chunk count were lowered to match', async () => {
		const { vault, long } = await vaultWithFiles();
		expect(same(await vault.studies.readInstance('i1'), long)).toBe(true);
		await vault.db.chunks.delete(['i1', 2]);
		await vault.db.instances.update('i1', { chunkCount: 2, size: 2 * CHUNK_BYTES });
		await refused(vault.studies.readInstance('i1'));
		await refused(drain(vault.studies.streamInstance('i1')));
		await refused(vault.studies.listInstances('se1'));
		await refused(vault.studies.refreshStudySummary('s1', true));
	});

	it('refuses a file with a chunk appended and its clear count raised', async () => {
		const { vault } = await vaultWithFiles();
		const last = (await vault.db.chunks.get(['i1', 2]))!;
		await vault.db.chunks.put({ ...last, index: 3 });
		await vault.db.instances.update('i1', { chunkCount: 4, size: LONG + CHUNK_BYTES });
		await refused(vault.studies.readInstance('i1'));
	});

	it('refuses a one-chunk file whose clear size was changed, and one whose chunk count was', async () => {
		const { vault } = await vaultWithFiles();
		await vault.db.instances.update('i2', { size: 4000 });
		await refused(vault.studies.readInstance('i2'));
		await vault.db.instances.update('i2', { size: 5000, chunkCount: 2 });
		await refused(vault.studies.readInstance('i2'));
	});

	it('refuses a row that lost its sealed facts or its write id', async () => {
		const { vault } = await vaultWithFiles();
		const row = (await vault.db.instances.get('i2'))!;
		await vault.db.instances.put({ ...row, w: null });
		await refused(vault.studies.readInstance('i2'));
		const { w: _w, ...withoutW } = row;
		await vault.db.instances.put(withoutW as InstanceRow);
		await refused(vault.studies.readInstance('i2'));
	});
});

describe('(b) an instance or series moved elsewhere by editing its clear parent ids', () => {
	it('refuses an instance row moved to another series and study', async () => {
		const { vault } = await vaultWithFiles();
		await vault.db.instances.update('i2', { seriesId: 'se2', studyId: 's2' });
		await refused(vault.studies.listInstances('se2'));
		await refused(vault.studies.readInstance('i2'));
		await refused(vault.studies.refreshStudySummary('s2', true));
	});

	it('refuses an instance row moved to another series of the same study', async () => {
		const { vault } = await vaultWithFiles();
		await vault.studies.putSeries('se3', 's1', seriesRecord);
		await vault.db.instances.update('i2', { seriesId: 'se3' });
		await refused(vault.studies.listInstances('se3'));
	});

	it('refuses a series row moved to another study', async () => {
		const { vault } = await vaultWithFiles();
		await vault.db.series.update('se1', { studyId: 's2' });
		await refused(vault.studies.listSeries('s2'));
		await refused(vault.studies.getSeries('se1'));
	});
});

describe('(c) chunks swapped between files, or mixed in from an earlier write', () => {
	it('refuses two files whose chunks were swapped', async () => {
		const { vault } = await vaultWithFiles();
		const a = (await vault.db.chunks.get(['i1', 0]))!;
		const b = (await vault.db.chunks.get(['i2', 0]))!;
		await vault.db.chunks.put({ ...a, data: b.data });
		await vault.db.chunks.put({ ...b, data: a.data });
		await refused(vault.studies.readInstance('i1'));
		await refused(vault.studies.readInstance('i2'));
	});

	it('refuses two chunks of one file put in each other’s place', async () => {
		const { vault } = await vaultWithFiles();
		const c0 = (await vault.db.chunks.get(['i1', 0]))!;
		const c1 = (await vault.db.chunks.get(['i1', 1]))!;
		await vault.db.chunks.put({ ...c0, data: c1.data });
		await vault.db.chunks.put({ ...c1, data: c0.data });
		await refused(vault.studies.readInstance('i1'));
	});

	it('refuses a chunk kept from an earlier write of the same instance (deleted, then imported again)', async () => {
		const { vault } = await vaultWithFiles();
		const earlier = (await vault.db.chunks.get(['i1', 1]))!;
		await vault.studies.deleteStudy('s1');
		await vault.studies.putStudy('s1', studyRecord(false));
		await vault.studies.putSeries('se1', 's1', seriesRecord);
		const again = fileOf(LONG, 9);
		await vault.studies.putInstance({
			id: 'i1',
			seriesId: 'se1',
			studyId: 's1',
			record: instanceRecord('1.1'),
			bytes: again
		});
		expect(same(await vault.studies.readInstance('i1'), again)).toBe(true);
		await vault.db.chunks.put(earlier);
		await refused(vault.studies.readInstance('i1'));
	});
});

describe('(d) rows put back from an older copy (rollback)', () => {
	it('refuses a study record replaced by an older sealed version of itself', async () => {
		const { vault } = await vaultWithFiles();
		const older = (await vault.db.studies.get('s1'))!;
		await vault.studies.refreshStudySummary('s1', true);
		await vault.db.studies.put(older);
		await refused(vault.studies.listStudies());
		await refused(vault.studies.getStudy('s1'));
	});

	it('refuses a study the patient deleted, put back whole', async () => {
		const { vault } = await vaultWithFiles();
		const rows = {
			study: (await vault.db.studies.get('s2'))!,
			series: (await vault.db.series.get('se2'))!
		};
		await vault.studies.deleteStudy('s2');
		expect((await vault.studies.listStudies()).map((s) => s.id)).toEqual(['s1']);
		await vault.db.studies.put(rows.study);
		await vault.db.series.put(rows.series);
		await refused(vault.studies.listStudies());
	});

	it('refuses a study row deleted outside Radfolio', async () => {
		const { vault } = await vaultWithFiles();
		await vault.db.studies.delete('s2');
		await refused(vault.studies.listStudies());
		await refused(vault.studies.getStudy('s2'));
	});

	it('refuses older copies of the settings, the providers and the shares (a share hidden from revocation)', async () => {
		const vault = await newTestVault();
		await vault.saveShares([]);
		const noShares = (await vault.db.meta.get('shares'))!;
		await vault.saveShares([{ id: 'share-1' }]);
		await vault.db.meta.put(noShares);
		await refused(vault.shares());

		const settings = (await vault.db.meta.get('settings'))!;
		await vault.saveSettings({ v: 1, autoLockMinutes: 1 });
		await vault.db.meta.put(settings);
		await refused(vault.settings());

		await vault.saveProviders([]);
		const before = (await vault.db.meta.get('providers'))!;
		await vault.saveProviders([]);
		await vault.db.meta.put(before);
		await refused(vault.providers());
	});

	it('does not see the whole vault put back to an earlier copy (documented limit)', async () => {
		const { vault } = await vaultWithFiles();
		const snapshot = {
			studies: await vault.db.studies.toArray(),
			meta: await vault.db.meta.toArray()
		};
		await vault.studies.putStudy('s1', studyRecord(false));
		await vault.saveSettings({ v: 1, autoLockMinutes: 1 });
		await vault.db.studies.bulkPut(snapshot.studies);
		await vault.db.meta.bulkPut(snapshot.meta);
		// Every mutable row and the ledger from one moment: consistent, so it opens, as that moment.
		expect((await vault.studies.getStudy('s1'))!.complete).toBe(true);
		expect((await vault.settings()).autoLockMinutes).toBe(15);
	});
});

/** An instance as Radfolio wrote it before row format 2: contexts naming the row alone, parents in clear only. */
async function putLegacyInstance(
	vault: Vault,
	row: { id: string; seriesId: string; studyId: string; uid: string },
	bytes: Uint8Array
) {
	const s = vault.session;
	const chunkCount = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
	await vault.db.instances.put({
		id: row.id,
		seriesId: row.seriesId,
		studyId: row.studyId,
		v: 1,
		size: bytes.length,
		chunkCount,
		payload: s.sealRecord(contexts.instance(row.id), instanceRecord(row.uid))
	});
	for (let index = 0; index < chunkCount; index++)
		await vault.db.chunks.put({
			instanceId: row.id,
			index,
			data: seal(
				s.keys.record,
				contexts.chunk(row.id, index),
				bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)
			)
		});
}

/** A study with one series as an older Radfolio writes them. */
async function putLegacyStudy(vault: Vault, studyId: string, seriesId: string) {
	const s = vault.session;
	await vault.db.studies.put({
		id: studyId,
		v: 1,
		payload: s.sealRecord(contexts.study(studyId), studyRecord(true))
	});
	await vault.db.series.put({
		id: seriesId,
		studyId,
		v: 1,
		payload: s.sealRecord(contexts.series(seriesId), seriesRecord)
	});
}

/** Rows as Radfolio wrote them before row format 2: contexts naming the row alone, no ledger. */
async function legacyVault() {
	const { vault, long, short } = await vaultWithFiles();
	const s = vault.session;
	await vault.db.meta.delete('ledger');
	await vault.db.meta.put({
		id: 'settings',
		v: 1,
		payload: s.sealRecord(contexts.settings, { v: 1, autoLockMinutes: 7 })
	});
	await vault.db.meta.put({
		id: 'providers',
		v: 1,
		payload: s.sealRecord(contexts.providers, { v: 1, list: [] })
	});
	await putLegacyStudy(vault, 's1', 'se1');
	await putLegacyStudy(vault, 's2', 'se2');
	await putLegacyInstance(vault, { id: 'i1', seriesId: 'se1', studyId: 's1', uid: '1.1' }, long);
	await putLegacyInstance(vault, { id: 'i2', seriesId: 'se1', studyId: 's1', uid: '1.2' }, short);
	return { vault, long, short };
}

async function relock(vault: Vault) {
	vault.lock();
	await vault.unlock(PASSPHRASE);
	await vault.upgraded();
}

describe('rows written before row format 2', () => {
	it('read as before, then are re-sealed as format 2 after unlock, their chunks as records of version 2 in place', async () => {
		const { vault, long, short } = await legacyVault();
		const chunkVersions = async () =>
			Promise.all(
				(await vault.db.chunks.toArray()).map(async (c) =>
					c.data instanceof Blob ? new Uint8Array(await c.data.arrayBuffer())[0] : c.data[0]
				)
			);
		expect(await chunkVersions()).toEqual([1, 1, 1, 1]);
		expect(same(await vault.studies.readInstance('i1'), long)).toBe(true);
		expect((await vault.studies.listStudies()).length).toBe(2);
		expect((await vault.settings()).autoLockMinutes).toBe(7);

		await relock(vault);
		for (const table of [vault.db.studies, vault.db.series, vault.db.instances])
			expect((await table.toArray()).map((row) => row.v)).toEqual([2, 2]);
		expect((await vault.db.instances.get('i1'))!.w).toBeNull();
		// Still bound to their instance and index alone (w null, chunk context of format 1): reseal.ts.
		expect(await chunkVersions()).toEqual([2, 2, 2, 2]);
		expect(same(await vault.studies.readInstance('i1'), long)).toBe(true);
		expect(same(await vault.studies.readInstance('i2'), short)).toBe(true);
		expect((await vault.studies.listInstances('se1')).map((i) => i.size).sort()).toEqual([
			LONG,
			5000
		]);
		expect((await vault.settings()).autoLockMinutes).toBe(7);
		expect((await vault.studies.listSeries('s1')).length).toBe(1);
	});

	it('once upgraded, refuse (a) and (b) on them, and an older format-1 copy of a row put back', async () => {
		const { vault } = await legacyVault();
		const v1 = {
			instance: (await vault.db.instances.get('i1'))!,
			series: (await vault.db.series.get('se1'))!,
			study: (await vault.db.studies.get('s1'))!,
			settings: (await vault.db.meta.get('settings'))! as SettingsRow,
			providers: (await vault.db.meta.get('providers'))! as SettingsRow
		};
		await relock(vault);

		await vault.db.chunks.delete(['i1', 2]);
		await vault.db.instances.update('i1', { chunkCount: 2, size: 2 * CHUNK_BYTES });
		await refused(vault.studies.readInstance('i1'));
		await vault.db.instances.update('i2', { seriesId: 'se2', studyId: 's2' });
		await refused(vault.studies.listInstances('se2'));

		// Format 1 again, the clear fields as the attacker wants them: no longer accepted.
		await vault.db.instances.put({ ...v1.instance, chunkCount: 2, size: 2 * CHUNK_BYTES });
		await refused(vault.studies.readInstance('i1'));
		await vault.db.series.put({ ...v1.series, studyId: 's2' });
		await refused(vault.studies.listSeries('s2'));
		await vault.db.studies.put(v1.study);
		await refused(vault.studies.getStudy('s1'));
		await vault.db.meta.put(v1.providers);
		await refused(vault.providers());
		// A format-1 instance copy under a study id the ledger never had, listed in a real series: refused.
		await vault.db.instances.put({ ...v1.instance, studyId: 'never-seen' });
		await refused(vault.studies.listInstances('se1'));
		// The one exception (ledger.ts): settings of format 1, which an older Radfolio writes blind.
		await vault.db.meta.put(v1.settings);
		expect((await vault.settings()).autoLockMinutes).toBe(7);
	});

	it('once upgraded, refuse a deleted study put back from its format-1 copies', async () => {
		const { vault } = await legacyVault();
		const v1 = {
			study: (await vault.db.studies.get('s2'))!,
			series: (await vault.db.series.get('se2'))!
		};
		await relock(vault);
		await vault.studies.deleteStudy('s2');
		await vault.db.studies.put(v1.study);
		await vault.db.series.put(v1.series);
		await refused(vault.studies.listStudies());
		await refused(vault.studies.listSeries('s2'));
	});

	it('written by an older Radfolio in another tab after the upgrade (a new study, the settings) are read, then sealed at the next unlock', async () => {
		const { vault } = await vaultWithFiles();
		const bytes = fileOf(3000, 5);
		await putLegacyStudy(vault, 's9', 'se9');
		await putLegacyInstance(vault, { id: 'i9', seriesId: 'se9', studyId: 's9', uid: '9.1' }, bytes);
		await vault.db.meta.put({
			id: 'settings',
			v: 1,
			payload: vault.session.sealRecord(contexts.settings, { v: 1, autoLockMinutes: 3 })
		});
		expect((await vault.studies.listStudies()).length).toBe(3);
		expect((await vault.studies.listInstances('se9')).map((i) => i.id)).toEqual(['i9']);
		expect(same(await vault.studies.readInstance('i9'), bytes)).toBe(true);
		expect((await vault.settings()).autoLockMinutes).toBe(3);

		await relock(vault);
		expect((await vault.db.studies.get('s9'))!.v).toBe(2);
		expect((await vault.db.series.get('se9'))!.v).toBe(2);
		expect((await vault.db.instances.get('i9'))!.v).toBe(2);
		expect((await vault.db.meta.get('settings'))!.v).toBe(2);
		expect(same(await vault.studies.readInstance('i9'), bytes)).toBe(true);
		expect((await vault.settings()).autoLockMinutes).toBe(3);
		await vault.db.instances.update('i9', { seriesId: 'se1', studyId: 's1' });
		await refused(vault.studies.listInstances('se1'));
	});

	it('are accepted with their clear fields before the upgrade, as before (the documented gap)', async () => {
		const { vault } = await legacyVault();
		await vault.db.chunks.delete(['i1', 2]);
		await vault.db.instances.update('i1', { chunkCount: 2, size: 2 * CHUNK_BYTES });
		expect((await vault.studies.readInstance('i1')).length).toBe(2 * CHUNK_BYTES);
	});
});

describe('backups of format-2 rows', () => {
	async function backupOf(vault: Vault) {
		const parts: Uint8Array[] = [];
		for await (const part of exportBackup(vault)) parts.push(part.slice());
		return new Blob(parts as BlobPart[]).stream();
	}

	it('round-trip with their ledger: everything reads, and the same edits are refused in the restored vault', async () => {
		const { vault, long } = await vaultWithFiles();
		await vault.saveShares([{ id: 'share-1' }]);
		const target = await newTestVault({ create: false });
		await restoreBackup({
			vault: target,
			stream: await backupOf(vault),
			passphrase: PASSPHRASE,
			allowWeakKdf: true
		});
		await target.upgraded();
		expect((await target.studies.listStudies()).map((s) => s.id).sort()).toEqual(['s1', 's2']);
		expect(same(await target.studies.readInstance('i1'), long)).toBe(true);
		expect(await target.shares()).toEqual([{ id: 'share-1' }]);
		expect(await target.db.instances.get('i1')).toEqual(await vault.db.instances.get('i1'));
		await target.db.instances.update('i2', { seriesId: 'se2', studyId: 's2' });
		await refused(target.studies.listInstances('se2'));
	});

	it('of a vault not yet upgraded restore and are upgraded after the restore’s unlock', async () => {
		const { vault, long } = await legacyVault();
		const target = await newTestVault({ create: false });
		await restoreBackup({
			vault: target,
			stream: await backupOf(vault),
			passphrase: PASSPHRASE,
			allowWeakKdf: true
		});
		await target.upgraded();
		expect((await target.db.instances.toArray()).map((row) => row.v)).toEqual([2, 2]);
		expect(same(await target.studies.readInstance('i1'), long)).toBe(true);
		expect((await target.settings()).autoLockMinutes).toBe(7);
	});
});
