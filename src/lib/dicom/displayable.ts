import { TRANSCODABLE_SYNTAXES } from './transcode';
import type { InstanceKind } from './uids';

/**
 * Decides, before any decoder runs, whether an image can be shown, so a file the viewer cannot decode or that
 * would freeze the page gets a reason instead of a hang (dwv hangs on some files and blocks the main thread on
 * very large ones: docs/STACK.md). Pure: works on the header fields stored with each instance.
 */
export interface DisplayCheckInput {
	kind: InstanceKind;
	TransferSyntaxUID: string;
	SOPClassUID: string;
	Rows: number;
	Columns: number;
	NumberOfFrames: number;
	BitsAllocated?: number;
	SamplesPerPixel?: number;
	/** No Pixel Data: the pixels are in a vendor's private element (parse.ts). */
	privatePixels?: boolean;
}

/** Why the viewer does not show a file, as a code ($lib/messages has the words); `compression` names a codec. */
export type NotDisplayableCode =
	| 'report' // a PDF or SR: shown as a document
	| 'private-pixels' // no Pixel Data: the pixels are in a vendor's private element
	| 'no-image' // a plan, a waveform …
	| 'no-decoder' // a transfer syntax nothing here decodes (`compression` says which)
	| 'no-size'
	| 'too-large' // decoded, it would exceed MAX_DECODED_BYTES
	| 'segmentation'; // a DICOM SEG: masks drawn over another series

export interface NotDisplayable {
	code: NotDisplayableCode;
	compression?: string;
}

export type DisplayCheck = { ok: true } | { ok: false; reason: NotDisplayable };

/**
 * Transfer syntaxes the viewer shows: what Radfolio transcodes to native pixels first (JPEG-LS, JPEG 2000, HTJ2K
 * and 8-bit JPEG with WASM codecs, 12-bit JPEG, Deflated: see transcode.ts), plus what dwv 0.36 decodes itself
 * (uncompressed, JPEG lossless, RLE; RLE above 8 bits in colour, and 32-bit, is decoded first: rle-decode.ts).
 */
const DECODABLE = new Set([
	...TRANSCODABLE_SYNTAXES,
	'1.2.840.10008.1.2',
	'1.2.840.10008.1.2.1',
	'1.2.840.10008.1.2.2',
	'1.2.840.10008.1.2.4.57',
	'1.2.840.10008.1.2.4.70',
	'1.2.840.10008.1.2.5'
]);

const NAMED_SYNTAXES: Record<string, string> = {
	'1.2.840.10008.1.2.1.99': 'Deflated',
	'1.2.840.10008.1.2.4.80': 'JPEG-LS lossless',
	'1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
	'1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 multi-component lossless',
	'1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 multi-component',
	'1.2.840.10008.1.2.4.94': 'JPIP referenced',
	'1.2.840.10008.1.2.4.95': 'JPIP referenced, deflated',
	'1.2.840.10008.1.2.4.204': 'HTJ2K JPIP referenced',
	'1.2.840.10008.1.2.4.205': 'HTJ2K JPIP referenced, deflated',
	'1.2.840.10008.1.2.4.52': 'JPEG extended (process 3 & 5, retired)',
	'1.2.840.10008.1.2.4.53': 'JPEG spectral selection (retired)',
	'1.2.840.10008.1.2.4.55': 'JPEG progressive (retired)',
	'1.2.840.10008.1.2.4.110': 'JPEG XL lossless',
	'1.2.840.10008.1.2.4.111': 'JPEG XL recompression',
	'1.2.840.10008.1.2.4.112': 'JPEG XL',
	'1.2.840.10008.1.2.4.100': 'MPEG-2 video',
	'1.2.840.10008.1.2.4.102': 'MPEG-4 video',
	'1.2.840.10008.1.2.4.103': 'MPEG-4 video',
	'1.2.840.10008.1.2.4.106': 'MPEG-4 stereo video',
	'1.2.840.10008.1.2.4.107': 'HEVC video',
	'1.2.840.10008.1.2.4.108': 'HEVC video'
};

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** Above this many decoded bytes one file would exhaust memory or block the page for a long time. */
export const MAX_DECODED_BYTES = 768 * 1024 * 1024;

export function checkDisplayable(input: DisplayCheckInput): DisplayCheck {
	if (input.kind === 'pdf' || input.kind === 'sr') return { ok: false, reason: { code: 'report' } };
	if (input.kind !== 'image' && input.privatePixels)
		return { ok: false, reason: { code: 'private-pixels' } };
	if (input.kind !== 'image') return { ok: false, reason: { code: 'no-image' } };
	// dwv 0.36 draws a SEG only over the series it segments, loaded with it; alone it throws ("the DICOM seg
	// referenced series is not loaded"), which told the patient nothing.
	if (input.SOPClassUID === SEGMENTATION_STORAGE) {
		return { ok: false, reason: { code: 'segmentation' } };
	}
	if (!DECODABLE.has(input.TransferSyntaxUID)) {
		const name =
			NAMED_SYNTAXES[input.TransferSyntaxUID] ?? `transfer syntax ${input.TransferSyntaxUID}`;
		return { ok: false, reason: { code: 'no-decoder', compression: name } };
	}
	if (!input.Rows || !input.Columns) return { ok: false, reason: { code: 'no-size' } };
	const bytes =
		input.Rows *
		input.Columns *
		Math.max(1, input.NumberOfFrames) *
		Math.max(1, input.SamplesPerPixel ?? 1) *
		Math.max(1, Math.ceil((input.BitsAllocated || 16) / 8));
	if (bytes > MAX_DECODED_BYTES) {
		return { ok: false, reason: { code: 'too-large' } };
	}
	return { ok: true };
}
