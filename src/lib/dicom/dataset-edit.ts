import type { DataSet } from 'dicom-parser';
import { concat } from './dicom-parser';
import { TransferSyntax } from './uids';

/**
 * Replaces, adds and removes top-level elements of a dataset, in the file's own encoding, copying everything else
 * byte for byte: how the viewer copy gets new pixels and the header that describes them (sanitize.ts). Elements
 * after the last edited one (often only what follows the pixel data) are copied without being parsed.
 */
export interface Encoding {
	implicit: boolean;
	littleEndian: boolean;
}

/** The encoding of a native (uncompressed) dataset, or null for a transfer syntax this module does not write. */
export function encodingOf(transferSyntax: string): Encoding | null {
	switch (transferSyntax) {
		case TransferSyntax.ImplicitVRLittleEndian:
			return { implicit: true, littleEndian: true };
		case TransferSyntax.ExplicitVRLittleEndian:
			return { implicit: false, littleEndian: true };
		case TransferSyntax.ExplicitVRBigEndian:
			return { implicit: false, littleEndian: false };
		default:
			return null;
	}
}

/** VRs whose explicit header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
export const LONG_VRS = new Set([
	'OB',
	'OD',
	'OF',
	'OL',
	'OV',
	'OW',
	'SQ',
	'SV',
	'UC',
	'UN',
	'UR',
	'UT',
	'UV'
]);

export function elementHeader(
	tag: number,
	vr: string,
	length: number,
	encoding: Encoding
): Uint8Array {
	const long = encoding.implicit || LONG_VRS.has(vr);
	const out = new Uint8Array(encoding.implicit ? 8 : long ? 12 : 8);
	const view = new DataView(out.buffer);
	const le = encoding.littleEndian;
	view.setUint16(0, tag >>> 16, le);
	view.setUint16(2, tag & 0xffff, le);
	if (encoding.implicit) {
		view.setUint32(4, length, le);
		return out;
	}
	out[4] = vr.charCodeAt(0);
	out[5] = vr.charCodeAt(1);
	if (long) view.setUint32(8, length, le);
	else view.setUint16(6, length, le);
	return out;
}

export function uint16Value(values: number[], littleEndian: boolean): Uint8Array {
	const out = new Uint8Array(values.length * 2);
	const view = new DataView(out.buffer);
	values.forEach((v, i) => view.setUint16(i * 2, v, littleEndian));
	return out;
}

/** A text value (CS, LO, …) padded with a space to an even length. */
export function textValue(text: string): Uint8Array {
	return new TextEncoder().encode(text.length % 2 ? `${text} ` : text);
}

export interface NewValue {
	vr: string;
	value: Uint8Array;
}

/** Tag → its new value, or null to remove it. Tags not in the dataset are added. */
export type Edits = Map<number, NewValue | null>;

const tagNumber = (key: string) => Number.parseInt(key.slice(1), 16);

/**
 * Where a top-level element starts and ends. Pixel data parsed with `untilTag` (or of undefined length) has no
 * known end; it may only be replaced as the last element, running to the end of the file.
 */
function extentOf(
	dataSet: DataSet,
	key: string,
	encoding: Encoding,
	fileLength: number
): { start: number; end: number } {
	const element = dataSet.elements[key]!;
	const headerLength = !encoding.implicit && LONG_VRS.has(element.vr ?? '') ? 12 : 8;
	// dicom-parser gives an undefined-length element its measured length once it has read to its end.
	const known = element.length !== 0xffffffff;
	return {
		start: element.dataOffset - headerLength,
		end: known ? element.dataOffset + element.length : fileLength
	};
}

/**
 * Applies `edits` to the top-level dataset of `bytes` (parsed as `dataSet`, meta header included). Throws when an
 * edit would need an element the parse did not reach.
 */
export function editDataset(
	bytes: Uint8Array,
	dataSet: DataSet,
	encoding: Encoding,
	edits: Edits
): Uint8Array {
	const present = Object.keys(dataSet.elements)
		.filter((key) => !key.startsWith('x0002') && /^x[0-9a-f]{8}$/i.test(key))
		.map((key) => ({ tag: tagNumber(key), key }))
		.sort((a, b) => dataSet.elements[a.key]!.dataOffset - dataSet.elements[b.key]!.dataOffset);
	const presentTags = new Set(present.map((p) => p.tag));
	const added = [...edits]
		.filter(([tag, change]) => change && !presentTags.has(tag))
		.sort(([a], [b]) => a - b);
	const encode = (tag: number, change: NewValue) => {
		const value =
			change.value.length % 2 ? concat([change.value, new Uint8Array(1)]) : change.value;
		return concat([elementHeader(tag, change.vr, value.length, encoding), value]);
	};

	const parts: Uint8Array[] = [];
	let copiedTo = 0;
	let nextAdded = 0;
	// New elements go before the first present element with a higher tag (datasets are in tag order).
	const flushAddedBefore = (tag: number, at: number) => {
		while (nextAdded < added.length && added[nextAdded]![0] < tag) {
			parts.push(bytes.subarray(copiedTo, at));
			copiedTo = at;
			const [newTag, change] = added[nextAdded++]!;
			parts.push(encode(newTag, change!));
		}
	};
	for (const { tag, key } of present) {
		const { start, end } = extentOf(dataSet, key, encoding, bytes.length);
		flushAddedBefore(tag, start);
		if (!edits.has(tag)) continue;
		parts.push(bytes.subarray(copiedTo, start));
		const change = edits.get(tag);
		if (change) parts.push(encode(tag, change));
		copiedTo = end;
	}
	if (nextAdded < added.length) {
		const last = present.at(-1);
		const at = last ? extentOf(dataSet, last.key, encoding, bytes.length).end : bytes.length;
		if (at === bytes.length || !last) flushAddedBefore(0x1_0000_0000, at);
		else throw new Error('cannot add elements after the parsed part of the dataset');
	}
	parts.push(bytes.subarray(copiedTo));
	return concat(parts);
}
