import type { DataSet } from 'dicom-parser';
import type { Encoding } from './dataset-edit';
import { nativePixelBytes, type NativeLayout } from './pixel-size';

/**
 * The uncompressed image of a parsed dataset: what its header says about the pixels and where they are, for the
 * conversions that rewrite the viewer copy's pixels (ybr-to-rgb.ts, palette-rgb.ts).
 */
export interface NativeImage extends NativeLayout {
	frames: number;
	bitsStored: number;
	pixelRepresentation: number;
	planarConfiguration: number;
	/** The Pixel Data value as stored (byte order of the file). */
	pixels: Uint8Array;
	/** Its VR as written (undefined in implicit VR files). */
	pixelVR: string | undefined;
}

/** Null when the dataset has no native pixel data of the size its header describes. */
export function readNativeImage(dataSet: DataSet, bytes: Uint8Array): NativeImage | null {
	const element = dataSet.elements['x7fe00010'];
	if (!element || element.encapsulatedPixelData || element.length === 0xffffffff) return null;
	const u16 = (tag: string) => (dataSet.elements[tag] ? (dataSet.uint16(tag) ?? 0) : 0);
	const image = {
		rows: u16('x00280010'),
		columns: u16('x00280011'),
		samplesPerPixel: u16('x00280002') || 1,
		bitsAllocated: u16('x00280100'),
		bitsStored: u16('x00280101'),
		pixelRepresentation: u16('x00280103'),
		planarConfiguration: u16('x00280006'),
		photometricInterpretation: (dataSet.string('x00280004') ?? '').trim().toUpperCase(),
		frames: Math.max(1, Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1),
		pixelVR: element.vr
	};
	if (!image.rows || !image.columns || !image.bitsAllocated) return null;
	const needed = nativePixelBytes(image, image.frames);
	if (element.length < needed || element.dataOffset + needed > bytes.length) return null;
	return {
		...image,
		bitsStored: image.bitsStored || image.bitsAllocated,
		pixels: bytes.subarray(element.dataOffset, element.dataOffset + needed)
	};
}

/**
 * The image's 8-bit samples in the order they were written. In Explicit VR Big Endian an OW value is a series of
 * byte-swapped words (PS3.5 7.3), so 8-bit samples stored as OW come in swapped pairs.
 */
export function bytesInOrder(image: NativeImage, encoding: Encoding): Uint8Array {
	if (encoding.littleEndian || image.pixelVR !== 'OW') return image.pixels;
	const out = new Uint8Array(image.pixels.length);
	for (let i = 0; i + 1 < out.length; i += 2) {
		out[i] = image.pixels[i + 1]!;
		out[i + 1] = image.pixels[i]!;
	}
	return out;
}

/**
 * Each sample of a single-sample image as a number: masked to Bits Stored, sign-extended when Pixel
 * Representation says signed, read in the file's byte order (8 or 16 bits allocated).
 */
export function sampleValues(image: NativeImage, encoding: Encoding): Int32Array {
	const count = image.rows * image.columns * image.frames;
	const out = new Int32Array(count);
	const bits = Math.min(image.bitsStored, image.bitsAllocated);
	const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
	const signBit = 1 << (bits - 1);
	const signed = image.pixelRepresentation === 1;
	const view = new DataView(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
	const ordered = image.bitsAllocated === 8 ? bytesInOrder(image, encoding) : image.pixels;
	for (let i = 0; i < count; i++) {
		let v = image.bitsAllocated === 8 ? ordered[i]! : view.getUint16(i * 2, encoding.littleEndian);
		v &= mask;
		if (signed && v & signBit) v -= signBit * 2;
		out[i] = v;
	}
	return out;
}
