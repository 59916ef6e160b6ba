import type { DataSet } from 'dicom-parser';
import { editDataset, textValue, uint16Value, type Edits, type Encoding } from './dataset-edit';
import { DicomError } from './errors';
import { readNativeImage } from './native-image';

/**
 * 32-bit greyscale (RT dose grids, some research images) for dwv 0.36, which blocks the page for about 100 s on
 * such a file (its value range) and then draws it blank (window 0, level 0). The viewer copy gets 16-bit values
 * spread over the image's own range, with a Rescale Slope and Intercept that give back the original values to
 * 1/65,535 of that range: windows stored in the file keep their meaning, and min-max shows what dcmtk shows.
 * The stored file is never changed.
 */

/** A DS value (at most 16 characters) for `n`. */
export function decimalString(n: number): string {
	if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
	for (let digits = 12; digits > 1; digits--) {
		const text = String(Number(n.toPrecision(digits)));
		if (text.length <= 16) return text;
		const exponential = n.toExponential(digits - 1).replace('e+', 'e');
		if (exponential.length <= 16) return exponential;
	}
	return n.toExponential(0);
}

function numberAt(dataSet: DataSet, tag: string, fallback: number): number {
	const value = Number.parseFloat(dataSet.string(tag) ?? '');
	return Number.isFinite(value) ? value : fallback;
}

/** The viewer copy of a native 32-bit greyscale image as 16-bit with a rescale, or null when it is not one. */
export function greyscale32As16(
	bytes: Uint8Array,
	dataSet: DataSet,
	encoding: Encoding
): Uint8Array | null {
	const image = readNativeImage(dataSet, bytes);
	if (!image || image.bitsAllocated !== 32 || image.samplesPerPixel !== 1) return null;
	if (!image.photometricInterpretation.startsWith('MONOCHROME')) return null;
	const count = image.rows * image.columns * image.frames;
	const view = new DataView(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
	const bits = Math.min(image.bitsStored, 32);
	const signed = image.pixelRepresentation === 1;
	const valueAt = (i: number) => {
		if (bits === 32) {
			return signed
				? view.getInt32(i * 4, encoding.littleEndian)
				: view.getUint32(i * 4, encoding.littleEndian);
		}
		const v = view.getUint32(i * 4, encoding.littleEndian) % 2 ** bits;
		return signed && v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
	};
	// Two passes over the stored values, no copy of them: a copy as doubles took twice the pixels' own size (1.5 GiB
	// for an image at the viewer's 768 MiB cap, displayable.ts) on top of the file and its 16-bit copy.
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < count; i++) {
		const v = valueAt(i);
		if (v < min) min = v;
		if (v > max) max = v;
	}
	// Integer steps, so values that fit in 16 bits already come through exactly.
	const step = Math.max(1, Math.ceil((max - min) / 65_535));
	const pixels = new Uint8Array(count * 2);
	const outView = new DataView(pixels.buffer);
	for (let i = 0; i < count; i++) {
		outView.setUint16(i * 2, Math.round((valueAt(i) - min) / step), encoding.littleEndian);
	}

	const slope = numberAt(dataSet, 'x00281053', 1);
	const intercept = numberAt(dataSet, 'x00281052', 0);
	const newSlope = slope * step;
	const newIntercept = intercept + slope * min;
	// A rescale past the largest double (a Rescale Slope of 1e305 over 32-bit values) would reach dwv as the DS
	// "Infinity": the stored values themselves have no size, so the image is refused with that said.
	if (!Number.isFinite(newSlope) || !Number.isFinite(newIntercept)) {
		throw new DicomError(
			'unreadable-header',
			'its Rescale Slope and Intercept make its values larger than a number can hold'
		);
	}
	const us = (n: number) => ({ vr: 'US', value: uint16Value([n], encoding.littleEndian) });
	const ds = (n: number) => ({ vr: 'DS', value: textValue(decimalString(n)) });
	const edits: Edits = new Map([
		[0x00280100, us(16)],
		[0x00280101, us(16)],
		[0x00280102, us(15)],
		[0x00280103, us(0)],
		// Their VR follows the pixel representation; the new range is known without them.
		[0x00280106, null],
		[0x00280107, null],
		[0x00281052, ds(newIntercept)],
		[0x00281053, ds(newSlope)],
		[0x7fe00010, { vr: 'OW', value: pixels }]
	]);
	return editDataset(bytes, dataSet, encoding, edits);
}
