import type { DataSet, Element } from 'dicom-parser';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { declaredFrameSize } from './frame-size';

/**
 * Decodes the encapsulated frames of a file (PS3.5 A.4) with a frame decoder and lays them out as native pixel
 * data, with the header elements that describe pixels made to say what the decoded pixels are. Returns the
 * dataset's bytes after the meta group; transcode.ts puts a new meta group in front.
 */
export interface DecodedFrame {
	/** Pixels, little endian for samples above 8 bits, pixel-interleaved for colour. */
	pixels: Uint8Array;
	width: number;
	height: number;
	bitsPerSample: number;
	componentCount: number;
	/** Whether the codestream says its samples are signed (JPEG 2000 SIZ Ssiz, HTJ2K); absent: as the header. */
	isSigned?: boolean;
	/** Colour comes out as RGB whatever the header's Photometric Interpretation said (the codec converted it). */
	rgb?: boolean;
	/**
	 * The samples' precision when the codestream declares none but their size (RLE: rle-decode.ts), which is then
	 * the header's Bits Stored; absent: `bitsPerSample` is the codestream's precision.
	 */
	bitsStored?: number;
}

export type FrameDecoder = (encoded: Uint8Array) => DecodedFrame;

export interface DecodeProgress {
	/** Frames decoded so far, and how many there are. */
	onFrame?: (done: number, total: number) => void;
}

const JP2_SIGNATURE = [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20];

/** A fragment that opens a frame: JPEG SOI (JPEG, JPEG-LS), J2K SOC + SIZ, or a JP2 file's signature box. */
function startsFrame(fragment: Uint8Array): boolean {
	if (fragment[0] === 0xff && fragment[1] === 0xd8) return true;
	if (fragment[0] === 0xff && fragment[1] === 0x4f && fragment[2] === 0xff && fragment[3] === 0x51)
		return true;
	return JP2_SIGNATURE.every((b, i) => fragment[i] === b);
}

/** dicom-parser throws strings; a patient reads `reason` instead. */
function readingFragments(read: () => Uint8Array, reason: string): Uint8Array {
	try {
		return new Uint8Array(read());
	} catch {
		throw new DicomError('truncated', reason);
	}
}

/**
 * An offset table is only used when each entry, in increasing order, is where a fragment starts: an entry past
 * the end or between fragments (damaged or hostile) is ignored and the frames found from the fragments, as when a
 * file has no table.
 */
function offsetTableFits(pixel: Element): boolean {
	const starts = new Set((pixel.fragments ?? []).map((f) => f.offset));
	const table = pixel.basicOffsetTable ?? [];
	return table.every((offset, i) => starts.has(offset) && (i === 0 || offset > table[i - 1]!));
}

/**
 * How to read each frame's encoded bytes, from the Basic Offset Table when there is one, else from the fragments;
 * read one at a time, so a long cine never holds every frame's copy at once.
 */
function encodedFrames(dataSet: DataSet, pixel: Element, frames: number): (() => Uint8Array)[] {
	const fragments = pixel.fragments ?? [];
	if (!fragments.length)
		throw new DicomError('truncated', 'its compressed pixel data has no fragments');
	const bytesOf = (first: number, count: number) =>
		readingFragments(
			() => dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixel, first, count),
			'its compressed pixel data ends inside a fragment'
		);
	if (frames === 1) return [() => bytesOf(0, fragments.length)];
	if (pixel.basicOffsetTable?.length === frames && offsetTableFits(pixel)) {
		return Array.from(
			{ length: frames },
			(_, f) => () =>
				readingFragments(
					() => dicomParser.readEncapsulatedImageFrame(dataSet, pixel, f, pixel.basicOffsetTable),
					`frame ${f + 1} is not where its offset table says`
				)
		);
	}
	if (fragments.length === frames) return fragments.map((_, f) => () => bytesOf(f, 1));
	// No offset table and several fragments per frame: a frame starts at each fragment holding a start marker.
	const starts: number[] = [];
	fragments.forEach((fragment, i) => {
		const at = dataSet.byteArray.subarray(fragment.position, fragment.position + 12);
		if (startsFrame(at)) starts.push(i);
	});
	if (starts.length !== frames) {
		throw new DicomError(
			'truncated',
			`its compressed pixel data holds ${starts.length} frames, not the ${frames} its header says`
		);
	}
	return starts.map(
		(first, f) => () => bytesOf(first, (starts[f + 1] ?? fragments.length) - first)
	);
}

/** Makes 16-bit little-endian samples from two's complement values of `bits` bits, sign-extended. */
function signExtend(pixels: Uint8Array, bytesPerSample: number, bits: number) {
	if (bits >= bytesPerSample * 8) return;
	const shift = 32 - bits;
	if (bytesPerSample === 1) {
		for (let i = 0; i < pixels.length; i++) pixels[i] = ((pixels[i]! << shift) >> shift) & 0xff;
		return;
	}
	const view = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength);
	for (let i = 0; i + 1 < pixels.length; i += 2) {
		view.setInt16(i, (view.getUint16(i, true) << shift) >> shift, true);
	}
}

/** 8-bit decoded samples in a 16-bit allocation (BitsAllocated 16, an 8-bit codestream). */
function widen(pixels: Uint8Array, signed: boolean): Uint8Array {
	const out = new Uint8Array(pixels.length * 2);
	const view = new DataView(out.buffer);
	for (let i = 0; i < pixels.length; i++) {
		view.setInt16(i * 2, signed ? (pixels[i]! << 24) >> 24 : pixels[i]!, true);
	}
	return out;
}

