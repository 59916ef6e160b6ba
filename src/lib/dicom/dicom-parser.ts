import * as dicomParserModule from 'dicom-parser';
import { inflateSync } from 'fflate';

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
 * Deflated Explicit VR Little Endian (PS3.5 A.5): dicom-parser hands over the bytes and where the dataset starts,
 * and wants the header followed by the inflated dataset.
 */
export function inflateDataset(bytes: Uint8Array, position: number): Uint8Array {
	return concat([bytes.subarray(0, position), inflateSync(bytes.subarray(position))]);
}
