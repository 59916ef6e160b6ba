import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '$lib/crypto';
import {
	PASSPHRASE,
	newTestVault,
	rawVaultText,
	testInstanceRecord
} from '../../../tests/fixtures/vault';
import { COSTLY_KDF } from '../../../tests/fixtures/costly-kdf';
import { Vault } from './vault';
import { VaultError } from './errors';
import { CHUNK_BYTES } from './studies';

async function expectVaultError(promise: Promise<unknown>, code: string) {
	await expect(promise).rejects.toBeInstanceOf(VaultError);
	await expect(promise).rejects.toMatchObject({ code });
}

const record = testInstanceRecord('1.2.3.4.5.6', 'IM1');

describe('vault lifecycle', () => {
	it('creates, locks, refuses a wrong passphrase without touching anything, and unlocks', async () => {
		const vault = await newTestVault({ create: false });
		expect(await vault.state()).toBe('none');
		await vault.create(PASSPHRASE, TEST_KDF);
		expect(await vault.state()).toBe('unlocked');
		vault.lock();
		expect(await vault.state()).toBe('locked');
		expect(() => vault.session).toThrow(VaultError);
		const before = await rawVaultText(vault);
		await expectVaultError(vault.unlock('wrong passphrase'), 'wrong-passphrase');
		expect(await rawVaultText(vault)).toBe(before);
		await vault.unlock(PASSPHRASE);
		expect(vault.unlocked).toBe(true);
	});

	it('refuses to create a second vault over the first', async () => {
		const vault = await newTestVault();
		await expectVaultError(vault.create('another', TEST_KDF), 'exists');
	});

	it('changes the passphrase by rewrapping the key: data stays readable, the old passphrase stops working', async () => {
		const vault = await newTestVault();
		await vault.studies.putStudy('s1', { v: 1 } as never);
		const rowBefore = await vault.db.studies.get('s1');
		await vault.changePassphrase(PASSPHRASE, 'new passphrase', TEST_KDF);
		vault.lock();
		await expectVaultError(vault.unlock(PASSPHRASE), 'wrong-passphrase');
		await vault.unlock('new passphrase');
		expect(await vault.db.studies.get('s1')).toEqual(rowBefore);
		expect(await vault.studies.getStudy('s1')).toMatchObject({ v: 1, id: 's1' });
	});

	it('keeps settings sealed and round-trips them', async () => {
		const vault = await newTestVault();
		expect((await vault.settings()).autoLockMinutes).toBe(15);
		await vault.saveSettings({ v: 1, autoLockMinutes: 5 });
		vault.lock();
		await vault.unlock(PASSPHRASE);
		expect((await vault.settings()).autoLockMinutes).toBe(5);
	});

	it('refuses stored KDF parameters weakened below the floor (outside tests)', async () => {
		const vault = await newTestVault();
		const strict = new Vault({ dbName: vault.db.name });
		await expectVaultError(strict.unlock(PASSPHRASE), 'damaged');
	});

	it('refuses a stored header asking for 4 GiB and 64 passes without deriving (kdf-too-costly)', async () => {
		const vault = await newTestVault();
		const header = await vault.header();
		await vault.db.meta.put({ ...header, kdf: { ...COSTLY_KDF } });
		vault.lock();
		const started = performance.now();
		await expectVaultError(vault.unlock(PASSPHRASE), 'kdf-too-costly');
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

describe('instances in chunks', () => {
	const bytes = Uint8Array.from(
		{ length: Math.floor(CHUNK_BYTES * 2.5) },
		(_, i) => (i * 31) & 255
	);

	it('stores a file in sealed chunks and reads back the same bytes', async () => {
		const vault = await newTestVault();
		await vault.studies.putInstance({ id: 'i1', seriesId: 'se1', studyId: 's1', record, bytes });
		expect(await vault.db.chunks.where('instanceId').equals('i1').count()).toBe(3);
		// Compare as buffers: a deep equal over 2.5 M elements takes seconds.
		expect(Buffer.from(await vault.studies.readInstance('i1')).equals(Buffer.from(bytes))).toBe(
			true
		);
		const [listed] = await vault.studies.listInstances('se1');
		expect(listed).toMatchObject({ id: 'i1', size: bytes.length, SOPInstanceUID: '1.2.3.4.5.6' });
	});

	it('fails whole, never partial, when a chunk is altered, swapped or missing', async () => {
		const vault = await newTestVault();
		await vault.studies.putInstance({ id: 'i1', seriesId: 'se1', studyId: 's1', record, bytes });
		const c0 = (await vault.db.chunks.get(['i1', 0]))!;
		const c1 = (await vault.db.chunks.get(['i1', 1]))!;

		const stored = c1.data instanceof Blob ? new Uint8Array(await c1.data.arrayBuffer()) : c1.data;
		const flipped = stored.slice();
		flipped[100]! ^= 1;
		await vault.db.chunks.put({ ...c1, data: flipped });
		await expectVaultError(vault.studies.readInstance('i1'), 'damaged');

		// Another chunk's authentic record in this place: sealed for elsewhere.
		await vault.db.chunks.put({ ...c1, data: c0.data });
		await expectVaultError(vault.studies.readInstance('i1'), 'tampered');

		await vault.db.chunks.delete(['i1', 1]);
		await expectVaultError(vault.studies.readInstance('i1'), 'damaged');
	});

	it('deletes a study with everything under it', async () => {
		const vault = await newTestVault();
		await vault.studies.putStudy('s1', { v: 1 } as never);
		await vault.studies.putSeries('se1', 's1', { v: 1 } as never);
		await vault.studies.putInstance({ id: 'i1', seriesId: 'se1', studyId: 's1', record, bytes });
		await vault.studies.putInstance({ id: 'other', seriesId: 'x', studyId: 's2', record, bytes });
		await vault.studies.deleteStudy('s1');
		expect(await vault.db.studies.count()).toBe(0);
		expect(await vault.db.series.count()).toBe(0);
		expect(await vault.db.instances.count()).toBe(1);
		expect(await vault.db.chunks.where('instanceId').equals('i1').count()).toBe(0);
		expect(await vault.db.chunks.where('instanceId').equals('other').count()).toBe(3);
	});
});

describe('a study’s cover', () => {
	const cover = {
		seriesId: 'se1',
		instanceId: 'COVER-INSTANCE-2718',
		TransferSyntaxUID: '1.2.840.10008.1.2.1'
	};

	it('is remembered sealed, changes nothing else, and is not rewritten when it is the same', async () => {
		const vault = await newTestVault();
		await vault.studies.putStudy('s1', { v: 1, imageCount: 3, complete: true } as never);
		await vault.studies.rememberCover('s1', cover);
		expect(await vault.studies.getStudy('s1')).toEqual({
			v: 1,
			imageCount: 3,
			complete: true,
			cover,
			id: 's1'
		});
		expect(await rawVaultText(vault)).not.toContain('COVER-INSTANCE');
		const sealed = (await vault.db.studies.get('s1'))!.payload;
		await vault.studies.rememberCover('s1', { ...cover });
		expect((await vault.db.studies.get('s1'))!.payload).toEqual(sealed);
		await vault.studies.rememberCover('s1', { ...cover, instanceId: 'i3' });
		expect((await vault.studies.getStudy('s1'))!.cover?.instanceId).toBe('i3');
	});

	it('is not written for a study that is gone', async () => {
		const vault = await newTestVault();
		await vault.studies.rememberCover('gone', cover);
		expect(await vault.db.studies.count()).toBe(0);
	});
});
