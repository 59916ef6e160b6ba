import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { imageFile, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { newTestVault } from '../../../tests/fixtures/vault';
import { runImport } from './pipeline';
import { itemFromBytes } from './sources';

const original = IDBObjectStore.prototype.put;
/** Every chunk write refused (as a browser that cannot store anything more for a reason other than quota). */
function refuseChunks() {
	IDBObjectStore.prototype.put = function (
		this: IDBObjectStore,
		value: unknown,
		key?: IDBValidKey
	) {
		if (this.name === 'chunks') throw new DOMException('refused', 'UnknownError');
		return original.call(this, value, key);
	};
}
afterEach(() => {
	IDBObjectStore.prototype.put = original;
});

const study = syntheticStudy(41, { description: 'CT head' });

describe('an import that stores nothing', () => {
	it('leaves no empty study behind, and counts none', async () => {
		const vault = await newTestVault();
		refuseChunks();
		const summary = await runImport({
			vault,
			items: [itemFromBytes('a.dcm', imageFile(study, 0, 0))],
			source: { kind: 'files', label: 'a.dcm' }
		});
		expect(summary.stoppedBy?.code).toBe('write-failed');
		expect(summary.imported).toBe(0);
		expect(summary.studyIds).toEqual([]);
		expect(await vault.studies.listStudies()).toEqual([]);
		expect(await vault.db.series.count()).toBe(0);
	});

	it('keeps a study that was already there, marked incomplete', async () => {
		const vault = await newTestVault();
		await runImport({
			vault,
			items: [itemFromBytes('a.dcm', imageFile(study, 0, 0))],
			source: { kind: 'files', label: 'a.dcm' }
		});
		refuseChunks();
		const summary = await runImport({
			vault,
			items: [itemFromBytes('b.dcm', imageFile(study, 0, 1))],
			source: { kind: 'files', label: 'b.dcm' }
		});
		expect(summary.imported).toBe(0);
		const [kept] = await vault.studies.listStudies();
		expect(kept).toMatchObject({ instanceCount: 1, complete: false });
	});
});
