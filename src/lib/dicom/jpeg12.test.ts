import { describe, expect, it } from 'vitest';
import { convert } from '../../../tests/fixtures/dcmtk';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { transcodeForViewer } from './transcode';

/**
 * A hand-made 12-bit JPEG (extended sequential, one component): one quantisation table of ones, DC and AC tables
 * each holding one code, '00' (DC: a difference of `dcBits` bits, 0 by default; AC: end of block), and the given
 * scan data.
 */
function jpeg12(width: number, height: number, scan: number[], dcBits = 0): Uint8Array {
	const segment = (marker: number, body: number[]) => [0xff, marker, 0, body.length + 2, ...body];
	const oneCode = (tableClass: number, value: number) => [
		tableClass << 4,
		0,
		1,
		...new Array<number>(14).fill(0),
		value
	];
	return new Uint8Array([
		0xff,
		0xd8,
		...segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
		...segment(0xc4, [...oneCode(0, dcBits), ...oneCode(1, 0)]),
		...segment(0xc1, [12, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]),
		...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
		...scan,
		0xff,
		0xd9
	]);
}

function dicom(rows: number, columns: number, frame: Uint8Array): Uint8Array {
	return part10(
		[
			[0x00280002, 'US', 1],
			[0x00280004, 'CS', 'MONOCHROME2'],
			[0x00280010, 'US', rows],
			[0x00280011, 'US', columns],
			[0x00280100, 'US', 16],
			[0x00280101, 'US', 12],
			[0x00280102, 'US', 11],
			[0x00280103, 'US', 0],
			[0x7fe00010, 'OB', { fragments: [frame.length % 2 ? Uint8Array.of(...frame, 0) : frame] }]
		],
		{
			sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
			sopInstanceUID: '1.2.3.4',
			transferSyntaxUID: '1.2.840.10008.1.2.4.51'
		}
	);
}

describe('12-bit JPEG (jpeg12.ts)', () => {
	it('decodes a frame the size its header says', () => {
		// Two blocks of zero coefficients: mid-grey, 2048.
		const out = transcodeForViewer(dicom(8, 16, jpeg12(16, 8, [0x00])), '1.2.840.10008.1.2.4.51');
		const ds = dicomParser.parseDicom(out);
		const pixels = ds.elements['x7fe00010']!;
		const view = new DataView(out.buffer, out.byteOffset + pixels.dataOffset, pixels.length);
		expect(pixels.length).toBe(8 * 16 * 2);
		expect(view.getUint16(0, true)).toBe(2048);
		expect(view.getUint16(pixels.length - 2, true)).toBe(2048);
	});

	it('shows the rest of a scan whose data ends early as uniform grey, as dcmtk does, decoding nothing invented', () => {
		// No scan data at all, and a DC table whose only code, read from the zeros IJG feeds past the end, says -1:
		// decoding those zeros block after block drifts the row darker; IJG leaves every block after the one that ran
		// out of data at zero (uniform grey), and costs nothing for it (a 150-byte file claiming 4096 × 4096 took
		// 4.6 s to decode from zeros).
		const file = dicom(8, 512, jpeg12(512, 8, [], 1));
		const samples = (bytes: Uint8Array) => {
			const ds = dicomParser.parseDicom(bytes);
			const el = ds.elements['x7fe00010']!;
			return new Uint16Array(bytes.slice(el.dataOffset, el.dataOffset + 512 * 8 * 2).buffer);
		};
		const ours = samples(transcodeForViewer(file, '1.2.840.10008.1.2.4.51'));
		expect(ours).toEqual(samples(convert('dcmdjpeg', [], file)));
		expect(new Set(ours)).toEqual(new Set([2048]));
	});

	it('refuses a frame header larger than the image before allocating its pixels', () => {
		// 65535 × 65535 samples would be 8.6 GB; the DICOM header (which the viewer's size cap checked) says 8 × 8.
		// The scan data is no valid code, so the only thing the decoder could do before failing is allocate.
		const stream = jpeg12(65535, 65535, [0xff, 0x00, 0xff, 0x00, 0xff, 0x00]);
		expect(() => transcodeForViewer(dicom(8, 8, stream), '1.2.840.10008.1.2.4.51')).toThrow(
			/frame 1 says 65535×65535, not the 8×8/
		);
		// A first frame header of the right size, read by the check before decoding (frame-size.ts), then the
		// one the decoder keeps.
		const small = [0xff, 0xc1, 0, 11, 12, 0, 8, 0, 8, 1, 1, 0x11, 0];
		const twice = Uint8Array.of(0xff, 0xd8, ...small, ...stream.subarray(2));
		expect(() => transcodeForViewer(dicom(8, 8, twice), '1.2.840.10008.1.2.4.51')).toThrow(
			/frame header says 65535×65535, not the 8×8/
		);
	});
});
