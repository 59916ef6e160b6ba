import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { readStoredDisplay, storedGrey, storedRamp, type StoredDisplay } from './voi';

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures');

function header(extra: Element[], photometric = 'MONOCHROME2'): Uint8Array {
	return part10(
		[
			[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
			[0x00080018, 'UI', '1.2.3.4'],
			[0x00280002, 'US', photometric.startsWith('MONO') ? 1 : 3],
			[0x00280004, 'CS', photometric],
			[0x00280103, 'US', 0],
			...extra
		],
		{ sopClassUID: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUID: '1.2.3.4' }
	);
}

function display(extra: Element[]): StoredDisplay {
	return readStoredDisplay(header(extra))!;
}

/** Each class file's pixels through storedGrey, against dcmtk's rendering of the same file (make-voi-classes.py). */
function compareWithDcmtk(name: string): { exact: number; total: number } {
	const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'classes', `${name}.dcm`)));
	const stored = readStoredDisplay(bytes)!;
	const dataSet = dicomParser.parseDicom(bytes);
	const pixels = dataSet.elements['x7fe00010']!;
	const values = new Uint16Array(
		bytes.slice(pixels.dataOffset, pixels.dataOffset + pixels.length).buffer
	);
	const pgm = new Uint8Array(readFileSync(join(FIXTURES, 'voi-references', `${name}.pgm`)));
	const start = pgm.length - values.length;
	let exact = 0;
	values.forEach((value, i) => {
		if (storedGrey(stored, value * stored.slope + stored.intercept) === pgm[start + i]) exact++;
	});
	return { exact, total: values.length };
}

describe('the stored display (PS3.3 C.11.2)', () => {
	it('reads the first window, its function, the rescale and MONOCHROME1', () => {
		const bytes = new Uint8Array(
			readFileSync(join(FIXTURES, 'classes', 'cr-monochrome1-window.dcm'))
		);
		expect(readStoredDisplay(bytes)).toMatchObject({
			inverted: true,
			slope: 2,
			intercept: -500,
			window: { center: 5000, width: 9000, fn: 'LINEAR' },
			lut: null
		});
		expect(
			display([
				[0x00281050, 'DS', '40\\300'],
				[0x00281051, 'DS', '400\\1500']
			]).window
		).toEqual({
			center: 40,
			width: 400,
			fn: 'LINEAR'
		});
		expect(
			display([
				[0x00281050, 'DS', '0'],
				[0x00281051, 'DS', '0.5'],
				[0x00281056, 'CS', 'LINEAR_EXACT']
			]).window
		).toEqual({ center: 0, width: 0.5, fn: 'LINEAR_EXACT' });
	});

	it('ignores an invalid width (≤ 0, or < 1 for LINEAR), as dcmtk does', () => {
		expect(
			display([
				[0x00281050, 'DS', '100'],
				[0x00281051, 'DS', '0']
			]).window
		).toBeNull();
		expect(
			display([
				[0x00281050, 'DS', '100'],
				[0x00281051, 'DS', '-5']
			]).window
		).toBeNull();
		expect(
			display([
				[0x00281050, 'DS', '100'],
				[0x00281051, 'DS', '0.5']
			]).window
		).toBeNull();
		expect(
			display([
				[0x00281050, 'DS', '100'],
				[0x00281051, 'DS', '0'],
				[0x00281056, 'CS', 'SIGMOID']
			]).window
		).toBeNull();
	});

	it('reads the first VOI LUT when there is no valid window, signed first values included', () => {
		const lutItem = (first: number, vr: string): Element[] => [
			[0x00283002, vr, [4, first, 8]],
			[0x00283006, 'US', [0, 100, 200, 255]]
		];
		const unsigned = display([[0x00283010, 'SQ', [lutItem(10, 'US')]]]);
		expect(unsigned.window).toBeNull();
		expect(unsigned.lut).toMatchObject({ firstMapped: 10, bits: 8 });
		expect(Array.from(unsigned.lut!.data)).toEqual([0, 100, 200, 255]);
		expect([9, 10, 11, 12, 13, 99].map((x) => storedGrey(unsigned, x))).toEqual([
			0, 0, 100, 200, 255, 255
		]);
		const signed = display([[0x00283010, 'SQ', [lutItem(65536 - 1024, 'SS')]]]);
		expect(signed.lut!.firstMapped).toBe(-1024);
		// A window, even with a LUT beside it, comes first.
		const both = display([
			[0x00281050, 'DS', '10'],
			[0x00281051, 'DS', '20'],
			[0x00283010, 'SQ', [lutItem(0, 'US')]]
		]);
		expect(both.lut).toBeNull();
		expect(both.window).not.toBeNull();
	});

	it('has no stored display for colour', () => {
		expect(readStoredDisplay(header([], 'RGB'))).toBeNull();
		expect(readStoredDisplay(header([], 'PALETTE COLOR'))).toBeNull();
	});

	it('gives the greys dcmtk renders, for every pixel of each class file', () => {
		for (const name of [
			'mr-window-wider-than-range',
			'cr-monochrome1-window',
			'mr-sigmoid-window',
			'mr-voi-lut-sequence'
		]) {
			const { exact, total } = compareWithDcmtk(name);
			expect(exact, name).toBe(total);
		}
	});

	it('applies each function as the standard writes it, and knows where it changes', () => {
		const linear = display([
			[0x00281050, 'DS', '100'],
			[0x00281051, 'DS', '21']
		]);
		// LINEAR: x ≤ c - 0.5 - (w-1)/2 → 0; x > c - 0.5 + (w-1)/2 → 255.
		expect([89.5, 90, 99.5, 109.5, 110].map((x) => storedGrey(linear, x))).toEqual([
			0, 6, 127, 255, 255
		]);
		expect(storedRamp(linear)).toEqual({ low: 89.5, high: 109.5 });
		const exact = display([
			[0x00281050, 'DS', '100'],
			[0x00281051, 'DS', '20'],
			[0x00281056, 'CS', 'LINEAR_EXACT']
		]);
		expect([90, 95, 100, 110].map((x) => storedGrey(exact, x))).toEqual([0, 63, 127, 255]);
		const sigmoid = display([
			[0x00281050, 'DS', '100'],
			[0x00281051, 'DS', '20'],
			[0x00281056, 'CS', 'SIGMOID']
		]);
		expect(storedGrey(sigmoid, 100)).toBe(127);
		expect(storedGrey(sigmoid, 110)).toBe(Math.floor(255 / (1 + Math.exp(-2))));
		expect(storedRamp(sigmoid)).toBeNull();
		const inverted = readStoredDisplay(
			header(
				[
					[0x00281050, 'DS', '100'],
					[0x00281051, 'DS', '21']
				],
				'MONOCHROME1'
			)
		)!;
		expect([89, 110].map((x) => storedGrey(inverted, x))).toEqual([255, 0]);
	});
});
