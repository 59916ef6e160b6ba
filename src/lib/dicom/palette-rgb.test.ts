import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, dcmtkRender, largestDifference } from '../../../tests/fixtures/dcmtk';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { sanitizeForViewer } from './sanitize';

/**
 * Palette colour in the viewer copy, checked against dcmtk's rendering of the stored file: 8- and 16-bit pixels and
 * tables, a first mapped value other than 0 (values below it and past the table's end), little and big endian,
 * explicit and implicit VR, and a segmented palette (expanded by GDCM for dcmtk, which does not read them).
 */
const segmented = new Uint8Array(
	readFileSync(
		join(
			import.meta.dirname,
			'../../../tests/fixtures/classes/palette_segmented_16bit_explicit_be.dcm'
		)
	)
);

const words = (values: number[]) => {
	const out = new Uint8Array(values.length * 2);
	values.forEach((v, i) => new DataView(out.buffer).setUint16(i * 2, v, true));
	return out;
};

/** A palette image: `bits` per pixel and per table entry, `entries` entries from `firstMapped`. */
function paletteImage(options: {
	bits: 8 | 16;
	entries: number;
	firstMapped: number;
	implicit?: boolean;
}): Uint8Array {
	const { bits, entries, firstMapped } = options;
	const rows = 16;
	const columns = 32;
	// Values from below the first mapped one to past the table's end.
	const top = bits === 8 ? 255 : firstMapped + entries + 300;
	const values = Array.from({ length: rows * columns }, (_, i) =>
		Math.round(((i % columns) / (columns - 1)) * top * ((i / columns) % 2 ? 1 : 0.9))
	);
	const scale = bits === 8 ? 255 : 65535;
	const channel = (f: (x: number) => number) =>
		Array.from({ length: entries }, (_, i) => Math.round(f(i / (entries - 1)) * scale));
	const tables = [
		channel((x) => x),
		channel((x) => 1 - x),
		channel((x) => (x < 0.5 ? 2 * x : 2 - 2 * x))
	];
	// 8-bit entries are packed two to a 16-bit word, the first in the low byte.
	const lutData = (t: number[]) => (bits === 8 ? new Uint8Array(t) : words(t));
	const elements: Element[] = [
		[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.6.1'],
		[0x00080018, 'UI', '1.2.3.4'],
		[0x0020000d, 'UI', '1.2.3'],
		[0x0020000e, 'UI', '1.2.3.5'],
		[0x00280002, 'US', 1],
		[0x00280004, 'CS', 'PALETTE COLOR'],
		[0x00280010, 'US', rows],
		[0x00280011, 'US', columns],
		[0x00280100, 'US', bits],
		[0x00280101, 'US', bits],
		[0x00280102, 'US', bits - 1],
		[0x00280103, 'US', 0],
		[0x00281101, 'US', [entries, firstMapped, bits]],
		[0x00281102, 'US', [entries, firstMapped, bits]],
		[0x00281103, 'US', [entries, firstMapped, bits]],
		[0x00281201, 'OW', lutData(tables[0]!)],
		[0x00281202, 'OW', lutData(tables[1]!)],
		[0x00281203, 'OW', lutData(tables[2]!)],
		[0x7fe00010, bits === 8 ? 'OB' : 'OW', bits === 8 ? new Uint8Array(values) : words(values)]
	];
	return part10(elements, {
		sopClassUID: '1.2.840.10008.5.1.4.1.1.6.1',
		sopInstanceUID: '1.2.3.4',
		transferSyntaxUID: options.implicit ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1'
	});
}

function expectAsDcmtk(stored: Uint8Array, reference = dcmtkRender(stored)) {
	const copy = sanitizeForViewer(stored);
	const ds = dicomParser.parseDicom(copy);
	expect(ds.string('x00280004')).toBe('RGB');
	expect([ds.uint16('x00280002'), ds.uint16('x00280100'), ds.uint16('x00280006')]).toEqual([
		3, 8, 0
	]);
	expect(ds.elements['x00281101']).toBeUndefined();
	expect(ds.elements['x00281221']).toBeUndefined();
	expect(largestDifference(dcmtkRender(copy).rgb, reference.rgb)).toBeLessThanOrEqual(1);
}

describe('PALETTE COLOR in the viewer copy', () => {
	it('expands a segmented 16-bit palette in Explicit VR Big Endian as GDCM does', () => {
		expectAsDcmtk(segmented, dcmtkRender(convert('gdcmconv', ['--decompress-lut'], segmented)));
	});

	it.each([
		['8-bit, explicit VR', { bits: 8, entries: 200, firstMapped: 16 }],
		['8-bit, implicit VR', { bits: 8, entries: 256, firstMapped: 0, implicit: true }],
		['16-bit', { bits: 16, entries: 4096, firstMapped: 1000 }],
		['16-bit, 65536 entries', { bits: 16, entries: 65536, firstMapped: 0 }]
	] as const)('applies a %s palette as dcmtk does, in little and big endian', (_name, options) => {
		const stored = paletteImage(options);
		expectAsDcmtk(stored);
		if (!('implicit' in options)) expectAsDcmtk(convert('dcmconv', ['+tb'], stored));
	});
});
