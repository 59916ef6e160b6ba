import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TEST_KDF, deriveVaultKeys, openJson } from '$lib/crypto';
import { runImport } from '$lib/import';
import { itemFromBytes } from '$lib/import';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { PASSPHRASE, newTestVault } from '../../../tests/fixtures/vault';
import { exportBackup, restoreBackup } from './backup';
import { unwrapMaster } from './keyring';
import { reencryptVault } from './reencrypt';
import { contexts } from './session';
import type { Vault } from './vault';

const NEXT = 'a brand new passphrase';

async function vaultWithStudies() {
	const vault = await newTestVault();
	await runImport({
		vault,
		items: cdLayout([
			syntheticStudy(1, { pdfReport: true }),
			syntheticStudy(2, { modality: 'MR' })
		]).map((f) => itemFromBytes(f.path, f.bytes)),
		source: { kind: 'cd', label: 'CD' }
	});
	await vault.saveSettings({ v: 1, autoLockMinutes: 30 });
	const [first] = await vault.studies.listStudies();
	await vault.saveShares([{ id: 'share-1', studyId: first!.id, url: 'https://x/s/1#key' }]);
	await vault.saveProviders([
		{ id: 'p1', name: 'Clinic', dicomWebUrl: 'https://g', token: 't', connectedAt: '2024-01-01' }
	]);
	return vault;
}

/** Every file's bytes by SOP Instance UID (ids differ between the two vaults). */
async function filesByUid(vault: Vault): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	for (const study of await vault.studies.listStudies())
		for (const series of await vault.studies.listSeries(study.id))
			for (const instance of await vault.studies.listInstances(series.id))
				out.set(
					instance.SOPInstanceUID,
					Buffer.from(await vault.studies.readInstance(instance.id)).toString('base64')
				);
	return out;
}

async function backupStream(vault: Vault) {
	const parts: Uint8Array[] = [];
	for await (const part of exportBackup(vault)) parts.push(part.slice());
	return new Blob(parts as BlobPart[]).stream();
}

describe('change passphrase and re-encrypt', () => {
	it('copies every study, file, setting, provider and share under a new master key and passphrase', async () => {
		const source = await vaultWithStudies();
		const before = await backupStream(source);
		const target = await newTestVault({ create: false });
		let progress = 0;
		await reencryptVault({
			source,
			target,
			passphrase: PASSPHRASE,
			next: NEXT,
			kdf: TEST_KDF,
			onProgress: (bytes) => (progress = bytes)
		});
		expect(progress).toBeGreaterThan(0);
		expect(await filesByUid(target)).toEqual(await filesByUid(source));
		const [was, now] = [await source.studies.listStudies(), await target.studies.listStudies()];
		const strip = (list: typeof was) =>
			list
				.map(({ id: _id, cover: _cover, ...rest }) => rest)
				.sort((a, b) => a.StudyInstanceUID.localeCompare(b.StudyInstanceUID));
		expect(strip(now)).toEqual(strip(was));
		// New ids everywhere, and what names them follows.
		const oldIds = new Set(was.map((s) => s.id));
		expect(now.some((s) => oldIds.has(s.id))).toBe(false);
		const [share] = (await target.shares()) as { studyId: string }[];
		expect(now.map((s) => s.id)).toContain(share!.studyId);
		expect(now.filter((s) => s.cover).length).toBe(2);
		for (const study of now.filter((s) => s.cover)) {
			const series = await target.studies.listInstances(study.cover!.seriesId);
			expect(series.map((i) => i.id)).toContain(study.cover!.instanceId);
		}
		expect((await target.settings()).autoLockMinutes).toBe(30);
		expect((await target.providers())[0]).toMatchObject({ name: 'Clinic', token: 't' });

		// The old passphrase does not open it; the new one does; the old master key opens none of its rows.
		target.lock();
		await expect(target.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
		await target.unlock(NEXT);
		const oldMaster = await unwrapMaster(await source.header(), PASSPHRASE, { allowWeakKdf: true });
		const oldKeys = deriveVaultKeys(oldMaster);
		const row = (await target.db.studies.toArray())[0]!;
		expect(() => openJson(oldKeys.record, contexts.study(row.id), row.payload)).toThrow();
		expect(
			(await target.db.instances.toArray()).every((r) => typeof r.w === 'string' && r.v === 2)
		).toBe(true);

		// What an old backup still does: it opens, with the old passphrase, the copy it holds.
		const restored = await newTestVault({ create: false });
		await restoreBackup({
			vault: restored,
			stream: before,
			passphrase: PASSPHRASE,
			allowWeakKdf: true
		});
		expect((await restored.studies.listStudies()).length).toBe(2);
	});

	it('writes nothing when the current passphrase is wrong', async () => {
		const source = await vaultWithStudies();
		const target = await newTestVault({ create: false });
		await expect(
			reencryptVault({ source, target, passphrase: 'nope', next: NEXT, kdf: TEST_KDF })
		).rejects.toMatchObject({ code: 'wrong-passphrase' });
		expect(await target.state()).toBe('none');
		expect(await target.db.meta.count()).toBe(0);
	});

	it('stops at a row changed outside Radfolio and leaves no vault in the new database', async () => {
		const source = await vaultWithStudies();
		const [instance] = await source.db.instances.toArray();
		await source.db.instances.update(instance!.id, { size: instance!.size - 1 });
		const target = await newTestVault({ create: false });
		await expect(
			reencryptVault({ source, target, passphrase: PASSPHRASE, next: NEXT, kdf: TEST_KDF })
		).rejects.toMatchObject({ code: 'tampered' });
		expect(await target.state()).toBe('none');
		expect(await target.db.chunks.count()).toBe(0);
	});
});
