import { describe, expect, it } from 'vitest';
import { cdLayout, syntheticStudy, studyFiles } from '../../../tests/fixtures/dicom/generate';
import { planImport } from './plan';
import { itemFromBytes } from './sources';

describe('planImport', () => {
	it('follows a DICOMDIR in a subfolder, ignores the rest of that disc, and scans files outside it', async () => {
		const cd = cdLayout([syntheticStudy(1)]).map((f) =>
			itemFromBytes(`backup/cd1/${f.path}`, f.bytes)
		);
		const loose = studyFiles(syntheticStudy(2)).map((f) =>
			itemFromBytes(`other/${f.path}`, f.bytes)
		);
		const plan = await planImport([...loose, ...cd]);
		expect(plan.fromDicomdir).toBe(true);
		expect(plan.files.map((f) => f.relativePath)).toEqual([
			'backup/cd1/DICOM/ST000001/SE000001/IM000001',
			'backup/cd1/DICOM/ST000001/SE000001/IM000002',
			'backup/cd1/DICOM/ST000001/SE000001/IM000003',
			...loose.map((l) => l.relativePath)
		]);
		expect(plan.missing).toEqual([]);
	});

	it('scans the folder when its DICOMDIR cannot be read, and says so', async () => {
		const files = studyFiles(syntheticStudy(3)).map((f) => itemFromBytes(f.path, f.bytes));
		const broken = itemFromBytes('DICOMDIR', new TextEncoder().encode('garbage'));
		const plan = await planImport([broken, ...files]);
		expect(plan.fromDicomdir).toBe(false);
		expect(plan.files).toHaveLength(3);
		expect(plan.unreadableDirectories).toEqual([expect.objectContaining({ path: 'DICOMDIR' })]);
	});
});
