/**
 * How many bytes an uncompressed frame takes, from its header: the one rule the import's size check and the
 * viewer copy's colour conversions share.
 */
export interface NativeLayout {
	rows: number;
	columns: number;
	samplesPerPixel: number;
	bitsAllocated: number;
	photometricInterpretation: string;
}

/**
 * YBR_FULL_422 and YBR_PARTIAL_422 store two luminance samples and one pair of chroma samples for every two pixels
 * of a row (Y1 Y2 Cb Cr, PS3.5 8.2.1 and PS3.3 C.7.6.3.1.2): two samples per pixel where the header says three.
 */
export function isChromaSubsampled(photometricInterpretation: string): boolean {
	return /^YBR_(FULL|PARTIAL)_422$/.test(photometricInterpretation.trim());
}

/** Samples stored per pixel, which differs from Samples per Pixel for horizontally subsampled chroma. */
export function storedSamplesPerPixel(layout: NativeLayout): number {
	const samples = Math.max(1, layout.samplesPerPixel);
	return samples === 3 && isChromaSubsampled(layout.photometricInterpretation) ? 2 : samples;
}

/**
 * Bytes `frames` uncompressed frames take. Bits are counted across frames before rounding up, since 1-bit data
 * packs frames back to back (PS3.5 8.1.1).
 */
export function nativePixelBytes(layout: NativeLayout, frames = 1): number {
	const bits =
		layout.rows *
		layout.columns *
		Math.max(1, frames) *
		storedSamplesPerPixel(layout) *
		layout.bitsAllocated;
	return Math.ceil(bits / 8);
}
