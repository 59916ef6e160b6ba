import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createCharls from '@cornerstonejs/codec-charls/decodewasmjs';
import createLibJpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpegLsDecoderFrom, type CharlsModule } from './charls';
import { deidentify, UidMap } from './deidentify';
import { dicomParser } from './dicom-parser';
import { readDicomdir } from './dicomdir';
import { readDoseHeader } from './dose-header';
import { DicomError } from './errors';
import { parseDicomFile } from './parse';
import { MAX_SEQUENCE_DEPTH } from './parse-guard';
import { transcodeForViewer, type Decoders } from './transcode';
import { QUIET, jpegDecoderFrom, type LibJpegTurboModule } from './wasm-codecs';

/**
 * One test per class of failure the parser fuzzer (scripts/fuzz-dicom.js) found in real files: each input, made by
 * tests/fixtures/classes/make_fuzz_fixtures.py, must end in a DicomError whose detail says what is wrong (or be
 * read), never a JavaScript error's text, a bare number or "[object Object]".
 */
const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');
const fixture = (name: string) => new Uint8Array(readFileSync(join(CLASSES, name)));

/** The outcome of `run`, as the patient would see it: a DicomError's code and detail, or what leaked. */
function refusal(run: () => unknown): { code: string; detail: string } | { leaked: unknown } {
	try {
		run();
	} catch (error) {
		if (error instanceof DicomError) return { code: error.code, detail: error.detail };
		return { leaked: error };
	}
	throw new Error('expected a refusal');
}

let decoders: Decoders;
beforeAll(async () => {
	decoders = {
		jpegLs: jpegLsDecoderFrom((await createCharls({ ...QUIET })) as CharlsModule),
		jpeg: jpegDecoderFrom((await createLibJpegTurbo({ ...QUIET })) as LibJpegTurboModule)
	};
});

describe('hostile files the fuzzer found', () => {
	it('sequences nested 3,000 deep: refused for their depth, not with a stack overflow', () => {
		expect(refusal(() => parseDicomFile(fixture('fuzz-nested-3000-deep.fuzz')))).toEqual({
			code: 'unreadable-header',
			detail: `sequences nested more than ${MAX_SEQUENCE_DEPTH} levels deep`
		});
	});

	it('an explicit dataset whose header says implicit: the mismatch is named, not a truncation', () => {
		expect(refusal(() => parseDicomFile(fixture('fuzz-explicit-body-says-implicit.fuzz')))).toEqual(
			{
				code: 'unreadable-header',
				detail:
					'its dataset is written in Explicit VR, but its header says Implicit VR Little Endian'
			}
		);
	});

	it('a content sequence made undefined-length: dicom-parser’s own TypeError does not reach the patient', () => {
		expect(
			refusal(() => parseDicomFile(fixture('fuzz-sr-sequence-undefined-length.fuzz')))
		).toEqual({
			code: 'unreadable-header',
			detail: 'damaged structure (its elements do not fit together)'
		});
	});

	it('a DICOMDIR cut short says so, not "[object Object]"', () => {
		expect(refusal(() => readDicomdir(fixture('fuzz-dicomdir-cut-540.fuzz')))).toEqual({
			code: 'truncated',
			detail: 'DICOMDIR: the file ends in the middle of its data'
		});
	});

	it('a Deflated dataset cut in its compressed stream says its deflated data is damaged', () => {
		expect(refusal(() => parseDicomFile(fixture('fuzz-deflated-cut.fuzz')))).toEqual({
			code: 'unreadable-header',
			detail: expect.stringMatching(/^its deflated dataset is damaged \(.+\)$/)
		});
	});

	it('JPEG 2000 data under a JPEG-LS header: CharLS’s exception becomes a reason, not a bare number', () => {
		const file = fixture('fuzz-j2k-says-jpeg-ls.fuzz');
		expect(parseDicomFile(file).TransferSyntaxUID).toBe('1.2.840.10008.1.2.4.80');
		expect(refusal(() => transcodeForViewer(file, '1.2.840.10008.1.2.4.80', decoders))).toEqual({
			code: 'unreadable-header',
			detail: 'its JPEG-LS data could not be decoded'
		});
	});

	it('an offset table pointing past the end is ignored: both frames decode from their fragments', () => {
		const file = fixture('fuzz-offset-table-past-end.fuzz');
		const out = transcodeForViewer(file, '1.2.840.10008.1.2.4.50', decoders);
		const ds = dicomParser.parseDicom(out);
		const pixel = ds.elements['x7fe00010']!;
		const frame = 100 * 100 * 3;
		expect(pixel.length).toBe(2 * frame);
		const pixels = ds.byteArray.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length);
		expect(pixels.subarray(frame)).toEqual(pixels.subarray(0, frame));
		expect(pixels.some((v) => v > 0)).toBe(true);
	});

	it('a dataset without preamble or meta header, which the import accepts, gives its dose header too', () => {
		const file = fixture('fuzz-no-preamble-explicit.fuzz');
		expect(parseDicomFile(file).SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.481.8');
		expect(readDoseHeader(file).Modality).toBe('RTPLAN');
	});

	it('the same bare dataset can be de-identified for a share: new UIDs, and it still reads', async () => {
		const file = fixture('fuzz-no-preamble-explicit.fuzz');
		const before = parseDicomFile(file);
		const { bytes, changed } = await deidentify(file, new UidMap());
		expect(changed).toBeGreaterThan(0);
		const after = parseDicomFile(bytes);
		expect(after.SOPInstanceUID).not.toBe(before.SOPInstanceUID);
		expect(after.SOPInstanceUID).toHaveLength(before.SOPInstanceUID.length);
	});
});
