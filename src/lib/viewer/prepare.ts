import {
	JPEG_LS_SYNTAXES,
	TRANSCODABLE_SYNTAXES,
	checkDisplayable,
	sanitizeForViewer,
	transcodeForViewer
} from '$lib/dicom';
import type { InstanceSummary } from '$lib/vault';
import { loadJpegLsDecoder } from './decoders';

/** Whether the viewer can show an instance, from its stored header fields. */
export function displayCheck(
	instance: Pick<InstanceSummary, 'kind' | 'TransferSyntaxUID' | 'SOPClassUID' | 'instance'>
) {
	return checkDisplayable({
		kind: instance.kind,
		TransferSyntaxUID: instance.TransferSyntaxUID,
		SOPClassUID: instance.SOPClassUID,
		...instance.instance
	});
}

/**
 * Turns a stored file into what dwv decodes: JPEG-LS and Deflated transcoded to native pixels, headers dwv would
 * refuse adjusted (see sanitizeForViewer). Returns a fresh, exactly-sized ArrayBuffer for dwv.
 */
export async function prepareForViewer(
	bytes: Uint8Array,
	transferSyntax: string
): Promise<ArrayBuffer> {
	let out = bytes;
	if (TRANSCODABLE_SYNTAXES.has(transferSyntax)) {
		const jpegLs = JPEG_LS_SYNTAXES.has(transferSyntax) ? await loadJpegLsDecoder() : undefined;
		out = transcodeForViewer(out, transferSyntax, { jpegLs });
	}
	out = sanitizeForViewer(out);
	const exact = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength;
	return (exact ? out.buffer : out.slice().buffer) as ArrayBuffer;
}
