import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { PASSPHRASE, newTestVault } from '../../../tests/fixtures/vault';
import { runImport } from '$lib/import';
import { itemFromBytes } from '$lib/import';
import { TEST_KDF, decryptShareStream, newShareKey, randomBytes } from '$lib/crypto';
import { COSTLY_KDF, costlyShareStream } from '../../../tests/fixtures/costly-kdf';
import {
	BACKUP_VERSION,
	exportBackup,
	readBackupHeader,
	restoreBackup,
	restoreTransferred
} from './backup';
import { unwrapMaster } from './keyring';
import type { Vault } from './vault';

async function backupBytes(vault: Vault): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	for await (const part of exportBackup(vault)) parts.push(part.slice());
	return Buffer.concat(parts);
}

function streamOf(bytes: Uint8Array, chunk = 4096): ReadableStream<Uint8Array> {
	let offset = 0;
	return new ReadableStream({
		pull(c) {
			if (offset >= bytes.length) return c.close();
			c.enqueue(bytes.slice(offset, (offset += chunk)));
		}
	});
}

function restoreInto(target: Vault, backup: Uint8Array, passphrase = PASSPHRASE) {
	return restoreBackup({ vault: target, stream: streamOf(backup), passphrase, allowWeakKdf: true });
}

/** The same backup with its header's KDF parameters replaced (the header is clear JSON after magic and length). */
function withKdf(backup: Uint8Array, kdf: object): Uint8Array {
	const view = new DataView(backup.buffer, backup.byteOffset);
	const length = view.getUint32(9);
	const header = JSON.parse(new TextDecoder().decode(backup.subarray(13, 13 + length))) as object;
	const json = new TextEncoder().encode(JSON.stringify({ ...header, kdf }));
	const out = new Uint8Array(13 + json.length + backup.length - 13 - length);
	out.set(backup.subarray(0, 9));
	new DataView(out.buffer).setUint32(9, json.length);
	out.set(json, 13);
	out.set(backup.subarray(13 + length), 13 + json.length);
	return out;
}

/** Runs `action`, which must reject with `code` within a second (no Argon2id ran), and returns nothing. */
async function refusedQuickly(action: () => Promise<unknown>, code: string) {
	const started = performance.now();
	await expect(action()).rejects.toMatchObject({ code });
	expect(performance.now() - started).toBeLessThan(1000);
}

async function vaultWithStudies() {
	const vault = await newTestVault();
	const cd = cdLayout([
		syntheticStudy(1, { pdfReport: true }),
		syntheticStudy(2, { modality: 'MR' })
	]);
	await runImport({
		vault,
		items: cd.map((f) => itemFromBytes(f.path, f.bytes)),
		source: { kind: 'cd', label: 'CD' }
	});
	await vault.saveSettings({ v: 1, autoLockMinutes: 30 });
	return vault;
}

