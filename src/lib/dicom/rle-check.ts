import type { Element } from 'dicom-parser';
import { DicomError } from './errors';
import { parseChecked } from './parse-guard';

/**
 * RLE Lossless frames are decoded by dwv's own worker, which trusts each frame's segment table (PS3.5 G.5): a
 * segment count read from JPEG 2000 bytes, or an offset past the end, has it loop over a range of up to 2³¹ bytes
 * that are not there — a worker spinning for minutes (found by scripts/fuzz-dicom.js). The table is checked here,
 * before the copy reaches dwv: 1–15 segments, the first at byte 64 (after the 64-byte header), each later one
 * after the one before and inside the frame. Frames are split as dwv splits them: one frame is all fragments, else
 * a whole number of fragments per frame.
 */
export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

const HEADER_BYTES = 64;

function framesOf(pixel: Element, frames: number): { position: number; length: number }[][] {
	const fragments = pixel.fragments ?? [];
	if (!fragments.length) throw new DicomError('truncated', 'its RLE pixel data has no fragments');
	if (frames <= 1) return [fragments];
	if (fragments.length % frames !== 0) {
		throw new DicomError(
			'unreadable-header',
			`its RLE pixel data has ${fragments.length} fragments for ${frames} frames`
		);
	}
	const per = fragments.length / frames;
	return Array.from({ length: frames }, (_, f) => fragments.slice(f * per, (f + 1) * per));
}

/** Throws a DicomError naming the frame whose segment table cannot be trusted. */
export function checkRleFrames(bytes: Uint8Array): void {
	const dataSet = parseChecked(bytes);
	const pixel = dataSet.elements['x7fe00010'];
	if (!pixel?.encapsulatedPixelData) {
		throw new DicomError('unreadable-header', 'its RLE pixel data is not encapsulated');
	}
	const frames = Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1;
	const data = dataSet.byteArray;
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	framesOf(pixel, frames).forEach((parts, index) => {
		const damaged = (why: string) =>
			new DicomError('unreadable-header', `its RLE frame ${index + 1} ${why}`);
		// The header is in the frame's first fragment (writers do not split it).
		const first = parts[0]!;
		const length = parts.reduce((n, p) => n + p.length, 0);
		if (first.length < HEADER_BYTES) throw damaged('is shorter than its 64-byte header');
		const segments = view.getUint32(first.position, true);
		if (segments < 1 || segments > 15) throw damaged(`says it has ${segments} segments (1 to 15)`);
		let previous = 0;
		for (let s = 0; s < segments; s++) {
			const offset = view.getUint32(first.position + 4 + 4 * s, true);
			const valid = s === 0 ? offset === HEADER_BYTES : offset > previous && offset < length;
			if (!valid) throw damaged(`puts segment ${s + 1} at byte ${offset} of ${length}`);
			previous = offset;
		}
	});
}
