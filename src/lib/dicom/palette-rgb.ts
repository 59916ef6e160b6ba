import type { DataSet } from 'dicom-parser';
import { editDataset, textValue, uint16Value, type Edits, type Encoding } from './dataset-edit';
import { readNativeImage, sampleValues } from './native-image';
import { expandSegmentedLut } from './segmented-lut';

/**
 * PALETTE COLOR images in the viewer copy become RGB. dwv 0.36 reads only plain palette tables (0028,1201–1203): a
 * segmented palette (0028,1221–1223) crashes its load ("reading 'vl'"), and even plain 16-bit tables lose their
 * colours there (it ignores the first mapped value and leaves a full-length 16-bit table undefined). Applying the
 * palette here, as PS3.3 C.7.6.3.1.5–6 defines it, shows every palette image the way dcmtk does, 8- or 16-bit,
 * whatever the byte order; the stored file keeps its palette.
 */
interface Lut {
	firstMapped: number;
	/** Entries scaled to 8 bits. */
	values: Uint8Array;
}

const DESCRIPTOR = { red: 0x00281101, green: 0x00281102, blue: 0x00281103 } as const;
const DATA = { red: 0x00281201, green: 0x00281202, blue: 0x00281203 } as const;
const SEGMENTED = { red: 0x00281221, green: 0x00281222, blue: 0x00281223 } as const;
type Channel = keyof typeof DESCRIPTOR;

const key = (tag: number) => `x${tag.toString(16).padStart(8, '0')}`;

/** An OW value as 16-bit words in the file's byte order. */
function words(dataSet: DataSet, tag: number, littleEndian: boolean): number[] {
	const element = dataSet.elements[key(tag)];
	if (!element || !element.length) return [];
	const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset);
	const out: number[] = [];
	for (let i = 0; i + 1 < element.length; i += 2) {
		out.push(view.getUint16(element.dataOffset + i, littleEndian));
	}
	return out;
}

/** 8-bit entries packed two to a word, the first in the low byte. */
const unpackBytes = (packed: number[]) => packed.flatMap((w) => [w & 0xff, w >> 8]);

function readLut(
	dataSet: DataSet,
	channel: Channel,
	encoding: Encoding,
	signed: boolean
): Lut | null {
	const descriptor = dataSet.elements[key(DESCRIPTOR[channel])];
	if (!descriptor || descriptor.length < 6) return null;
	const at = (i: number) => dataSet.uint16(key(DESCRIPTOR[channel]), i) ?? 0;
	const entries = at(0) || 65536;
	// The first mapped value is signed when the pixels are (its VR is then SS).
	const firstMapped = signed && at(1) >= 0x8000 ? at(1) - 0x10000 : at(1);
	const bits: 8 | 16 = at(2) <= 8 ? 8 : 16;
	const segmented = words(dataSet, SEGMENTED[channel], encoding.littleEndian);
	const plain = words(dataSet, DATA[channel], encoding.littleEndian);
	let table: number[];
	if (segmented.length) {
		table = expandSegmentedLut(bits === 8 ? unpackBytes(segmented) : segmented, bits, entries);
	} else if (plain.length) {
		// 8-bit tables are packed two entries to a word, unless written one to a word.
		table = bits === 8 && plain.length < entries ? unpackBytes(plain) : plain;
	} else {
		return null;
	}
	// Some writers store 8-bit entries in a table described as 16-bit (PS3.3 C.7.6.3.1.5 notes it); dcmtk shows
	// them as 8-bit values, not as near-black.
	const eightBit = bits === 8 || table.every((v) => v < 256);
	const values = new Uint8Array(entries);
	for (let i = 0; i < entries; i++) {
		const v = table[Math.min(i, table.length - 1)]!;
		values[i] = eightBit ? Math.min(v, 255) : v >> 8;
	}
	return { firstMapped, values };
}

/** Tags that describe a palette image and no longer apply once its pixels are RGB. */
const PALETTE_ONLY = [
	0x00280106, 0x00280107, 0x00281101, 0x00281102, 0x00281103, 0x00281104, 0x00281199, 0x00281201,
	0x00281202, 0x00281203, 0x00281204, 0x00281221, 0x00281222, 0x00281223, 0x00281224
];

/** The viewer copy of a native PALETTE COLOR image as 8-bit RGB, or null when it is not one. */
export function paletteAsRgb(
	bytes: Uint8Array,
	dataSet: DataSet,
	encoding: Encoding
): Uint8Array | null {
	const image = readNativeImage(dataSet, bytes);
	if (!image || image.photometricInterpretation !== 'PALETTE COLOR') return null;
	if (image.samplesPerPixel !== 1 || (image.bitsAllocated !== 8 && image.bitsAllocated !== 16)) {
		return null;
	}
	const signed = image.pixelRepresentation === 1;
	const luts = (['red', 'green', 'blue'] as const).map((c) =>
		readLut(dataSet, c, encoding, signed)
	);
	if (luts.some((lut) => !lut)) return null;
	const [red, green, blue] = luts as Lut[];
	const samples = sampleValues(image, encoding);
	const rgb = new Uint8Array(samples.length * 3);
	// Values below the first mapped one take the first entry, values past the end the last (C.7.6.3.1.5).
	const lookup = (lut: Lut, v: number) =>
		lut.values[Math.min(Math.max(v - lut.firstMapped, 0), lut.values.length - 1)]!;
	for (let i = 0; i < samples.length; i++) {
		const v = samples[i]!;
		rgb[i * 3] = lookup(red!, v);
		rgb[i * 3 + 1] = lookup(green!, v);
		rgb[i * 3 + 2] = lookup(blue!, v);
	}
	const us = (n: number) => ({ vr: 'US', value: uint16Value([n], encoding.littleEndian) });
	const edits: Edits = new Map([
		[0x00280002, us(3)],
		[0x00280004, { vr: 'CS', value: textValue('RGB') }],
		[0x00280006, us(0)],
		[0x00280100, us(8)],
		[0x00280101, us(8)],
		[0x00280102, us(7)],
		[0x00280103, us(0)],
		...PALETTE_ONLY.map((tag) => [tag, null] as const),
		[0x7fe00010, { vr: 'OB', value: rgb }]
	]);
	return editDataset(bytes, dataSet, encoding, edits);
}
