import type { DataSet } from 'dicom-parser';
import { editDataset, textValue, uint16Value, type Edits, type Encoding } from './dataset-edit';
import { bytesInOrder, readNativeImage } from './native-image';
import { isChromaSubsampled } from './pixel-size';

/**
 * Uncompressed YBR_FULL_422 (and the retired YBR_PARTIAL_422) in the viewer copy become RGB: dwv 0.36 reads such
 * pixels as three samples each and refuses the file ("Underestimated buffer size"). Each pair of pixels of a row is
 * stored Y1 Y2 Cb Cr (PS3.5 8.2.1); both pixels take the pair's chroma, as dcmtk and GDCM do, and the colour is
 * converted with the equations of PS3.3 C.7.6.3.1.2. 8-bit samples only (the only depth seen in such files).
 */

const clamp8 = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** One YBR_FULL sample (8-bit, chroma centred on 128) to RGB. */
function fullToRgb(out: Uint8Array, at: number, y: number, cb: number, cr: number) {
	out[at] = clamp8(y + 1.402 * (cr - 128));
	out[at + 1] = clamp8(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
	out[at + 2] = clamp8(y + 1.772 * (cb - 128));
}

/** One YBR_PARTIAL sample (luminance 16–235, chroma 16–240) to RGB: the inverse of PS3.3's YBR_PARTIAL_422 equations. */
function partialToRgb(out: Uint8Array, at: number, y: number, cb: number, cr: number) {
	const luma = 1.164384 * (y - 16);
	out[at] = clamp8(luma + 1.596027 * (cr - 128));
	out[at + 1] = clamp8(luma - 0.391762 * (cb - 128) - 0.812968 * (cr - 128));
	out[at + 2] = clamp8(luma + 2.017232 * (cb - 128));
}

/**
 * 8-bit Y1 Y2 Cb Cr groups to pixel-interleaved RGB. `pixels` is the number of pixels (rows × columns × frames);
 * pairs run on across row ends, so an odd last pixel takes its group's first luminance.
 */
export function ybr422ToRgb(samples: Uint8Array, pixels: number, partial = false): Uint8Array {
	const out = new Uint8Array(pixels * 3);
	const convert = partial ? partialToRgb : fullToRgb;
	for (let p = 0, s = 0; p < pixels; p += 2, s += 4) {
		const cb = samples[s + 2]!;
		const cr = samples[s + 3]!;
		convert(out, p * 3, samples[s]!, cb, cr);
		if (p + 1 < pixels) convert(out, p * 3 + 3, samples[s + 1]!, cb, cr);
	}
	return out;
}

/** The viewer copy of an 8-bit YBR_*_422 image as RGB, or null when it is not one. */
export function subsampledYbrAsRgb(
	bytes: Uint8Array,
	dataSet: DataSet,
	encoding: Encoding
): Uint8Array | null {
	const image = readNativeImage(dataSet, bytes);
	if (!image || image.samplesPerPixel !== 3 || image.bitsAllocated !== 8) return null;
	if (!isChromaSubsampled(image.photometricInterpretation)) return null;
	const rgb = ybr422ToRgb(
		bytesInOrder(image, encoding),
		image.rows * image.columns * image.frames,
		image.photometricInterpretation === 'YBR_PARTIAL_422'
	);
	const edits: Edits = new Map([
		[0x00280004, { vr: 'CS', value: textValue('RGB') }],
		[0x00280006, { vr: 'US', value: uint16Value([0], encoding.littleEndian) }],
		[0x7fe00010, { vr: 'OB', value: rgb }]
	]);
	return editDataset(bytes, dataSet, encoding, edits);
}
