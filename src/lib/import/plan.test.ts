import { describe, expect, it } from 'vitest';
import {
	cdLayout,
	dicomdirFor,
	syntheticStudy,
	studyFiles
} from '../../../tests/fixtures/dicom/generate';
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

	it('follows a DICOMDIR inside another disc’s folder too: the files only it lists are read', async () => {
		// A second CD copied into a subfolder of the first (pydicom's dicomdirtests/TINY_ALPHA is laid out so).
		const outer = cdLayout([syntheticStudy(4)]).map((f) =>
			itemFromBytes(`scans/${f.path}`, f.bytes)
		);
		const inner = cdLayout([syntheticStudy(5)]).map((f) =>
			itemFromBytes(`scans/second-cd/${f.path}`, f.bytes)
		);
		const plan = await planImport([...outer, ...inner]);
		expect(plan.files.map((f) => f.relativePath)).toEqual([
			'scans/DICOM/ST000001/SE000001/IM000001',
			'scans/DICOM/ST000001/SE000001/IM000002',
			'scans/DICOM/ST000001/SE000001/IM000003',
			'scans/second-cd/DICOM/ST000001/SE000001/IM000001',
			'scans/second-cd/DICOM/ST000001/SE000001/IM000002',
			'scans/second-cd/DICOM/ST000001/SE000001/IM000003'
		]);
		expect(plan.missing).toEqual([]);
		// What neither index lists inside the outer disc is still its own software, not read.
		const withViewer = [
			...outer,
			...inner,
			itemFromBytes('scans/VIEWER/viewer.exe', new Uint8Array(8))
		];
		expect((await planImport(withViewer)).files).toHaveLength(6);
	});

	it('reads a file two nested DICOMDIRs both list once, and misses nothing', async () => {
		const inner = cdLayout([syntheticStudy(6)]).map((f) =>
			itemFromBytes(`scans/second-cd/${f.path}`, f.bytes)
		);
		// The outer index lists the inner disc's images by their path from the outer root.
		const innerImages = inner.filter((f) => f.relativePath.includes('/DICOM/'));
		const outerDir = dicomdirFor(
			studyFiles(syntheticStudy(6)).map((f, i) => ({
				...f,
				path: innerImages[i]!.relativePath.slice('scans/'.length)
			}))
		);
		const plan = await planImport([itemFromBytes('scans/DICOMDIR', outerDir), ...inner]);
		expect(plan.files.map((f) => f.relativePath)).toEqual(innerImages.map((f) => f.relativePath));
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
