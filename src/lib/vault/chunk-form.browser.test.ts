import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '$lib/crypto';
import { runImport, itemFromBytes } from '$lib/import';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { Vault } from './vault';

/**
 * Real Chromium, real workers making the Blobs, with IndexedDB made to refuse Blob values as WebKit does in a
 * private session ("Error preparing Blob/File data to be stored in object store"). The engines stage
 * (tests/engines) runs the same import in a real WebKit session, which refuses them for real.
 */
const original = IDBObjectStore.prototype.put;
let refused = 0;
afterEach(() => {
	IDBObjectStore.prototype.put = original;
});

describe('a browser that refuses Blobs in IndexedDB', () => {
	it('imports a CD all the same, as bytes, and every file reads back', async () => {
		IDBObjectStore.prototype.put = function (
			this: IDBObjectStore,
			value: unknown,
			key?: IDBValidKey
		) {
			if ((value as { data?: unknown } | null)?.data instanceof Blob) {
				refused++;
				throw new DOMException(
					'Error preparing Blob/File data to be stored in object store',
					'UnknownError'
				);
			}
			return original.call(this, value, key);
		};
		const vault = new Vault({ dbName: `rf-noblob-${crypto.randomUUID()}`, allowWeakKdf: true });
		await vault.create('browser test passphrase', TEST_KDF);
		const study = syntheticStudy(51, {
			series: [{ uid: '1.2.826.0.1.3680043.10.1337.51.1', description: 'Axial', count: 12 }]
		});
		const files = cdLayout([study]);
		const summary = await runImport({
			vault,
			items: files.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'cd', label: 'CD' }
		});
		expect(summary.stoppedBy).toBeNull();
		expect(summary.imported).toBe(12);
		expect(refused).toBeGreaterThan(0);
		const chunks = await vault.db.chunks.toArray();
		expect(chunks.every((c) => c.data instanceof Uint8Array)).toBe(true);
		const [listed] = await vault.studies.listStudies();
		expect(listed).toMatchObject({ imageCount: 12, complete: true });
		const byName = new Map(files.map((f) => [f.path.split('/').pop()!, f.bytes]));
		const series = await vault.studies.listSeries(listed!.id);
		for (const instance of await vault.studies.listInstances(series[0]!.id)) {
			const original = byName.get(instance.fileName);
			if (original) expect(await vault.studies.readInstance(instance.id)).toEqual(original);
		}
		vault.lock();
	});
});