interface Header {
	rows: number;
	columns: number;
	samples: number;
	bitsAllocated: number;
	bitsStored: number;
	signed: boolean;
}

/** Bytes per sample: 1, 2, or 4 (32-bit RLE, decoded in rle-decode.ts). */
const bytesFor = (bits: number) => (bits > 16 ? 4 : bits > 8 ? 2 : 1);

function headerOf(dataSet: DataSet): Header {
	const bitsAllocated = dataSet.uint16('x00280100') ?? 8;
	return {
		rows: dataSet.uint16('x00280010') ?? 0,
		columns: dataSet.uint16('x00280011') ?? 0,
		samples: dataSet.uint16('x00280002') ?? 1,
		bitsAllocated,
		bitsStored: dataSet.uint16('x00280101') ?? bitsAllocated,
		signed: dataSet.uint16('x00280103') === 1
	};
}

/** What the decoded pixels are, and so what the copy's header must say. */
export interface NativeDescription {
	signed: boolean;
	bitsStored: number;
	rgb: boolean;
}

/**
 * Signedness, PS3.5 8.2.4 and the class of pydicom's J2K_pixelrep_mismatch.dcm: a codestream that says signed
 * holds signed values whatever the header says, so the copy says Pixel Representation 1. A codestream that says
 * unsigned under a header that says signed holds the header's two's complement bit patterns (some encoders wrote
 * them so); GDCM keeps those bits under Pixel Representation 1 and dcmtk reads them signed, so the values are
 * sign-extended from Bits Stored and the copy stays signed — the same image both tools show.
 */
function normalise(frame: DecodedFrame, header: Header, index: number): Uint8Array {
	if (frame.width !== header.columns || frame.height !== header.rows) {
		throw new DicomError(
			'truncated',
			`frame ${index + 1} decodes to ${frame.width}×${frame.height}, not the ${header.columns}×${header.rows} its header says`
		);
	}
	if (frame.componentCount !== header.samples) {
		throw new DicomError(
			'unreadable-header',
			`frame ${index + 1} decodes to ${frame.componentCount} samples per pixel, not ${header.samples}`
		);
	}
	const decodedBytes = bytesFor(frame.bitsPerSample);
	const outBytes = bytesFor(header.bitsAllocated);
	if (decodedBytes > outBytes || (outBytes === 4 && decodedBytes !== 4)) {
		throw new DicomError(
			'unreadable-header',
			`its pixels decode to ${frame.bitsPerSample} bits, more than the ${header.bitsAllocated} allocated`
		);
	}
	const codestreamSigned = frame.isSigned ?? header.signed;
	let pixels = frame.pixels;
	if (header.signed && !codestreamSigned && decodedBytes < 4)
		signExtend(pixels, decodedBytes, header.bitsStored);
	if (outBytes > decodedBytes) pixels = widen(pixels, header.signed || codestreamSigned);
	const expected = header.rows * header.columns * header.samples * outBytes;
	if (pixels.length < expected) {
		throw new DicomError('truncated', `frame ${index + 1} decodes to too few bytes`);
	}
	return pixels.length === expected ? pixels : pixels.subarray(0, expected);
}

export function describeDecoded(frame: DecodedFrame, dataSet: DataSet): NativeDescription {
	const header = headerOf(dataSet);
	return {
		signed: header.signed || (frame.isSigned ?? false),
		// A codestream deeper than the header's Bits Stored (GDCM then takes the codestream's precision).
		bitsStored: Math.min(
			header.bitsAllocated,
			frame.bitsStored ?? Math.max(header.bitsStored, frame.bitsPerSample)
		),
		rgb: header.samples === 3 && (frame.rgb ?? false)
	};
}

/**
 * Where the decoded frames go: asked once, when the first frame has said what the pixels are, for an array of
 * `length` bytes (all frames); the caller places it inside the file it builds, so a cine is held once, not copied.
 */
export type PixelSink = (description: NativeDescription, length: number) => Uint8Array;

/**
 * Decodes every frame into the sink's array. The pixels are not padded to an even length: the copy goes to dwv
 * only, and dwv 0.36, given colour pixel data one pad byte longer than its frames, keeps only rows × columns ×
 * frames bytes of it (a third of an RGB cine) and shows black.
 */
export function decodeFrames(
	dataSet: DataSet,
	decode: FrameDecoder,
	sink: PixelSink,
	progress: DecodeProgress = {}
): void {
	const pixel = dataSet.elements['x7fe00010'];
	if (!pixel?.encapsulatedPixelData)
		throw new DicomError('unreadable-header', 'its compressed pixel data is not encapsulated');
	const header = headerOf(dataSet);
	const frames = Math.max(1, Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1);
	const frameBytes = header.rows * header.columns * header.samples * bytesFor(header.bitsAllocated);
	let target: Uint8Array | null = null;
	for (const [index, read] of encodedFrames(dataSet, pixel, frames).entries()) {
		const encoded = read();
		const declared = declaredFrameSize(encoded);
		if (declared && (declared.width !== header.columns || declared.height !== header.rows)) {
			throw new DicomError(
				'truncated',
				`frame ${index + 1} says ${declared.width}×${declared.height}, not the ${header.columns}×${header.rows} its header says`
			);
		}
		const frame = decode(encoded);
		const native = normalise(frame, header, index);
		target ??= sink(describeDecoded(frame, dataSet), frameBytes * frames);
		target.set(native, index * frameBytes);
		progress.onFrame?.(index + 1, frames);
	}
}
