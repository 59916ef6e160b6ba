import { describe, expect, it } from 'vitest';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { sanitizeForViewer } from './sanitize';

describe('sanitizeForViewer', () => {
	const base = (extra: Element[]) =>
		part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.128'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x0020000d, 'UI', '1.2.3'],
				[0x0020000e, 'UI', '1.2.3.4'],
				[0x00280010, 'US', 2],
				[0x00280011, 'US', 2],
				[0x7fe00010, 'OW', new Uint8Array(8)],
				...extra
			],
			{ sopClassUID: '1.2.840.10008.5.1.4.1.1.128', sopInstanceUID: '1.2.3.4.5' }
		);
	const read = (b: Uint8Array) => dicomParser.parseDicom(b);

	it('removes a zero pixel spacing and keeps everything else', () => {
		const out = read(sanitizeForViewer(base([[0x00280030, 'DS', '0.000\\0.000']])));
		expect(out.string('x00280030')).toBeUndefined();
		expect(out.uint16('x00280010')).toBe(2);
		expect(out.elements['x7fe00010']!.length).toBe(8);
	});

	it('keeps a valid pixel spacing untouched (same bytes)', () => {
		const input = base([[0x00280030, 'DS', '0.5\\0.5']]);
		expect(sanitizeForViewer(input)).toBe(input);
	});

	it('shows PET without SUV inputs as stored values, and leaves complete PET alone', () => {
		const bare = read(sanitizeForViewer(base([[0x00080060, 'CS', 'PT']])));
		expect(bare.string('x00080060')).toBe('OT');
		const complete = base([
			[0x00080060, 'CS', 'PT'],
			[0x00080021, 'DA', '20240101'],
			[0x00080031, 'TM', '101010']
		]);
		expect(read(sanitizeForViewer(complete)).string('x00080060')).toBe('PT');
	});

	it('drops the pad byte after odd-sized native colour pixels, so dwv splits frames right', () => {
		const rgb = Uint8Array.from({ length: 3 * 3 * 1 * 3 }, (_, i) => i + 1); // 3 frames of 3×1 RGB: 27 bytes
		const input = base([
			[0x00280002, 'US', 3],
			[0x00280004, 'CS', 'RGB'],
			[0x00280006, 'US', 0],
			[0x00280008, 'IS', '3'],
			[0x00280100, 'US', 8]
		]);
		const file = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7.3'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x00280002, 'US', 3],
				[0x00280004, 'CS', 'RGB'],
				[0x00280006, 'US', 0],
				[0x00280008, 'IS', '3'],
				[0x00280010, 'US', 1],
				[0x00280011, 'US', 3],
				[0x00280100, 'US', 8],
				[0x7fe00010, 'OB', rgb]
			],
			{ sopClassUID: '1.2.840.10008.5.1.4.1.1.7.3', sopInstanceUID: '1.2.3.4.5' }
		);
		expect(read(file).elements['x7fe00010']!.length).toBe(28);
		const out = sanitizeForViewer(file);
		const pixel = read(out).elements['x7fe00010']!;
		expect(pixel.length).toBe(27);
		expect(Array.from(out.subarray(pixel.dataOffset, pixel.dataOffset + 27))).toEqual(
			Array.from(rgb)
		);
		expect(out.length).toBe(file.length - 1);
		// A file whose pixels need no pad keeps its bytes.
		expect(sanitizeForViewer(input)).toBe(input);
	});
});
