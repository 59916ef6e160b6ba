import type { DataSet } from 'dicom-parser';
import { editDataset, uint16Value, type Edits, type Encoding } from './dataset-edit';
import { readNativeImage } from './native-image';

/**
 * Colour above 8 bits per sample (16- and 32-bit RGB or YBR_FULL: secondary captures, pydicom's SC_rgb_*16bit and
 * *32bit files) for dwv 0.36, which draws colour samples as bytes. The viewer copy keeps each sample's top 8 bits of
 * Bits Stored, as dcmtk renders such images. The stored file is never changed.
 */
export function colourAs8Bit(
	bytes: Uint8Array,
	dataSet: DataSet,
	encoding: Encoding
): Uint8Array | null {
	const image = readNativeImage(dataSet, bytes);
	if (!image || image.samplesPerPixel !== 3) return null;
	if (image.bitsAllocated !== 16 && image.bitsAllocated !== 32) return null;
	if (!/^(RGB|YBR_FULL)$/.test(image.photometricInterpretation)) return null;
	const size = image.bitsAllocated / 8;
	const count = image.pixels.length / size;
	const shift = Math.max(0, Math.min(image.bitsStored, image.bitsAllocated) - 8);
	const view = new DataView(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
	const out = new Uint8Array(count);
	for (let i = 0; i < count; i++) {
		const v =
			size === 2
				? view.getUint16(i * 2, encoding.littleEndian)
				: view.getUint32(i * 4, encoding.littleEndian);
		out[i] = Math.floor(v / 2 ** shift) & 0xff;
	}
	const us = (n: number) => ({ vr: 'US', value: uint16Value([n], encoding.littleEndian) });
	const edits: Edits = new Map([
		[0x00280100, us(8)],
		[0x00280101, us(8)],
		[0x00280102, us(7)],
		[0x7fe00010, { vr: 'OB', value: out }]
	]);
	return editDataset(bytes, dataSet, encoding, edits);
}
