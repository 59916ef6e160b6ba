import type { DataSet } from 'dicom-parser';
import { concat, inflateDataset } from './dicom-parser';
import { DicomError } from './errors';
import { declaredTransform, withDeclaredColour } from './jpeg-colour';
import { decodeJpeg12 } from './jpeg12';
import { decodeFrames, type DecodeProgress, type FrameDecoder } from './native-pixels';
import { parseChecked } from './parse-guard';
import { decodeRleFrame } from './rle-decode';
import { rewritePixelHeader } from './pixel-header';
import { TransferSyntax } from './uids';

export type { DecodedFrame, DecodeProgress, FrameDecoder } from './native-pixels';

/**
 * Rewrites files whose pixel data dwv cannot decode, or decodes wrongly or too slowly, into Explicit VR Little
 * Endian, uncompressed, so the viewer shows them: Deflated (inflated with fflate) and compressed pixel data decoded
 * by maintained WASM codecs (CharLS for JPEG-LS, OpenJPEG for JPEG 2000, OpenJPH for HTJ2K, libjpeg-turbo for
 * 8-bit JPEG), which the caller injects so this module stays free of loading concerns. Everything but the meta
 * header's transfer syntax, the pixel data and the elements that describe the decoded pixels is copied byte for
 * byte.
 */
export const JPEG_LS_SYNTAXES = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
/**
 * JPEG 2000 Part 1 (lossless only, and lossy). dwv's own JavaScript decoder loops for ever on a legal codestream
 * whose last tile-part has Psot = 0. Part 2 multi-component (4.92/4.93) is not claimed: nothing here tests it.
 */
export const JPEG_2000_SYNTAXES = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);
/** HTJ2K lossless, lossless RPCL, and lossy (ISO 15444-15): dwv has no decoder. */
export const HTJ2K_SYNTAXES = new Set([
	'1.2.840.10008.1.2.4.201',
	'1.2.840.10008.1.2.4.202',
	'1.2.840.10008.1.2.4.203'
]);
/**
 * JPEG baseline and extended. dwv's decoder gets colour wrong on several common classes (YBR_FULL_422 by up to 75
 * levels, RGB without markers), is off by 15 at 12 bits and 2.5 times slower on a large cine (codecs.browser.test.ts
 * and the commit message have the figures).
 */
export const JPEG_SYNTAXES = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51']);

export const TRANSCODABLE_SYNTAXES = new Set([
	...JPEG_LS_SYNTAXES,
	...JPEG_2000_SYNTAXES,
	...HTJ2K_SYNTAXES,
	...JPEG_SYNTAXES,
	TransferSyntax.DeflatedExplicitVRLittleEndian
]);

export type Codec = 'jpegLs' | 'jpeg2000' | 'htj2k' | 'jpeg';
export type Decoders = Partial<Record<Codec, FrameDecoder>>;
/** @deprecated kept for callers of the JPEG-LS-only API: any FrameDecoder. */
export type JpegLsDecoder = FrameDecoder;

const CODEC_NAMES: Record<Codec, string> = {
	jpegLs: 'JPEG-LS',
	jpeg2000: 'JPEG 2000',
	htj2k: 'HTJ2K',
	jpeg: 'JPEG'
};

/** Which codec a transfer syntax needs, if any. */
export function codecFor(transferSyntax: string): Codec | null {
	if (JPEG_LS_SYNTAXES.has(transferSyntax)) return 'jpegLs';
	if (JPEG_2000_SYNTAXES.has(transferSyntax)) return 'jpeg2000';
	if (HTJ2K_SYNTAXES.has(transferSyntax)) return 'htj2k';
	if (JPEG_SYNTAXES.has(transferSyntax)) return 'jpeg';
	return null;
}

export function codecName(codec: Codec): string {
	return CODEC_NAMES[codec];
}

function u16(n: number) {
	return new Uint8Array([n & 255, n >> 8]);
}
function u32(n: number) {
	return new Uint8Array([n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24]);
}
/** Rewrites the Part 10 meta group with a new transfer syntax; other meta elements are kept as they were. */
function rewriteMeta(bytes: Uint8Array, dataSet: DataSet, transferSyntax: string) {
	const elements: Uint8Array[] = [];
	for (const [tag, element] of Object.entries(dataSet.elements)) {
		if (!tag.startsWith('x0002') || tag === 'x00020000') continue;
		const group = Number.parseInt(tag.slice(1, 5), 16);
		const elementNo = Number.parseInt(tag.slice(5, 9), 16);
		const vr = element.vr ?? 'UN';
		let value = bytes.subarray(element.dataOffset, element.dataOffset + element.length);
		if (tag === 'x00020010') {
			const uid = new TextEncoder().encode(transferSyntax);
			value = uid.length % 2 ? concat([uid, new Uint8Array([0])]) : uid;
		}
		const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OD', 'OF', 'OL', 'OV'].includes(vr);
		const head = long
			? concat([
					u16(group),
					u16(elementNo),
					new TextEncoder().encode(vr),
					u16(0),
					u32(value.length)
				])
			: concat([u16(group), u16(elementNo), new TextEncoder().encode(vr), u16(value.length)]);
		elements.push(head, value);
	}
	const body = concat(elements);
	const groupLength = concat([
		u16(2),
		u16(0),
		new TextEncoder().encode('UL'),
		u16(4),
		u32(body.length)
	]);
	return concat([bytes.subarray(0, 132), groupLength, body]);
}

function metaEndOf(dataSet: DataSet): number {
	const groupLength = dataSet.uint32('x00020000');
	if (groupLength === undefined) throw new DicomError('unreadable-header', 'no meta group length');
	return 132 + 12 + groupLength;
}

