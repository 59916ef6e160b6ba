import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createOpenJpeg from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import createOpenJph from '@cornerstonejs/codec-openjph/wasmjs';
import createLibJpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { dicomParser } from './dicom-parser';
import { codecFor, transcodeForViewer, type Decoders } from './transcode';
import {
	QUIET,
	htj2kDecoderFrom,
	jpeg2000DecoderFrom,
	jpegDecoderFrom,
	type LibJpegTurboModule,
	type OpenJpegModule,
	type OpenJphModule
} from './wasm-codecs';

/**
 * The compressed-pixel classes of issue 16 (tests/fixtures/classes, made by make_codec_fixtures.py), decoded by
 * the WASM codecs the viewer uses and compared with what GDCM and dcmtk decode from the same files, run here.
 */
const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');
const fixture = (name: string) => new Uint8Array(readFileSync(join(CLASSES, name)));

let decoders: Decoders;
let scratch: string;
beforeAll(async () => {
	decoders = {
		jpeg2000: jpeg2000DecoderFrom((await createOpenJpeg(QUIET)) as OpenJpegModule),
		htj2k: htj2kDecoderFrom((await createOpenJph(QUIET)) as OpenJphModule),
		jpeg: jpegDecoderFrom((await createLibJpegTurbo(QUIET)) as LibJpegTurboModule)
	};
	scratch = mkdtempSync(join(tmpdir(), 'radfolio-codecs-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Native {
	ts: string | undefined;
	photometric: string | undefined;
	planar: number | undefined;
	signed: number | undefined;
	bitsStored: number | undefined;
	highBit: number | undefined;
	frames: number;
	pixels: Uint8Array;
}

function native(file: Uint8Array): Native {
	const ds = dicomParser.parseDicom(file);
	const el = ds.elements['x7fe00010']!;
	expect(el.encapsulatedPixelData).toBeFalsy();
	return {
		ts: ds.string('x00020010'),
		photometric: ds.string('x00280004'),
		planar: ds.uint16('x00280006'),
		signed: ds.uint16('x00280103'),
		bitsStored: ds.uint16('x00280101'),
		highBit: ds.uint16('x00280102'),
		frames: Number.parseInt(ds.string('x00280008') ?? '1', 10),
		pixels: ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length)
	};
}

/** What a Debian tool decodes the fixture to: gdcmconv --raw or dcmdjpeg, into native pixels. */
function reference(tool: 'gdcmconv' | 'dcmdjpeg', name: string): Native {
	const out = join(scratch, `${tool}-${name}`);
	execFileSync(
		tool,
		tool === 'gdcmconv' ? ['--raw', join(CLASSES, name), out] : [join(CLASSES, name), out]
	);
	return native(new Uint8Array(readFileSync(out)));
}

const int16 = (bytes: Uint8Array) =>
	new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));

function transcode(name: string, ts: string) {
	return native(transcodeForViewer(fixture(name), ts, decoders));
}

