import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { readDicomdir, resolveReferencedFiles } from './dicomdir';

describe('DICOMDIR', () => {
	const cd = cdLayout([syntheticStudy(1), syntheticStudy(2, { pdfReport: true })]);
	const dicomdir = cd.find((f) => f.path === 'DICOMDIR')!;

	it('lists every referenced file, in order', () => {
		const refs = readDicomdir(dicomdir.bytes);
		expect(refs).toHaveLength(7);
		expect(refs[0]!.components).toEqual(['DICOM', 'ST000001', 'SE000001', 'IM000001']);
		expect(refs[0]!.recordType).toBe('IMAGE');
	});

	it('finds referenced files whatever their case or ISO 9660 version suffix, and reports the missing', () => {
		const refs = readDicomdir(dicomdir.bytes);
		const present = cd
			.filter((f) => f.path.startsWith('DICOM/'))
			.slice(1)
			.map((f, i) => ({
				relativePath: i % 2 ? f.path.toLowerCase() : `${f.path};1`
			}));
		const { found, missing } = resolveReferencedFiles(refs, present);
		expect(found).toHaveLength(6);
		expect(missing).toEqual(['DICOM/ST000001/SE000001/IM000001']);
	});

	it('refuses a file that is not a DICOMDIR', () => {
		expect(() => readDicomdir(new TextEncoder().encode('not a dicomdir'))).toThrow(/DICOMDIR/);
	});

	it.runIf(hasSharedDicom)('reads the charset CD in ../shared', () => {
		const bytes = readFileSync(join(SHARED_DICOM, 'cd-dicomdir/clunie_charsets/DICOMDIR'));
		const refs = readDicomdir(new Uint8Array(bytes));
		expect(refs.map((r) => r.components.join('/'))).toContain('SCSGREEK');
		expect(refs.length).toBe(11);
	});
});
