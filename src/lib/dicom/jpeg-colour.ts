import { concat } from './dicom-parser';

/**
 * Whether the three components of a DICOM JPEG are YCbCr or RGB is what the header's Photometric Interpretation
 * says (PS3.5 8.2.1): dcmtk and GDCM both follow it, whatever JFIF or Adobe markers the stream carries or lacks.
 * libjpeg-turbo instead guesses from those markers (JFIF: YCbCr; Adobe transform 0: RGB; none: YCbCr unless the
 * component ids spell R, G, B), so an RGB stream without markers comes out colour-converted and wrong. This
 * rewrites the stream's header so libjpeg-turbo reads what the DICOM header says: JFIF and Adobe segments removed,
 * one Adobe segment with the transform to apply put first.
 */
const YCBCR = new Set(['YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422', 'YBR_PARTIAL_420']);

/** Adobe APP14: 'Adobe', version 100, flags 0 and 0, then the transform (0: none, RGB; 1: YCbCr). */
function adobeSegment(transform: 0 | 1): Uint8Array {
	return new Uint8Array([
		0xff,
		0xee,
		0x00,
		0x0e,
		0x41,
		0x64,
		0x6f,
		0x62,
		0x65,
		0x00,
		0x64,
		0x00,
		0x00,
		0x00,
		0x00,
		transform
	]);
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
}

/** The transform the header's Photometric Interpretation implies for a 3-sample JPEG, if it implies one. */
export function declaredTransform(photometric: string | undefined, samples: number): 0 | 1 | null {
	if (samples !== 3 || !photometric) return null;
	if (photometric === 'RGB') return 0;
	return YCBCR.has(photometric) ? 1 : null;
}

export function withDeclaredColour(jpeg: Uint8Array, transform: 0 | 1): Uint8Array {
	if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
	const parts: Uint8Array[] = [jpeg.subarray(0, 2), adobeSegment(transform)];
	let at = 2;
	let kept = 2;
	// Walk the segments before the first scan; only there can JFIF and Adobe markers sit.
	while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
		const marker = jpeg[at + 1]!;
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xda) break; // start of scan
		const end = at + 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
		const jfif = marker === 0xe0 && startsWith(jpeg, at + 4, 'JFIF');
		const adobe = marker === 0xee && startsWith(jpeg, at + 4, 'Adobe');
		if (jfif || adobe) {
			parts.push(jpeg.subarray(kept, at));
			kept = end;
		}
		at = end;
	}
	parts.push(jpeg.subarray(kept));
	return concat(parts);
}