describe('encrypted backup', () => {
	it('restores every study, file and setting into an empty profile after the passphrase', async () => {
		const original = await vaultWithStudies();
		const backup = await backupBytes(original);
		expect(Buffer.from(backup).includes(Buffer.from('RADFOLIOTEST'))).toBe(false);

		const target = await newTestVault({ create: false });
		expect((await readBackupHeader(streamOf(backup))).kdf.name).toBe('argon2id');
		await restoreInto(target, backup);
		expect(target.unlocked).toBe(true);
		const studies = await target.studies.listStudies();
		expect(studies.map((s) => s.study.StudyDescription).sort()).toEqual([
			'Synthetic study 1',
			'Synthetic study 2'
		]);
		expect((await target.settings()).autoLockMinutes).toBe(30);
		const [series] = await target.studies.listSeries(studies[0]!.id);
		const [instance] = await target.studies.listInstances(series!.id);
		const restored = await target.studies.readInstance(instance!.id);
		expect(
			Buffer.from(restored).equals(Buffer.from(await original.studies.readInstance(instance!.id)))
		).toBe(true);
		target.lock();
		await target.unlock(PASSPHRASE);
	});

	it('takes a vault handed over with its master key, under the new device’s own passphrase', async () => {
		const original = await vaultWithStudies();
		const master = await unwrapMaster(await original.header(), PASSPHRASE, { allowWeakKdf: true });
		const target = await newTestVault({ create: false });
		await restoreTransferred({
			vault: target,
			stream: streamOf(await backupBytes(original)),
			master,
			passphrase: 'the new device’s passphrase',
			kdf: TEST_KDF
		});
		expect(target.unlocked).toBe(true);
		expect((await target.studies.listStudies()).length).toBe(2);
		expect((await target.settings()).autoLockMinutes).toBe(30);
		target.lock();
		await expect(target.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'wrong-passphrase' });
		await target.unlock('the new device’s passphrase');
		expect((await target.studies.listStudies()).length).toBe(2);

		// Another key than the one the rows were sealed with: refused whole, nothing left behind.
		const other = await newTestVault({ create: false });
		await expect(
			restoreTransferred({
				vault: other,
				stream: streamOf(await backupBytes(original)),
				master: randomBytes(32),
				passphrase: 'x',
				kdf: TEST_KDF
			})
		).rejects.toMatchObject({ code: 'backup-invalid' });
		expect(await other.state()).toBe('none');
		expect(await other.db.chunks.count()).toBe(0);
	});

	it('writes nothing when the passphrase is wrong', async () => {
		const backup = await backupBytes(await vaultWithStudies());
		const target = await newTestVault({ create: false });
		await expect(restoreInto(target, backup, 'nope')).rejects.toMatchObject({
			code: 'wrong-passphrase'
		});
		expect(await target.state()).toBe('none');
		expect(await target.db.chunks.count()).toBe(0);
	});

	it.each([
		['cut short', (b: Uint8Array) => b.subarray(0, Math.floor(b.length * 0.7))],
		['missing its last byte', (b: Uint8Array) => b.subarray(0, b.length - 1)],
		[
			'with one byte changed',
			(b: Uint8Array) => {
				const c = b.slice();
				c[Math.floor(c.length / 2)]! ^= 1;
				return c;
			}
		],
		['with bytes appended', (b: Uint8Array) => Buffer.concat([b, new Uint8Array([1, 2, 3])])]
	])('refuses a backup %s and leaves no vault behind', async (_name, damage) => {
		const backup = damage(await backupBytes(await vaultWithStudies()));
		const target = await newTestVault({ create: false });
		await expect(restoreInto(target, backup)).rejects.toMatchObject({
			code: expect.stringMatching(/backup-invalid|damaged/)
		});
		expect(await target.state()).toBe('none');
		expect(await target.db.studies.count()).toBe(0);
		expect(await target.db.chunks.count()).toBe(0);
	});

	it('refuses a file that is not a backup, and one from a newer version', async () => {
		const target = await newTestVault({ create: false });
		await expect(
			restoreBackup({
				vault: target,
				stream: streamOf(new TextEncoder().encode('hello')),
				passphrase: PASSPHRASE
			})
		).rejects.toMatchObject({ code: 'backup-invalid' });
		const backup = (await backupBytes(await vaultWithStudies())).slice();
		backup[8] = BACKUP_VERSION + 1;
		await expect(
			restoreBackup({ vault: target, stream: streamOf(backup), passphrase: PASSPHRASE })
		).rejects.toMatchObject({ code: 'schema-too-new' });
	});

	it('refuses a backup whose header asks for 4 GiB and 64 passes, before any passphrase is tried', async () => {
		const backup = withKdf(await backupBytes(await vaultWithStudies()), COSTLY_KDF);
		await refusedQuickly(() => readBackupHeader(streamOf(backup)), 'kdf-too-costly');
		const target = await newTestVault({ create: false });
		for (const allowWeakKdf of [false, true]) {
			await refusedQuickly(
				() =>
					restoreBackup({
						vault: target,
						stream: streamOf(backup),
						passphrase: PASSPHRASE,
						allowWeakKdf
					}),
				'kdf-too-costly'
			);
		}
		expect(await target.state()).toBe('none');
		expect(await target.db.chunks.count()).toBe(0);
		// Not Argon2id at all: not a Radfolio backup.
		const other = withKdf(await backupBytes(await vaultWithStudies()), { name: 'scrypt' });
		await expect(readBackupHeader(streamOf(other))).rejects.toMatchObject({
			code: 'backup-invalid'
		});
	});

	it('refuses a vault sent from another device in a stream asking for 4 GiB and 64 passes', async () => {
		const target = await newTestVault({ create: false });
		await refusedQuickly(
			() =>
				restoreTransferred({
					vault: target,
					// As src/lib/transfer/receive.ts reads it: the share stream under the pairing key, no passphrase.
					stream: streamOf(costlyShareStream()).pipeThrough(decryptShareStream(newShareKey())),
					master: randomBytes(32),
					passphrase: 'the new device’s passphrase',
					kdf: TEST_KDF
				}),
			'kdf-too-costly'
		);
		expect(await target.state()).toBe('none');
	});

	it('refuses to restore over an existing vault', async () => {
		const backup = await backupBytes(await vaultWithStudies());
		const target = await newTestVault();
		await expect(restoreInto(target, backup)).rejects.toMatchObject({ code: 'exists' });
	});
});
