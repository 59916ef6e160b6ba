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
});
