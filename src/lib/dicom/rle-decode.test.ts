import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { decodeRleFrame } from './rle-decode';
import { sanitizeForViewer } from './sanitize';
import { rleNeedsTranscoding, transcodeRleForViewer } from './transcode';

const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');

describe('RLE that dwv cannot show, decoded for it', () => {
	it('16-bit RGB, 2 frames: each pixel of each frame comes out as its top 8 bits, in RGB order', () => {
		const bytes = new Uint8Array(readFileSync(join(CLASSES, 'rgb16_rle_2frames.dcm')));
		expect(rleNeedsTranscoding(bytes)).toBe(true);
		const copy = sanitizeForViewer(transcodeRleForViewer(bytes));
		const ds = dicomParser.parseDicom(copy);
		expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
		expect(ds.uint16('x00280100')).toBe(8);
		expect(ds.uint16('x00280006')).toBe(0);
		const pixel = ds.elements['x7fe00010']!;
		const rgb = copy.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length);
		expect(rgb.length).toBe(2 * 24 * 32 * 3);
		// The values make_odd_native.py (make_rgb16_rle) wrote.
		for (const [frame, row, column] of [
			[0, 0, 0],
			[0, 23, 31],
			[1, 5, 17],
			[1, 23, 0]
		] as const) {
			const at = ((frame * 24 + row) * 32 + column) * 3;
			expect([rgb[at], rgb[at + 1], rgb[at + 2]], `frame ${frame} (${row}, ${column})`).toEqual([
				((column * 2000 + frame * 9000) % 65536) >> 8,
				(row * 2700) >> 8,
				((row * 1100 + column * 900 + frame * 20000) % 65536) >> 8
			]);
		}
	});

	it('leaves 8-bit and 16-bit grey RLE to dwv', () => {
		// A 16-bit grey header (ct-signed.dcm's): dwv decodes such RLE right itself (pydicom's MR_small_RLE.dcm).
		const mr = new Uint8Array(readFileSync(join(CLASSES, 'ct-signed.dcm')));
		expect(rleNeedsTranscoding(mr)).toBe(false);
	});

	it('refuses a segment table that points outside its frame instead of reading past it', () => {
		const frame = new Uint8Array(64 + 4);
		const view = new DataView(frame.buffer);
		view.setUint32(0, 1, true);
		view.setUint32(4, 0x7ffffff0, true);
		expect(() =>
			decodeRleFrame(frame, { rows: 2, columns: 2, samples: 1, bitsAllocated: 8 })
		).toThrow(DicomError);
	});

	it('refuses a header asking for more segments than an RLE frame header holds, with a reason', () => {
		// Four samples of 32 bits: 16 segments, whose 16th offset would be read from the first segment's bytes.
		const frame = new Uint8Array(64);
		new DataView(frame.buffer).setUint32(0, 16, true);
		expect(() =>
			decodeRleFrame(frame, { rows: 1, columns: 1, samples: 4, bitsAllocated: 32 })
		).toThrow(DicomError);
	});

	it('decodes PackBits runs and literals, most significant byte first, into little endian', () => {
		// One 16-bit sample, 2×2 pixels: high bytes as a run of 4 × 0x12, low bytes as literals 1, 2, 3, 4.
		const high = [-3 & 0xff, 0x12];
		const low = [3, 1, 2, 3, 4];
		const frame = new Uint8Array(64 + high.length + low.length);
		const view = new DataView(frame.buffer);
		view.setUint32(0, 2, true);
		view.setUint32(4, 64, true);
		view.setUint32(8, 64 + high.length, true);
		frame.set(high, 64);
		frame.set(low, 64 + high.length);
		const decoded = decodeRleFrame(frame, { rows: 2, columns: 2, samples: 1, bitsAllocated: 16 });
		expect([...new Uint16Array(decoded.pixels.buffer)]).toEqual([0x1201, 0x1202, 0x1203, 0x1204]);
	});
	it('12-bit RGB in 16 bits allocated comes out as the top 8 of its 12 bits, as dcmtk shows it, not near black', () => {
		// One 2×2 frame, every pixel R 4095, G 2048, B 0: six segments (three samples, high byte first), each a
		// literal run of four bytes.
		const segments = [0x0f, 0xff, 0x08, 0x00, 0x00, 0x00].map((b) => [3, b, b, b, b]);
		const frame = new Uint8Array(64 + segments.length * 5);
		const view = new DataView(frame.buffer);
		view.setUint32(0, segments.length, true);
		segments.forEach((segment, s) => {
			view.setUint32(4 + s * 4, 64 + s * 5, true);
			frame.set(segment, 64 + s * 5);
		});
		const file = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x00280002, 'US', 3],
				[0x00280004, 'CS', 'RGB'],
				[0x00280006, 'US', 0],
				[0x00280010, 'US', 2],
				[0x00280011, 'US', 2],
				[0x00280100, 'US', 16],
				[0x00280101, 'US', 12],
				[0x00280102, 'US', 11],
				[0x00280103, 'US', 0],
				[0x7fe00010, 'OB', { fragments: [frame] }]
			],
			{
				sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
				sopInstanceUID: '1.2.3.4.5',
				transferSyntaxUID: '1.2.840.10008.1.2.5'
			}
		);
		expect(rleNeedsTranscoding(file)).toBe(true);
		const copy = sanitizeForViewer(transcodeRleForViewer(file));
		const ds = dicomParser.parseDicom(copy);
		const pixel = ds.elements['x7fe00010']!;
		const rgb = copy.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length);
		expect([...rgb.subarray(0, 3)]).toEqual([255, 128, 0]);
	});
});
