import * as dicomParserModule from 'dicom-parser';
import { Inflate } from 'fflate';
import { DicomError } from './errors';

/**
 * dicom-parser ships a UMD bundle: Node sees only a default export, bundlers see named ones. Everything in
 * $lib/dicom takes it from here.
 */
export const dicomParser =
	(dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ??
	dicomParserModule;

/** Concatenates byte arrays (dicom/ imports nothing of ours but crypto's types, so it keeps its own). */
export function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/**
 * More than any dataset the viewer shows holds (768 MB of pixels: MAX_DECODED_BYTES in displayable.ts). Deflate
 * packs zeros about 1000 to 1, so without a limit a 1 MB file would inflate to 1 GB.
 */
const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;
/** Compressed bytes inflated at a time: each inflates to at most about 64 MB, so the limit is checked as it goes. */
const CHUNK = 64 * 1024;

/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): dicom-parser hands over the bytes and where the dataset starts,
 * and wants the header followed by the inflated dataset.
 */
export function inflateDataset(
	bytes: Uint8Array,
	position: number,
	limit = MAX_INFLATED_BYTES
): Uint8Array {
	const parts = [bytes.subarray(0, position)];
	let inflated = 0;
	const inflate = new Inflate((chunk) => {
		inflated += chunk.length;
		if (inflated > limit)
			throw new DicomError(
				'too-large',
				`its deflated dataset inflates to more than ${limit} bytes`
			);
		parts.push(chunk);
	});
	const deflated = bytes.subarray(position);
	let at = 0;
	try {
		do {
			inflate.push(deflated.subarray(at, at + CHUNK), at + CHUNK >= deflated.length);
			at += CHUNK;
		} while (at < deflated.length);
	} catch (error) {
		if (error instanceof DicomError) throw error;
		// fflate's words ("invalid block type", "unexpected EOF") say what, not where.
		throw new DicomError(
			'unreadable-header',
			`its deflated dataset is damaged (${(error as Error).message})`
		);
	}
	return concat(parts);
}