describe('JPEG 2000 through OpenJPEG', () => {
	it('decodes a codestream whose last tile-part has Psot = 0 (dwv loops for ever) exactly as GDCM', () => {
		const out = transcode('j2k-psot0.dcm', '1.2.840.10008.1.2.4.90');
		const gdcm = reference('gdcmconv', 'j2k-psot0.dcm');
		expect(out.ts).toBe('1.2.840.10008.1.2.1');
		expect(out.signed).toBe(1);
		expect(out.pixels.length).toBe(64 * 64 * 2);
		expect(Buffer.from(out.pixels).equals(Buffer.from(gdcm.pixels))).toBe(true);
	});

	it('keeps the signed values a header says over an unsigned codestream, as GDCM and dcmtk show them', () => {
		const out = transcode('j2k-pixelrep-mismatch.dcm', '1.2.840.10008.1.2.4.90');
		const gdcm = reference('gdcmconv', 'j2k-pixelrep-mismatch.dcm');
		// GDCM keeps the 13-bit patterns under Pixel Representation 1; read as 13-bit two's complement they are
		// the original CT values (air at -849).
		expect(gdcm.signed).toBe(1);
		const gdcmValues = Array.from(int16(gdcm.pixels), (v) => ((v & 0x1fff) << 19) >> 19);
		const original = int16(native(fixture('ct-signed.dcm')).pixels);
		expect(gdcmValues).toEqual(Array.from(original));
		expect(out.signed).toBe(1);
		expect(out.bitsStored).toBe(13);
		expect(Array.from(int16(out.pixels))).toEqual(Array.from(original));
	});

	const PYDICOM_MISMATCH =
		'/usr/lib/python3/dist-packages/pydicom/data/test_files/J2K_pixelrep_mismatch.dcm';
	it.runIf(existsSync(PYDICOM_MISMATCH))(
		"reads pydicom's own J2K_pixelrep_mismatch.dcm as GDCM shows it (air at -2000, not 6192)",
		() => {
			const out = native(
				transcodeForViewer(
					new Uint8Array(readFileSync(PYDICOM_MISMATCH)),
					'1.2.840.10008.1.2.4.90',
					decoders
				)
			);
			const path = join(scratch, 'pydicom-mismatch.dcm');
			execFileSync('gdcmconv', ['--raw', PYDICOM_MISMATCH, path]);
			const gdcm = native(new Uint8Array(readFileSync(path)));
			const gdcmValues = Array.from(int16(gdcm.pixels), (v) => ((v & 0x1fff) << 19) >> 19);
			expect(out.signed).toBe(1);
			expect(int16(out.pixels)[0]).toBe(-2000);
			expect(Array.from(int16(out.pixels))).toEqual(gdcmValues);
		}
	);

	it('writes RGB for a colour codestream without a colour transform under a header saying YBR_RCT', () => {
		const out = transcode('j2k-rgb-ybr-rct-no-mct.dcm', '1.2.840.10008.1.2.4.90');
		const gdcm = reference('gdcmconv', 'j2k-rgb-ybr-rct-no-mct.dcm');
		expect(out.photometric).toBe('RGB');
		expect(out.planar).toBe(0);
		expect(gdcm.photometric).toBe('RGB');
		expect(Buffer.from(out.pixels).equals(Buffer.from(gdcm.pixels))).toBe(true);
	});

	it('writes RGB for a lossy YBR_ICT codestream, within one step of GDCM', () => {
		const out = transcode('j2k-ybr-ict.dcm', '1.2.840.10008.1.2.4.91');
		const gdcm = reference('gdcmconv', 'j2k-ybr-ict.dcm');
		expect(out.photometric).toBe('RGB');
		expect(out.pixels.length).toBe(gdcm.pixels.length);
		const worst = out.pixels.reduce((m, v, i) => Math.max(m, Math.abs(v - gdcm.pixels[i]!)), 0);
		expect(worst).toBeLessThanOrEqual(1);
	});

	it('decodes every frame of a multi-frame file with one fragment per frame and no offset table', () => {
		const source = dicomParser.parseDicom(fixture('j2k-psot0.dcm'));
		const px = source.elements['x7fe00010']!;
		const codestream = new Uint8Array(
			dicomParser.readEncapsulatedPixelDataFromFragments(source, px, 0, px.fragments!.length)
		);
		const file = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x00280002, 'US', 1],
				[0x00280004, 'CS', 'MONOCHROME2'],
				[0x00280008, 'IS', '3'],
				[0x00280010, 'US', 64],
				[0x00280011, 'US', 64],
				[0x00280100, 'US', 16],
				[0x00280101, 'US', 16],
				[0x00280102, 'US', 15],
				[0x00280103, 'US', 1],
				[0x7fe00010, 'OB', { fragments: [codestream, codestream, codestream] }]
			],
			{
				sopClassUID: '1.2.840.10008.5.1.4.1.1.4',
				sopInstanceUID: '1.2.3.4.5',
				transferSyntaxUID: '1.2.840.10008.1.2.4.90'
			}
		);
		const seen: string[] = [];
		const out = native(
			transcodeForViewer(file, '1.2.840.10008.1.2.4.90', decoders, {
				onFrame: (done, total) => seen.push(`${done}/${total}`)
			})
		);
		expect(seen).toEqual(['1/3', '2/3', '3/3']);
		const one = reference('gdcmconv', 'j2k-psot0.dcm').pixels;
		expect(out.pixels.length).toBe(one.length * 3);
		expect(Buffer.from(out.pixels.subarray(one.length * 2)).equals(Buffer.from(one))).toBe(true);
	});

	it('refuses a damaged codestream with a reason, at once', () => {
		const file = fixture('j2k-psot0.dcm');
		const ds = dicomParser.parseDicom(file);
		const fragment = ds.elements['x7fe00010']!.fragments![0]!;
		// Its codestream overwritten from the SIZ marker on: OpenJPEG reads no image.
		const damaged = file.slice();
		damaged.fill(0x20, fragment.position + 2, fragment.position + fragment.length);
		expect(() => transcodeForViewer(damaged, '1.2.840.10008.1.2.4.90', decoders)).toThrow(
			/its JPEG 2000 data could not be decoded/
		);
	});
});

describe('HTJ2K through OpenJPH', () => {
	it('gives back the exact original pixels of a lossless HTJ2K CT, signed', () => {
		const out = transcode('htj2k-ct.dcm', '1.2.840.10008.1.2.4.201');
		const original = native(fixture('ct-signed.dcm'));
		expect(out.signed).toBe(1);
		expect(Buffer.from(out.pixels).equals(Buffer.from(original.pixels))).toBe(true);
		expect(Math.min(...int16(out.pixels))).toBeLessThan(-800);
	});

	it('undoes the codestream colour transform: RGB, the same pixels GDCM decodes from the JPEG 2000 copy', () => {
		const out = transcode('htj2k-rgb.dcm', '1.2.840.10008.1.2.4.201');
		const gdcm = reference('gdcmconv', 'j2k-rgb-ybr-rct-no-mct.dcm');
		expect(out.photometric).toBe('RGB');
		expect(Buffer.from(out.pixels).equals(Buffer.from(gdcm.pixels))).toBe(true);
	});
});

