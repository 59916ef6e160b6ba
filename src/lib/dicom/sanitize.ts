import type { DataSet } from 'dicom-parser';
import { concat, dicomParser } from './dicom-parser';
import { TransferSyntax } from './uids';

/**
 * Header adjustments to the copy handed to dwv, after any transcoding (transcode.ts): native pixels only. The
 * stored file is never changed.
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

/**
 * Adjusts the copy handed to dwv so it does not refuse an otherwise good image: a Pixel Spacing of 0\\0 (seen on
 * a NEMA CR sample) is removed, so the viewer falls back to the pixel aspect ratio as for images that never had
 * spacing; PET without the inputs of dwv's SUV conversion is shown as stored values. Everything else is left byte
 * for byte.
 */
export function sanitizeForViewer(input: Uint8Array): Uint8Array {
	let dataSet: DataSet;
	try {
		dataSet = dicomParser.parseDicom(input, { untilTag: 'x7fe00010' });
	} catch {
		try {
			// Files without a Part 10 header (implicit VR datasets).
			dataSet = dicomParser.parseDicom(input, {
				TransferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian,
				untilTag: 'x7fe00010'
			});
		} catch {
			return input;
		}
	}
	const bytes = petWithoutSuvInputs(dataSet, input);
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
