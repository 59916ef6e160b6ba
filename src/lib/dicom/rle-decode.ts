import { DicomError } from './errors';
import type { DecodedFrame } from './native-pixels';

/**
 * RLE Lossless (PS3.5 Annex G) decoded here for what dwv 0.36 cannot show from it: 16-bit colour (dwv mixes up
 * the samples: pydicom's SC_rgb_rle_16bit.dcm, correlation 0.81 against dcmtk, and its 2-frame version threw) and
 * 32 bits (dwv hangs). A frame is a 64-byte header (segment count, then up to 15 offsets) and one PackBits
 * segment per byte of each sample, most significant byte first; the segments are `rows × columns` bytes each.
 * Pure and bounded: every offset and run is checked against the frame, so a damaged frame is refused, never read
 * past or looped on.
 */
export interface RleLayout {
	rows: number;
	columns: number;
	samples: number;
	bitsAllocated: number;
	/** The header's Bits Stored: RLE segments carry whole bytes and say nothing of the samples' precision. */
	bitsStored?: number;
}

function decodeSegment(frame: Uint8Array, start: number, end: number, out: Uint8Array) {
	let at = start;
	let written = 0;
	while (at < end && written < out.length) {
		const n = (frame[at++]! << 24) >> 24;
		if (n >= 0) {
			const count = Math.min(n + 1, end - at, out.length - written);
			out.set(frame.subarray(at, at + count), written);
			written += count;
			at += n + 1;
		} else if (n !== -128) {
			if (at >= end) break;
			const count = Math.min(1 - n, out.length - written);
			out.fill(frame[at++]!, written, written + count);
			written += count;
		}
	}
	if (written < out.length) {
		throw new DicomError('truncated', 'an RLE segment holds fewer pixels than its image size');
	}
}

/** One RLE frame as native pixels: little endian, samples interleaved (Planar Configuration 0). */
export function decodeRleFrame(frame: Uint8Array, layout: RleLayout): DecodedFrame {
	const bytesPerSample = layout.bitsAllocated / 8;
	if (![1, 2, 4].includes(bytesPerSample)) {
		throw new DicomError('unreadable-header', `RLE with ${layout.bitsAllocated} bits allocated`);
	}
	const segments = layout.samples * bytesPerSample;
	// The 64-byte header has room for 15 offsets (PS3.5 G.5): more would be read from the segments themselves.
	if (segments < 1 || segments > 15) {
		throw new DicomError(
			'unreadable-header',
			`RLE of ${layout.samples} samples of ${layout.bitsAllocated} bits needs ${segments} segments a frame (1 to 15)`
		);
	}
	if (frame.length < 64) throw new DicomError('truncated', 'an RLE frame ends inside its header');
	const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
	const count = view.getUint32(0, true);
	if (count !== segments) {
		throw new DicomError(
			'unreadable-header',
			`an RLE frame has ${count} segments where its image needs ${segments}`
		);
	}
	const offsets = Array.from({ length: count }, (_, i) => view.getUint32(4 + i * 4, true));
	const pixels = layout.rows * layout.columns;
	const out = new Uint8Array(pixels * segments);
	const segment = new Uint8Array(pixels);
	for (let s = 0; s < count; s++) {
		const start = offsets[s]!;
		const end = s + 1 < count ? offsets[s + 1]! : frame.length;
		if (start < 64 || end > frame.length || end < start) {
			throw new DicomError('truncated', `RLE segment ${s + 1} is not inside its frame`);
		}
		decodeSegment(frame, start, end, segment);
		const sample = Math.floor(s / bytesPerSample);
		// Segments run from the most significant byte; native little endian stores it last.
		const byte = bytesPerSample - 1 - (s % bytesPerSample);
		for (let p = 0; p < pixels; p++) {
			out[(p * layout.samples + sample) * bytesPerSample + byte] = segment[p]!;
		}
	}
	return {
		pixels: out,
		width: layout.columns,
		height: layout.rows,
		bitsPerSample: layout.bitsAllocated,
		componentCount: layout.samples,
		...(layout.bitsStored ? { bitsStored: layout.bitsStored } : {})
	};
}
