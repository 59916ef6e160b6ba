import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dicomParser } from './dicom-parser';
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
