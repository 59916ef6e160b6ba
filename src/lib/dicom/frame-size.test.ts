import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createOpenJpeg from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import createLibJpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dicomParser } from './dicom-parser';
import type { FrameDecoder } from './native-pixels';
import { transcodeForViewer } from './transcode';
import {
	QUIET,
	jpeg2000DecoderFrom,
	jpegDecoderFrom,
	type LibJpegTurboModule,
	type OpenJpegModule
} from './wasm-codecs';

const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');
const fixture = (name: string) => new Uint8Array(readFileSync(join(CLASSES, name)));

/** The file with the first occurrence of `marker` followed, `offset` bytes on, by `value`. */
function patched(file: Uint8Array, marker: number[], offset: number, value: number[]): Uint8Array {
	const pixel = dicomParser.parseDicom(file).elements['x7fe00010']!;
	const at = file.findIndex(
		(_, i) => i > pixel.dataOffset && marker.every((m, k) => file[i + k] === m)
	);
	const out = file.slice();
	out.set(value, at + offset);
	return out;
}

/** Counts the frames a decoder is handed. */
function counting(decode: FrameDecoder) {
	const counted = Object.assign((encoded: Uint8Array) => (counted.calls++, decode(encoded)), {
		calls: 0
	});
	return counted;
}

let jpeg: FrameDecoder;
let jpeg2000: FrameDecoder;
beforeAll(async () => {
	jpeg = jpegDecoderFrom((await createLibJpegTurbo(QUIET)) as LibJpegTurboModule);
	jpeg2000 = jpeg2000DecoderFrom((await createOpenJpeg(QUIET)) as OpenJpegModule);
});

describe('a codestream larger than its DICOM header', () => {
	it('is refused before a JPEG decoder allocates it', () => {
		// SOF says 20000 × 20000 (400 MB of WASM memory, kept by the worker) under a 100 × 100 header.
		const file = patched(
			fixture('jpeg-baseline-mono8.dcm'),
			[0xff, 0xc0],
			5,
			[0x4e, 0x20, 0x4e, 0x20]
		);
		const decode = counting(jpeg);
		expect(() => transcodeForViewer(file, '1.2.840.10008.1.2.4.50', { jpeg: decode })).toThrow(
			/frame 1 says 20000×20000, not the 100×100 its header says/
		);
		expect(decode.calls).toBe(0);
	});

	it('is refused before a JPEG 2000 decoder allocates it', () => {
		// SIZ: Xsiz and Ysiz 65535 (from byte 6 of the marker segment) under a 128 × 128 header.
		const file = patched(
			fixture('j2k-pixelrep-mismatch.dcm'),
			[0xff, 0x4f, 0xff, 0x51],
			8,
			[0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff]
		);
		const decode = counting(jpeg2000);
		expect(() => transcodeForViewer(file, '1.2.840.10008.1.2.4.90', { jpeg2000: decode })).toThrow(
			/frame 1 says 65535×65535, not the 128×128 its header says/
		);
		expect(decode.calls).toBe(0);
	});

	it('lets a codestream of the header size through', () => {
		const decode = counting(jpeg);
		transcodeForViewer(fixture('jpeg-baseline-mono8.dcm'), '1.2.840.10008.1.2.4.50', {
			jpeg: decode
		});
		expect(decode.calls).toBe(1);
	});
});
