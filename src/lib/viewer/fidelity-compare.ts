/**
 * How the fidelity test compares what the viewer shows with a reference decoder's rendering (dcmtk, GDCM): Pearson
 * correlation at the image's own grid, over luminance for greyscale and per RGB channel for colour (the weakest
 * channel decides, so a swapped or missing channel cannot hide behind the others). A uniform picture has no
 * correlation: two uniform pictures are the same, but structure on one side only is a failure with its own name
 * ("blank" when the viewer is the uniform side), never a NaN that compares as nothing.
 */
export interface Picture {
	width: number;
	height: number;
	/** Interleaved RGB, 8 bits per channel. */
	rgb: Uint8Array;
}

export type Comparison =
	| { verdict: 'compared'; correlation: number }
	| { verdict: 'blank' | 'uniform-on-one-side' | 'size-differs'; correlation?: undefined };

/** Netpbm P5 (grey) / P6 (colour), 8-bit, as dcmj2pnm writes. */
export function readPnm(bytes: Uint8Array): Picture {
	const text = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
	const m = /^(P[56])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
	if (!m) throw new Error('not an 8-bit PGM/PPM');
	const [, magic, w, h, max] = m;
	if (Number(max) > 255) throw new Error('not an 8-bit PGM/PPM');
	const width = Number(w);
	const height = Number(h);
	const offset = m[0].length;
	const rgb = new Uint8Array(width * height * 3);
	for (let i = 0; i < width * height; i++) {
		for (let c = 0; c < 3; c++) {
			rgb[i * 3 + c] = magic === 'P6' ? bytes[offset + i * 3 + c]! : bytes[offset + i]!;
		}
	}
	return { width, height, rgb };
}

export function pictureOf(image: ImageData): Picture {
	const rgb = new Uint8Array(image.width * image.height * 3);
	for (let i = 0; i < image.width * image.height; i++) {
		rgb[i * 3] = image.data[i * 4]!;
		rgb[i * 3 + 1] = image.data[i * 4 + 1]!;
		rgb[i * 3 + 2] = image.data[i * 4 + 2]!;
	}
	return { width: image.width, height: image.height, rgb };
}

/** One channel (0–2) or luminance (-1) of a picture. */
function channel(picture: Picture, which: number): Float64Array {
	const out = new Float64Array(picture.width * picture.height);
	const p = picture.rgb;
	for (let i = 0; i < out.length; i++) {
		out[i] =
			which < 0
				? 0.299 * p[i * 3]! + 0.587 * p[i * 3 + 1]! + 0.114 * p[i * 3 + 2]!
				: p[i * 3 + which]!;
	}
	return out;
}

function variance(values: Float64Array, mean: number) {
	let v = 0;
	for (const x of values) v += (x - mean) * (x - mean);
	return v;
}

function mean(values: Float64Array) {
	let s = 0;
	for (const x of values) s += x;
	return s / values.length;
}

function isUniform(picture: Picture): boolean {
	const p = picture.rgb;
	for (let i = 3; i < p.length; i++) if (p[i] !== p[i % 3]) return false;
	return true;
}

/** Pearson correlation, or which side is uniform when exactly one side is uniform (no correlation exists). */
function correlation(a: Float64Array, b: Float64Array): number | 'a-uniform' | 'b-uniform' {
	const ma = mean(a);
	const mb = mean(b);
	const va = variance(a, ma);
	const vb = variance(b, mb);
	if (va === 0 && vb === 0) return 1; // both uniform: the same picture
	if (va === 0) return 'a-uniform';
	if (vb === 0) return 'b-uniform';
	let cov = 0;
	for (let i = 0; i < a.length; i++) cov += (a[i]! - ma) * (b[i]! - mb);
	return cov / Math.sqrt(va * vb);
}

/** Whether a picture carries colour (any pixel whose channels differ), as opposed to grey in an RGB container. */
export function hasColour(picture: Picture): boolean {
	const p = picture.rgb;
	for (let i = 0; i < p.length; i += 3) if (p[i] !== p[i + 1] || p[i] !== p[i + 2]) return true;
	return false;
}

export function compare(shown: Picture, reference: Picture): Comparison {
	if (shown.width !== reference.width || shown.height !== reference.height)
		return { verdict: 'size-differs' };
	const colour = hasColour(shown) || hasColour(reference);
	const channels = colour ? [0, 1, 2] : [-1];
	let weakest = 1;
	for (const c of channels) {
		const r = correlation(channel(shown, c), channel(reference, c));
		if (r === 'a-uniform' && isUniform(shown)) return { verdict: 'blank' };
		if (typeof r !== 'number') return { verdict: 'uniform-on-one-side' };
		weakest = Math.min(weakest, r);
	}
	return { verdict: 'compared', correlation: weakest };
}
