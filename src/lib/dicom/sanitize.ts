import type { DataSet } from 'dicom-parser';
import { encodingOf } from './dataset-edit';
import { concat, dicomParser } from './dicom-parser';
import { colourAs8Bit } from './colour-depth';
import { greyscale32As16 } from './grey32';
import { paletteAsRgb } from './palette-rgb';
import { nativePixelBytes } from './pixel-size';
import { TransferSyntax } from './uids';
import { subsampledYbrAsRgb } from './ybr-to-rgb';

/**
 * Adjustments to the copy handed to dwv, after any transcoding (transcode.ts), so dwv shows what a PACS shows. The
 * stored file is never changed. Pure and synchronous (it runs in the decoding worker).
 */

/** Spacing elements dwv refuses when zero or not numbers ("Cannot create spacing"), crashing the load. */
const SPACING_TAGS = ['x00280030', 'x00181164'];

function validSpacing(value: string | undefined): boolean {
	if (value === undefined) return true;
	const parts = value.split('\\').map(Number);
	return parts.length >= 2 && parts.every((n) => Number.isFinite(n) && n > 0);
}

/**
 * dwv 0.36 converts PET to SUV, and when the series date or time it needs is missing it silently builds no image
 * at all (seen with a Philips PET). Such files are shown as their stored values (Bq/ml, as dcmtk shows them): the
 * copy handed to dwv says Modality OT instead of PT, same length, in place. The stored file is never changed.
 */
function petWithoutSuvInputs(dataSet: DataSet, bytes: Uint8Array): Uint8Array {
	const modality = dataSet.elements['x00080060'];
	if (!modality || modality.length !== 2 || dataSet.string('x00080060') !== 'PT') return bytes;
	if (dataSet.string('x00080021') && dataSet.string('x00080031')) return bytes;
	const copy = bytes.slice();
	copy[modality.dataOffset] = 0x4f; // 'O'
	copy[modality.dataOffset + 1] = 0x54; // 'T'
	return copy;
}

/** The header up to the pixel data, or null for a file dicom-parser cannot read (dwv then says why). */
function parseHeader(input: Uint8Array): DataSet | null {
	try {
		return dicomParser.parseDicom(input, { untilTag: 'x7fe00010' });
	} catch {
		try {
			// Files without a Part 10 header (implicit VR datasets).
			return dicomParser.parseDicom(input, {
				TransferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian,
				untilTag: 'x7fe00010'
			});
		} catch {
			return null;
		}
	}
}

/**
 * Colour dwv 0.36 cannot show from native pixels, as RGB: YBR_FULL_422 (ybr-to-rgb.ts) and PALETTE COLOR
 * (palette-rgb.ts, segmented palettes included); colour above 8 bits as 8-bit (colour-depth.ts); and 32-bit
 * greyscale, which it cannot show either, as 16-bit with a rescale (grey32.ts).
 */
function colourAsRgb(input: Uint8Array, dataSet: DataSet): Uint8Array | null {
	const syntax = dataSet.string('x00020010')?.trim() || TransferSyntax.ImplicitVRLittleEndian;
	const encoding = encodingOf(syntax);
	if (!encoding) return null;
	return (
		subsampledYbrAsRgb(input, dataSet, encoding) ??
		paletteAsRgb(input, dataSet, encoding) ??
		colourAs8Bit(input, dataSet, encoding) ??
		greyscale32As16(input, dataSet, encoding)
	);
}

/**
 * Native pixels of an odd byte count end with a pad byte (PS3.5 8.1.1 keeps every value even). dwv 0.36 splits
 * colour frames by the element's length, so the pad byte shifts them and the image shows blank or with its colours
 * dropped: the copy for dwv gets the exact length (dwv reads odd lengths; decoded copies are written that way too).
 */
function withoutPixelPad(bytes: Uint8Array): Uint8Array {
	const dataSet = parseHeader(bytes);
	const pixel = dataSet?.elements['x7fe00010'];
	if (!dataSet || !pixel || pixel.hadUndefinedLength || pixel.encapsulatedPixelData) return bytes;
	const encoding = encodingOf(
		dataSet.string('x00020010')?.trim() || TransferSyntax.ImplicitVRLittleEndian
	);
	if (!encoding) return bytes;
	const exact = nativePixelBytes(
		{
			rows: dataSet.uint16('x00280010') ?? 0,
			columns: dataSet.uint16('x00280011') ?? 0,
			samplesPerPixel: dataSet.uint16('x00280002') ?? 1,
			bitsAllocated: dataSet.uint16('x00280100') ?? 0,
			photometricInterpretation: dataSet.string('x00280004') ?? ''
		},
		Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1
	);
	if (exact % 2 === 0 || pixel.length !== exact + 1) return bytes;
	const end = pixel.dataOffset + exact;
	const out = concat([bytes.subarray(0, end), bytes.subarray(end + 1)]);
	// The 32-bit length just before the value, in implicit and explicit (OB/OW) VR alike.
	new DataView(out.buffer, out.byteOffset + pixel.dataOffset - 4, 4).setUint32(
		0,
		exact,
		encoding.littleEndian
	);
	return out;
}

/**
 * Adjusts the copy handed to dwv so it shows an otherwise good image (after un-vr.ts gave UN elements their VR and
 * transcode.ts decoded what dwv cannot): YBR_FULL_422 and palette colour become RGB, 32-bit greyscale 16-bit; a Pixel Spacing of 0\\0 (seen on a NEMA CR sample) is
 * removed, so the viewer falls back to the pixel aspect ratio as for images that never had spacing; PET without
 * the inputs of dwv's SUV conversion is shown as stored values. Everything else is left byte for byte, and a file
 * that needs none of this is returned as it came.
 * Last, a pad byte after odd-sized native pixels is dropped (withoutPixelPad).
 */
export function sanitizeForViewer(input: Uint8Array): Uint8Array {
	return withoutPixelPad(adjusted(input));
}

function adjusted(input: Uint8Array): Uint8Array {
	const header = parseHeader(input);
	if (!header) return input;
	const rgb = colourAsRgb(input, header);
	const current = rgb ?? input;
	const dataSet = rgb ? parseHeader(rgb) : header;
	if (!dataSet) return current;
	const bytes = petWithoutSuvInputs(dataSet, current);
	const cuts = SPACING_TAGS.map((tag) => dataSet.elements[tag])
		.filter((el): el is NonNullable<typeof el> => Boolean(el))
		.filter((el) => !validSpacing(dataSet.string(el.tag)))
		// Short-VR elements: an 8-byte header in explicit and implicit VR alike.
		.map((el) => ({ start: el.dataOffset - 8, end: el.dataOffset + el.length }))
		.sort((a, b) => a.start - b.start);
	if (!cuts.length) return bytes;
	const parts: Uint8Array[] = [];
	let at = 0;
	for (const cut of cuts) {
		parts.push(bytes.subarray(at, cut.start));
		at = cut.end;
	}
	parts.push(bytes.subarray(at));
	return concat(parts);
}
