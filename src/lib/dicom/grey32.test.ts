import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { decimalString } from './grey32';
import { sanitizeForViewer } from './sanitize';

const DOSE = join(import.meta.dirname, '../../../tests/fixtures/classes/rtdose_32bit_3frames.dcm');

describe('32-bit greyscale for the viewer', () => {
	it('hands dwv 16-bit values whose rescale gives back every dose value within one step of its range', () => {
		const original = new Uint8Array(readFileSync(DOSE));
		const before = dicomParser.parseDicom(original);
		const stored = new Uint32Array(
			original.slice(
				before.elements['x7fe00010']!.dataOffset,
				before.elements['x7fe00010']!.dataOffset + before.elements['x7fe00010']!.length
			).buffer
		);
		const copy = sanitizeForViewer(original);
		const after = dicomParser.parseDicom(copy);
		expect(after.uint16('x00280100')).toBe(16);
		expect(after.uint16('x00280101')).toBe(16);
		const slope = Number(after.string('x00281053'));
		const intercept = Number(after.string('x00281052'));
		const pixel = after.elements['x7fe00010']!;
		expect(pixel.length).toBe(stored.length * 2);
		const shown = new Uint16Array(
			copy.slice(pixel.dataOffset, pixel.dataOffset + pixel.length).buffer
		);
		const range = Math.max(...stored) - Math.min(...stored);
		let worst = 0;
		for (let i = 0; i < stored.length; i++)
			worst = Math.max(worst, Math.abs(shown[i]! * slope + intercept - stored[i]!));
		expect(worst).toBeLessThanOrEqual(range / 65_535);
		// The rest of the header (the dose's own description) comes through.
		expect(after.string('x30040002')).toBe('GY');
		expect(after.string('x00280008')).toBe('3');
	});

	it('writes rescale values as DS allows (16 characters at most)', () => {
		for (const n of [1, 21, -1024, 1e-6 * 21, 0.000123456789123, 123456.789012345, 4.2e-12])
			expect(decimalString(n).length, String(n)).toBeLessThanOrEqual(16);
		expect(Number(decimalString(0.000123456789123))).toBeCloseTo(0.000123456789123, 12);
	});
});

describe('32-bit greyscale from a hostile header', () => {
	const image = (slope: string, values: number[]) => {
		const pixels = new Uint8Array(new Uint32Array(values).buffer);
		return part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.481.2'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x00280002, 'US', 1],
				[0x00280004, 'CS', 'MONOCHROME2'],
				[0x00280010, 'US', 2],
				[0x00280011, 'US', 2],
				[0x00280100, 'US', 32],
				[0x00280101, 'US', 32],
				[0x00280102, 'US', 31],
				[0x00280103, 'US', 0],
				[0x00281052, 'DS', '0'],
				[0x00281053, 'DS', slope],
				[0x7fe00010, 'OW', pixels]
			],
			{ sopClassUID: '1.2.840.10008.5.1.4.1.1.481.2', sopInstanceUID: '1.2.3.4.5' }
		);
	};

	it('refuses a rescale whose values no number holds instead of handing dwv "Infinity"', () => {
		// 1e305 × 4,294,967,295 is past the largest double: the stored values themselves have no size.
		const file = image('1e305', [0, 1, 0xffffffff, 5]);
		expect(() => sanitizeForViewer(file)).toThrow(DicomError);
	});

	it('shows an image of one value (no range) as that value', () => {
		const copy = sanitizeForViewer(image('2', [70000, 70000, 70000, 70000]));
		const after = dicomParser.parseDicom(copy);
		const slope = Number(after.string('x00281053'));
		const intercept = Number(after.string('x00281052'));
		expect(Number.isFinite(slope) && Number.isFinite(intercept)).toBe(true);
		const pixel = after.elements['x7fe00010']!;
		const shown = new Uint16Array(copy.slice(pixel.dataOffset, pixel.dataOffset + 8).buffer);
		expect([...shown].map((v) => v * slope + intercept)).toEqual([140000, 140000, 140000, 140000]);
	});
});