export function transcodeForViewer(
	bytes: Uint8Array,
	transferSyntax: string,
	decoders: Decoders = {},
	progress: DecodeProgress = {}
): Uint8Array {
	if (transferSyntax === TransferSyntax.DeflatedExplicitVRLittleEndian) {
		const dataSet = parseChecked(bytes, { inflater: inflateDataset });
		const metaEnd = metaEndOf(dataSet);
		return concat([
			rewriteMeta(dataSet.byteArray, dataSet, TransferSyntax.ExplicitVRLittleEndian),
			dataSet.byteArray.subarray(metaEnd)
		]);
	}
	const codec = codecFor(transferSyntax);
	if (!codec) throw new DicomError('unreadable-header', `cannot transcode ${transferSyntax}`);
	const dataSet = () => parseChecked(bytes);
	if (codec === 'jpeg') return transcodeJpeg(bytes, dataSet(), decoders.jpeg, progress);
	const decode = decoders[codec];
	if (!decode) throw new DicomError('unreadable-header', `no ${codecName(codec)} decoder loaded`);
	return toNative(bytes, dataSet(), decode, progress);
}

/**
 * RLE that dwv 0.36 cannot show (rle-decode.ts): colour above 8 bits, 32 bits, and several frames (dwv's own
 * decoding of a multi-frame RLE file fails now and then with "Cannot find data to mark as complete: 0": pydicom's
 * SC_rgb_rle_2frame.dcm, in 2 of 7 runs). Single-frame RLE up to 16 bits dwv decodes itself, after checkRleFrames.
 */
export function rleNeedsTranscoding(bytes: Uint8Array): boolean {
	let dataSet: DataSet;
	try {
		dataSet = parseChecked(bytes, { untilTag: 'x7fe00010' });
	} catch {
		return false; // dwv and checkRleFrames give the reason
	}
	const bits = dataSet.uint16('x00280100') ?? 0;
	const frames = Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1;
	return bits === 32 || frames > 1 || (bits === 16 && (dataSet.uint16('x00280002') ?? 1) > 1);
}

/** An RLE file as Explicit VR Little Endian native pixels (see rleNeedsTranscoding). */
export function transcodeRleForViewer(
	bytes: Uint8Array,
	progress: DecodeProgress = {}
): Uint8Array {
	const dataSet = parseChecked(bytes);
	const layout = {
		rows: dataSet.uint16('x00280010') ?? 0,
		columns: dataSet.uint16('x00280011') ?? 0,
		samples: dataSet.uint16('x00280002') ?? 1,
		bitsAllocated: dataSet.uint16('x00280100') ?? 0,
		// Or 12-bit colour in 16 bits would be taken for 16-bit and shown as its top 4 bits (colour-depth.ts).
		bitsStored: dataSet.uint16('x00280101')
	};
	return toNative(bytes, dataSet, (frame) => decodeRleFrame(frame, layout), progress);
}

/**
 * 8-bit JPEG goes to libjpeg-turbo, told the colour the header declares (see jpeg-colour.ts); 12-bit to the
 * decoder in jpeg12.ts (dwv's is off by 15, and no maintained WASM build reads 12-bit JPEG).
 */
function transcodeJpeg(
	bytes: Uint8Array,
	dataSet: DataSet,
	decode: FrameDecoder | undefined,
	progress: DecodeProgress
): Uint8Array {
	if ((dataSet.uint16('x00280101') ?? 8) > 8) {
		const size = {
			width: dataSet.uint16('x00280011') ?? 0,
			height: dataSet.uint16('x00280010') ?? 0
		};
		return toNative(bytes, dataSet, (frame) => decodeJpeg12(frame, size), progress);
	}
	if (!decode) throw new DicomError('unreadable-header', 'no JPEG decoder loaded');
	const transform = declaredTransform(
		dataSet.string('x00280004'),
		dataSet.uint16('x00280002') ?? 1
	);
	const jpeg =
		transform === null ? decode : (b: Uint8Array) => decode(withDeclaredColour(b, transform));
	return toNative(bytes, dataSet, jpeg, progress);
}

function toNative(
	bytes: Uint8Array,
	dataSet: DataSet,
	decode: FrameDecoder,
	progress: DecodeProgress
): Uint8Array {
	const pixel = dataSet.elements['x7fe00010'];
	if (!pixel?.encapsulatedPixelData)
		throw new DicomError('unreadable-header', 'no encapsulated pixel data');
	const meta = rewriteMeta(bytes, dataSet, TransferSyntax.ExplicitVRLittleEndian);
	const vr = (dataSet.uint16('x00280100') ?? 16) > 8 ? 'OW' : 'OB';
	const built: { file?: Uint8Array } = {};
	// One allocation for the whole file: the decoder writes its frames straight into it.
	decodeFrames(
		dataSet,
		decode,
		(description, length) => {
			// The dataset up to the pixel data element's header (12 bytes before its value for encapsulated data),
			// with the pixel description elements made to say what the decoded pixels are.
			const before = rewritePixelHeader(
				bytes,
				dataSet,
				{ start: metaEndOf(dataSet), end: pixel.dataOffset - 12 },
				description
			);
			const header = concat([
				u16(0x7fe0),
				u16(0x0010),
				new TextEncoder().encode(vr),
				u16(0),
				u32(length)
			]);
			const start = meta.length + before.length + header.length;
			const file = new Uint8Array(start + length);
			file.set(meta);
			file.set(before, meta.length);
			file.set(header, meta.length + before.length);
			built.file = file;
			return file.subarray(start);
		},
		progress
	);
	if (!built.file) throw new DicomError('truncated', 'its compressed pixel data holds no frame');
	return built.file;
}
