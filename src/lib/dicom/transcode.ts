import type { DataSet } from 'dicom-parser';
import { concat, dicomParser, inflateDataset } from './dicom-parser';
import { DicomError } from './errors';
import { TransferSyntax } from './uids';

/**
 * Rewrites files whose transfer syntax dwv cannot decode into Explicit VR Little Endian, uncompressed, so the
 * viewer can show them: Deflated (inflated with fflate) and JPEG-LS (decoded with CharLS, a maintained WASM build,
 * injected by the caller so this module stays free of loading concerns). Everything but the meta header's
 * transfer syntax and the pixel data is copied byte for byte.
 */
export const JPEG_LS_SYNTAXES = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
export const TRANSCODABLE_SYNTAXES = new Set([
	...JPEG_LS_SYNTAXES,
	TransferSyntax.DeflatedExplicitVRLittleEndian
]);

export interface DecodedFrame {
	/** Pixels, little endian for 16-bit samples, pixel-interleaved for colour. */
	pixels: Uint8Array;
	width: number;
	height: number;
	bitsPerSample: number;
	componentCount: number;
}

export type JpegLsDecoder = (encoded: Uint8Array) => DecodedFrame;

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
	decoders: { jpegLs?: JpegLsDecoder } = {}
): Uint8Array {
	if (transferSyntax === TransferSyntax.DeflatedExplicitVRLittleEndian) {
		const dataSet = dicomParser.parseDicom(bytes, { inflater: inflateDataset });
		const metaEnd = metaEndOf(dataSet);
		return concat([
			rewriteMeta(dataSet.byteArray, dataSet, TransferSyntax.ExplicitVRLittleEndian),
			dataSet.byteArray.subarray(metaEnd)
		]);
	}
	if (JPEG_LS_SYNTAXES.has(transferSyntax)) {
		if (!decoders.jpegLs) throw new DicomError('unreadable-header', 'no JPEG-LS decoder loaded');
		return transcodeJpegLs(bytes, decoders.jpegLs);
	}
	throw new DicomError('unreadable-header', `cannot transcode ${transferSyntax}`);
}

function transcodeJpegLs(bytes: Uint8Array, decode: JpegLsDecoder): Uint8Array {
	const dataSet = dicomParser.parseDicom(bytes);
	const pixel = dataSet.elements['x7fe00010'];
	if (!pixel?.encapsulatedPixelData)
		throw new DicomError('unreadable-header', 'no encapsulated pixel data');
	const frames = Math.max(1, Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1);
	const rows = dataSet.uint16('x00280010') ?? 0;
	const columns = dataSet.uint16('x00280011') ?? 0;
	const offsets = pixel.basicOffsetTable?.length
		? pixel.basicOffsetTable
		: frames === 1
			? [0]
			: dicomParser.createJPEGBasicOffsetTable(dataSet, pixel);
	const decoded: Uint8Array[] = [];
	for (let frame = 0; frame < frames; frame++) {
		const encoded =
			frames === 1
				? dicomParser.readEncapsulatedPixelDataFromFragments(
						dataSet,
						pixel,
						0,
						pixel.fragments?.length
					)
				: dicomParser.readEncapsulatedImageFrame(dataSet, pixel, frame, offsets);
		const result = decode(new Uint8Array(encoded));
		if (result.width !== columns || result.height !== rows) {
			throw new DicomError(
				'truncated',
				`frame ${frame + 1} decodes to ${result.width}×${result.height}`
			);
		}
		decoded.push(result.pixels);
	}
	let pixels = concat(decoded);
	if (pixels.length % 2) pixels = concat([pixels, new Uint8Array([0])]);
	const bits = dataSet.uint16('x00280100') ?? 16;
	const vr = bits > 8 ? 'OW' : 'OB';

	// Copy the dataset up to the pixel data element's header (12 bytes before its value for encapsulated data).
	const metaEnd = metaEndOf(dataSet);
	const pixelHeaderStart = pixel.dataOffset - 12;
	const before = bytes.slice(metaEnd, pixelHeaderStart);
	// Decoded colour comes out pixel-interleaved: say so, whatever the encoder's Planar Configuration was.
	const planar = dataSet.elements['x00280006'];
	if (planar && planar.length === 2) {
		before[planar.dataOffset - metaEnd] = 0;
		before[planar.dataOffset - metaEnd + 1] = 0;
	}
	const header = concat([
		u16(0x7fe0),
		u16(0x0010),
		new TextEncoder().encode(vr),
		u16(0),
		u32(pixels.length)
	]);
	return concat([
		rewriteMeta(bytes, dataSet, TransferSyntax.ExplicitVRLittleEndian),
		before,
		header,
		pixels
	]);
}
