import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { DicomError } from './errors';
import { checkRleFrames, RLE_LOSSLESS } from './rle-check';

/**
 * The RLE segment tables dwv's worker would trust (rle-check.ts): the fuzzer's two files — JPEG 2000 data under
 * an RLE header, and a frame whose segment offset points two billion bytes past its end (23 s of dwv's worker for
 * that one frame, measured in Node) — and a well-formed frame that must pass.
 */
const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');
const fixture = (name: string) => new Uint8Array(readFileSync(join(CLASSES, name)));

function reason(bytes: Uint8Array): string {
	try {
		checkRleFrames(bytes);
	} catch (error) {
		expect(error).toBeInstanceOf(DicomError);
		return (error as DicomError).detail;
	}
	return 'passed';
}

/** A 4 × 4, 8-bit frame as one RLE segment: the 64-byte header, then one literal run of 16 bytes. */
function rleFile(offsets: number[], segments = offsets.length): Uint8Array {
	const header = new Uint8Array(64);
	const view = new DataView(header.buffer);
	view.setUint32(0, segments, true);
	offsets.forEach((o, i) => view.setUint32(4 + 4 * i, o, true));
	const frame = new Uint8Array([...header, 15, ...Array.from({ length: 16 }, (_, i) => i * 16), 0]);
	return part10(
		[
			[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
			[0x00080018, 'UI', '1.2.826.0.1.3680043.10.1337.18.9.1'],
			[0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1337.18.9'],
			[0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1337.18.9.0'],
			[0x00280002, 'US', 1],
			[0x00280004, 'CS', 'MONOCHROME2'],
			[0x00280010, 'US', 4],
			[0x00280011, 'US', 4],
			[0x00280100, 'US', 8],
			[0x00280101, 'US', 8],
			[0x00280102, 'US', 7],
			[0x00280103, 'US', 0],
			[0x7fe00010, 'OB', { fragments: [frame] }]
		],
		{
			sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
			sopInstanceUID: '1.2.826.0.1.3680043.10.1337.18.9.1',
			transferSyntaxUID: RLE_LOSSLESS
		}
	);
}

describe('RLE segment tables, checked before dwv decodes them', () => {
	it('a well-formed frame passes', () => {
		expect(reason(rleFile([64]))).toBe('passed');
	});

	it('JPEG 2000 bytes read as a segment count are refused, naming the count', () => {
		expect(reason(fixture('fuzz-rle-says-j2k-segments.fuzz'))).toBe(
			'its RLE frame 1 says it has 1375686655 segments (1 to 15)'
		);
	});

	it('a segment offset past the frame is refused, naming the frame and the segment', () => {
		expect(reason(fixture('fuzz-rle-offset-past-end.fuzz'))).toMatch(
			/^its RLE frame 2 puts segment 2 at byte 2147483632 of \d+$/
		);
	});

	it.each([
		['no segment', [], 0],
		['sixteen segments', [64], 16],
		['a first segment not after the header', [32], 1],
		['segments out of order', [64, 60], 2]
	])('%s is refused', (_name, offsets, segments) => {
		expect(reason(rleFile(offsets, segments))).toMatch(/^its RLE frame 1 /);
	});
});