/** The digests the browser test compares dwv's values with (written by make_codec_fixtures.py). */
const REFERENCES = JSON.parse(
	readFileSync(join(CLASSES, 'codec-references.json'), 'utf8')
) as Record<string, { reference: string; photometric: string; sha256: string }>;

function nativeBytes(file: Native, source: Uint8Array): Uint8Array {
	const ds = dicomParser.parseDicom(source);
	const size =
		(ds.uint16('x00280010') ?? 0) *
		(ds.uint16('x00280011') ?? 0) *
		(ds.uint16('x00280002') ?? 1) *
		file.frames *
		((ds.uint16('x00280100') ?? 8) / 8);
	return file.pixels.subarray(0, size);
}
const scratchFile = (name: string) => new Uint8Array(readFileSync(join(scratch, name)));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('every compressed class against its reference tool', () => {
	it.each(Object.entries(REFERENCES))('%s', (name, expected) => {
		const tool = expected.reference.split(' ')[0]!;
		const source = expected.reference.replace('the pixels of ', '');
		let ref: { native: Native; file: Uint8Array };
		if (tool === 'gdcmconv' || tool === 'dcmdjpeg') {
			ref = { native: reference(tool, name), file: scratchFile(`${tool}-${name}`) };
		} else if (source.startsWith('j2k')) {
			ref = {
				native: reference('gdcmconv', source),
				file: scratchFile(`gdcmconv-${source}`)
			};
		} else {
			ref = { native: native(fixture(source)), file: fixture(source) };
		}
		// The committed digest is what the tool decodes today.
		expect(sha256(nativeBytes(ref.native, ref.file))).toBe(expected.sha256);
		const input = fixture(name);
		const ts = dicomParser.parseDicom(input).string('x00020010')!;
		if (!codecFor(ts)) return; // left to dwv: codecs.browser.test.ts compares its values
		const out = transcodeForViewer(input, ts, decoders);
		if (out === input) return;
		const decoded = native(out);
		expect(decoded.photometric).toBe(expected.photometric);
		expect(sha256(nativeBytes(decoded, out))).toBe(expected.sha256);
	});
});

describe('JPEG', () => {
	it('decodes 12-bit extended JPEG to exactly what dcmdjpeg gives', () => {
		const out = transcode('jpeg-extended-12bit.dcm', '1.2.840.10008.1.2.4.51');
		const dcmtk = reference('dcmdjpeg', 'jpeg-extended-12bit.dcm');
		expect(out.bitsStored).toBe(12);
		expect(Buffer.from(out.pixels).equals(Buffer.from(dcmtk.pixels))).toBe(true);
	});

	it.runIf(hasSharedDicom)(
		'decodes the NEMA 12-bit JPEG MR of ../shared exactly as dcmdjpeg',
		() => {
			const path = join(SHARED_DICOM, 'mr/nema_wg04/MR1_JPLY.dcm');
			const out = join(scratch, 'MR1_JPLY.dcm');
			execFileSync('dcmdjpeg', [path, out]);
			const dcmtk = native(new Uint8Array(readFileSync(out)));
			const ours = native(
				transcodeForViewer(new Uint8Array(readFileSync(path)), '1.2.840.10008.1.2.4.51', decoders)
			);
			expect(ours.pixels.length).toBe(512 * 512 * 2);
			expect(Buffer.from(ours.pixels).equals(Buffer.from(dcmtk.pixels))).toBe(true);
		}
	);

	it('reads a JPEG whose header says RGB without a colour transform, as dcmtk and GDCM do', () => {
		// The same stream under a YBR_FULL header comes out colour-converted: the header decides.
		const asRgb = transcode('jpeg-baseline-rgb-header-over-jfif.dcm', '1.2.840.10008.1.2.4.50');
		const asYbr = transcode('jpeg-baseline-ybr-full.dcm', '1.2.840.10008.1.2.4.50');
		expect(asRgb.photometric).toBe('RGB');
		expect(Buffer.from(asRgb.pixels).equals(Buffer.from(asYbr.pixels))).toBe(false);
		for (const name of [
			'jpeg-baseline-rgb-header-over-jfif.dcm',
			'jpeg-baseline-rgb-no-markers.dcm'
		]) {
			const dcmtk = reference('dcmdjpeg', name);
			const gdcm = reference('gdcmconv', name);
			const out = transcode(name, '1.2.840.10008.1.2.4.50');
			expect(Buffer.from(out.pixels).equals(Buffer.from(dcmtk.pixels)), name).toBe(true);
			expect(Buffer.from(out.pixels).equals(Buffer.from(gdcm.pixels)), name).toBe(true);
		}
	});

	it('checks the JPEG lossless fixtures: dcmdjpeg gives back the signed CT exactly', () => {
		const original = native(fixture('ct-signed.dcm'));
		for (const name of ['jpeg-lossless-signed.dcm', 'jpeg-lossless-signed-sv1.dcm']) {
			const dcmtk = reference('dcmdjpeg', name);
			expect(Buffer.from(dcmtk.pixels).equals(Buffer.from(original.pixels))).toBe(true);
		}
		expect(Math.min(...int16(original.pixels))).toBeLessThan(-800);
	});
});
