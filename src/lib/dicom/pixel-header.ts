import type { DataSet } from 'dicom-parser';
import { concat } from './dicom-parser';
import type { NativeDescription } from './native-pixels';

/**
 * Rewrites the image pixel elements of a decoded copy so they describe the native pixels it now holds: colour a
 * codec converted becomes RGB (Photometric Interpretation) and interleaved (Planar Configuration 0), the sign and
 * depth the codestream had become Pixel Representation, Bits Stored and High Bit. Works on the top-level dataset
 * bytes of an explicit VR little endian file (every encapsulated transfer syntax is), from the end of the meta
 * group up to the pixel data element; everything else is copied byte for byte.
 */

function u16(n: number) {
	return new Uint8Array([n & 255, n >> 8]);
}

/** A CS value padded with a space to even length (PS3.5 6.2). */
function cs(text: string) {
	return new TextEncoder().encode(text.length % 2 ? `${text} ` : text);
}

export function rewritePixelHeader(
	bytes: Uint8Array,
	dataSet: DataSet,
	range: { start: number; end: number },
	description: NativeDescription
): Uint8Array {
	const values = new Map<string, Uint8Array | null>();
	if (description.rgb) {
		values.set('x00280004', cs('RGB'));
		values.set('x00280006', u16(0));
	} else if (dataSet.elements['x00280006']) {
		// Codecs return interleaved samples whatever the encoder's planar configuration was.
		values.set('x00280006', u16(0));
	}
	values.set('x00280103', u16(description.signed ? 1 : 0));
	const bitsStored = dataSet.uint16('x00280101');
	if (bitsStored !== undefined && description.bitsStored !== bitsStored) {
		values.set('x00280101', u16(description.bitsStored));
		values.set('x00280102', u16(description.bitsStored - 1));
	}
	// A group length (retired) would be wrong once a value's length changes.
	if (dataSet.elements['x00280000']) values.set('x00280000', null);

	const edits = [...values]
		.map(([tag, value]) => ({ element: dataSet.elements[tag], value }))
		.filter(
			(e) => e.element && e.element.dataOffset >= range.start && e.element.dataOffset < range.end
		)
		.sort((a, b) => a.element!.dataOffset - b.element!.dataOffset);
	const parts: Uint8Array[] = [];
	let at = range.start;
	for (const { element, value } of edits) {
		// Short-VR elements (US, CS, UL): tag, VR and a 2-byte length make an 8-byte header.
		const headerStart = element!.dataOffset - 8;
		parts.push(bytes.subarray(at, headerStart));
		if (value) {
			const head = bytes.slice(headerStart, element!.dataOffset);
			head.set(u16(value.length), 6);
			parts.push(head, value);
		}
		at = element!.dataOffset + element!.length;
	}
	parts.push(bytes.subarray(at, range.end));
	return concat(parts);
}
