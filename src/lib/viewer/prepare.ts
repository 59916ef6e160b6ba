import {
	JPEG_LS_SYNTAXES,
	TRANSCODABLE_SYNTAXES,
	sanitizeForViewer,
	transcodeForViewer
} from '$lib/dicom';
import { loadJpegLsDecoder } from './decoders';

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
