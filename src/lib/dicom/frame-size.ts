/**
 * The image size a frame's codestream declares, read from its header before any decoder runs: the decoders
 * allocate what it says (a 12-byte JPEG frame header saying 20000 × 20000 made libjpeg-turbo take 400 MB of WASM
 * memory, which the decoding worker keeps), while the viewer's size cap (displayable.ts) checked the DICOM header's
 * Rows and Columns. A frame of another size is refused after decoding anyway (native-pixels.ts).
 */
export interface FrameSize {
	width: number;
	height: number;
}

/** JPEG start-of-frame markers, all processes, and JPEG-LS's SOF55 (ISO 14495-1): height, then width. */
const SOF = new Set([
	0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf, 0xf7
]);

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((u16(b, at) << 16) | u16(b, at + 2)) >>> 0;

function jpegSize(b: Uint8Array): FrameSize | null {
	let at = 2;
	while (at + 9 <= b.length && b[at] === 0xff) {
		const marker = b[at + 1]!;
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xda) return null; // a scan before any frame header: the decoder says what is wrong
		if (SOF.has(marker)) {
			const height = u16(b, at + 5);
			// Height 0: the lines are counted at the end of the scan (DNL), not known here.
			return height ? { width: u16(b, at + 7), height } : null;
		}
		at += 2 + u16(b, at + 2);
	}
	return null;
}

/** JPEG 2000 and HTJ2K codestreams (SOC, then SIZ): the reference grid less its image offset. */
function j2kSize(b: Uint8Array): FrameSize | null {
	if (b.length < 24) return null;
	return { width: u32(b, 8) - u32(b, 16), height: u32(b, 12) - u32(b, 20) };
}

/** Null when the codestream is none of these (or a JP2 file): its decoder then goes unchecked. */
export function declaredFrameSize(encoded: Uint8Array): FrameSize | null {
	if (encoded[0] === 0xff && encoded[1] === 0xd8) return jpegSize(encoded);
	if (encoded[0] === 0xff && encoded[1] === 0x4f && encoded[2] === 0xff && encoded[3] === 0x51) {
		return j2kSize(encoded);
	}
	return null;
}
