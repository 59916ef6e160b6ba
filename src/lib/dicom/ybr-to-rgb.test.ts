import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, dcmtkRender, largestDifference } from '../../../tests/fixtures/dcmtk';
import { editDataset, encodingOf, textValue } from './dataset-edit';
import { dicomParser } from './dicom-parser';
import { sanitizeForViewer } from './sanitize';
import { ybr422ToRgb } from './ybr-to-rgb';

const ybr422 = new Uint8Array(
	readFileSync(
		join(import.meta.dirname, '../../../tests/fixtures/classes/ybr_full_422_uncompressed.dcm')
	)
);

/** The viewer copy's header and pixels. */
function viewerCopy(bytes: Uint8Array) {
	const out = sanitizeForViewer(bytes);
	const ds = dicomParser.parseDicom(out);
	return { out, ds, photometric: ds.string('x00280004'), planar: ds.uint16('x00280006') };
}

describe('YBR_FULL_422 in the viewer copy', () => {
	it('becomes RGB with the colours dcmtk shows (pydicom SC_ybr_full_422_uncompressed.dcm)', () => {
		const { out, photometric, planar, ds } = viewerCopy(ybr422);
		expect(photometric).toBe('RGB');
		expect(planar).toBe(0);
		expect(ds.elements['x7fe00010']!.length).toBe(100 * 100 * 3);
		const reference = dcmtkRender(ybr422);
		expect(largestDifference(dcmtkRender(out).rgb, reference.rgb)).toBeLessThanOrEqual(1);
		// YBR_FULL, which dwv shows itself (odd-native.browser.test.ts), is left as it is.
		const full = new Uint8Array(
			readFileSync(
				join(import.meta.dirname, '../../../tests/fixtures/classes/ybr_full_uncompressed.dcm')
			)
		);
		expect(sanitizeForViewer(full)).toBe(full);
	});

	it('reads Big Endian files, with 8-bit samples in OB or in byte-swapped OW words', () => {
		const bigEndian = convert('dcmconv', ['+tb'], ybr422);
		const reference = dcmtkRender(ybr422).rgb;
		expect(
			largestDifference(dcmtkRender(viewerCopy(bigEndian).out).rgb, reference)
		).toBeLessThanOrEqual(1);
		// The same pixels as OW: each pair of bytes swapped, as Big Endian writes words (PS3.5 7.3).
		const ds = dicomParser.parseDicom(bigEndian, { untilTag: 'x7fe00010' });
		const pixels = ds.elements['x7fe00010']!;
		const asOw = bigEndian.slice();
		asOw.set([0x4f, 0x57], pixels.dataOffset - 8);
		for (let i = pixels.dataOffset; i < pixels.dataOffset + pixels.length; i += 2) {
			asOw[i] = bigEndian[i + 1]!;
			asOw[i + 1] = bigEndian[i]!;
		}
		expect(dcmtkRender(asOw).rgb).toEqual(dcmtkRender(bigEndian).rgb);
		expect(largestDifference(dcmtkRender(viewerCopy(asOw).out).rgb, reference)).toBeLessThanOrEqual(
			1
		);
	});

	it('converts the retired YBR_PARTIAL_422 with its own (limited range) equations', () => {
		const ds = dicomParser.parseDicom(ybr422, { untilTag: 'x7fe00010' });
		const partial = editDataset(
			ybr422,
			ds,
			encodingOf('1.2.840.10008.1.2.1')!,
			new Map([[0x00280004, { vr: 'CS', value: textValue('YBR_PARTIAL_422') }]])
		);
		const { out, photometric } = viewerCopy(partial);
		expect(photometric).toBe('RGB');
		expect(largestDifference(dcmtkRender(out).rgb, dcmtkRender(partial).rgb)).toBeLessThanOrEqual(
			2
		);
	});

	it('gives both pixels of a pair the pair’s chroma, an odd last pixel included', () => {
		// Y1 Y2 Cb Cr: grey pair, then a pure-red-ish pair (Cr high) with one pixel left over.
		const rgb = ybr422ToRgb(new Uint8Array([100, 200, 128, 128, 76, 0, 85, 255]), 3);
		expect([...rgb]).toEqual([100, 100, 100, 200, 200, 200, 254, 0, 0]);
	});
});
