import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createCharls from '@cornerstonejs/codec-charls/wasmjs';
import { dicomParser } from './dicom-parser';
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageFile, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { encodeJpegLs } from '../../../tests/fixtures/dicom/jpeg-ls';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { jpegLsDecoderFrom, type CharlsModule } from './charls';
import { transcodeForViewer, type JpegLsDecoder } from './transcode';

let decodeJpegLs: JpegLsDecoder;
beforeAll(async () => {
	decodeJpegLs = jpegLsDecoderFrom((await createCharls()) as CharlsModule);
});

function pixelsOf(file: Uint8Array) {
	const ds = dicomParser.parseDicom(file);
	const el = ds.elements['x7fe00010']!;
	return {
		ts: ds.string('x00020010'),
		rows: ds.uint16('x00280010'),
		pixels: ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length),
		description: ds.string('x0008103e')
	};
}

describe('transcoding for the viewer', () => {
	it('inflates a Deflated file into the same dataset, explicit little endian', () => {
		const original = imageFile(syntheticStudy(1), 0, 0);
		const metaEnd =
			132 + 12 + new DataView(original.buffer, original.byteOffset + 140, 4).getUint32(0, true);
		const deflatedMeta = part10([], {
			sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
			sopInstanceUID: `${syntheticStudy(1).series[0]!.uid}.1`,
			transferSyntaxUID: '1.2.840.10008.1.2.1.99'
		});
		const deflated = new Uint8Array([...deflatedMeta, ...deflateSync(original.subarray(metaEnd))]);
		const out = transcodeForViewer(deflated, '1.2.840.10008.1.2.1.99');
		const a = pixelsOf(out);
		const b = pixelsOf(original);
		expect(a.ts).toBe('1.2.840.10008.1.2.1');
		expect(a.description).toBe(b.description);
		expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(true);
	});

	it('decodes JPEG-LS losslessly into native pixels, frame by frame', async () => {
		const width = 40;
		const height = 30;
		const frames = await Promise.all(
			[0, 1].map(async (f) => {
				const values = new Uint16Array(width * height).map((_, i) => (i * 37 + f * 1000) % 4096);
				return {
					values,
					encoded: await encodeJpegLs({ values, width, height, bitsPerSample: 12 })
				};
			})
		);
		const file = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
				[0x00080018, 'UI', '1.2.3.4.5'],
				[0x0020000d, 'UI', '1.2.3'],
				[0x0020000e, 'UI', '1.2.3.4'],
				[0x00280002, 'US', 1],
				[0x00280004, 'CS', 'MONOCHROME2'],
				[0x00280008, 'IS', '2'],
				[0x00280010, 'US', height],
				[0x00280011, 'US', width],
				[0x00280100, 'US', 16],
				[0x00280101, 'US', 12],
				[0x00280102, 'US', 11],
				[0x00280103, 'US', 0],
				[0x7fe00010, 'OB', { fragments: frames.map((f) => f.encoded) }]
			],
			{
				sopClassUID: '1.2.840.10008.5.1.4.1.1.4',
				sopInstanceUID: '1.2.3.4.5',
				transferSyntaxUID: '1.2.840.10008.1.2.4.80'
			}
		);
		const out = pixelsOf(
			transcodeForViewer(file, '1.2.840.10008.1.2.4.80', { jpegLs: decodeJpegLs })
		);
		expect(out.ts).toBe('1.2.840.10008.1.2.1');
		const decoded = new Uint16Array(out.pixels.buffer, 0, width * height * 2);
		expect([...decoded.subarray(0, width * height)]).toEqual([...frames[0]!.values]);
		expect([...decoded.subarray(width * height)]).toEqual([...frames[1]!.values]);
	});

	it('refuses JPEG-LS when no decoder is loaded, rather than guessing', () => {
		expect(() => transcodeForViewer(new Uint8Array(200), '1.2.840.10008.1.2.4.80')).toThrow(
			/decoder/
		);
	});

	it.runIf(hasSharedDicom)('decodes the NEMA JPEG-LS files of ../shared', () => {
		for (const [path, ts] of [
			['mr/nema_wg04/MR3_JLSL.dcm', '1.2.840.10008.1.2.4.80'],
			['xr/nema_wg04/RG3_JLSN.dcm', '1.2.840.10008.1.2.4.81']
		] as const) {
			const out = pixelsOf(
				transcodeForViewer(new Uint8Array(readFileSync(join(SHARED_DICOM, path))), ts, {
					jpegLs: decodeJpegLs
				})
			);
			expect(out.pixels.length).toBeGreaterThanOrEqual(out.rows! * out.rows! * 2);
			expect(new Set(out.pixels.subarray(0, 200_000)).size).toBeGreaterThan(50);
		}
	});
});
