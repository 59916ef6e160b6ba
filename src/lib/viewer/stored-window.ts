import { storedGrey, storedRamp, type StoredDisplay } from '$lib/dicom/pixels';

/**
 * Shows a file's stored display (its window or VOI LUT, see $lib/dicom/voi) through dwv 0.36, which cannot take it
 * as stored: dwv's View.setWindowLevel passes every window through validateWindowLevel (src/image/windowLevel.js),
 * which pulls the centre into the image's rescaled value range and caps the width at that range, so a stored width
 * wider than the pixel range (common on MR and CR) or a centre outside it shows more contrast than the modality
 * meant; dwv has no VOI LUT Sequence at all, and it drops a window whose centre is 0.
 *
 * dwv's pipeline for greyscale is: stored value → rescale → its window → an 8-bit level → a colour map (256
 * entries). So the stored display is split in two: dwv gets a window it accepts — one that spreads the values over
 * which the stored display changes across its 256 levels — and a colour map that turns each of those levels into
 * the grey the stored display gives the values behind it. Only dwv's public API is used (WindowLevel, ColourMap,
 * luts); the level dwv computes for each value is reproduced here operation for operation (src/image/voiLut.js,
 * modalityLut.js, windowLut.js), so that no value lands on a level other than the one planned for it.
 */
export interface DisplayPlan {
	/** The window handed to dwv: inside the image's range, so dwv keeps it as it is. */
	center: number;
	width: number;
	/** dwv's 8-bit level → the stored display's grey (0–255), inversion included. */
	grey: Uint8Array;
}

export interface PlanInput {
	display: StoredDisplay;
	/** The image's rescaled value range (dwv's getImageRescaledDataRange): every pixel lies in it. */
	range: { min: number; max: number };
	/** The VOI LUT Function dwv applies to its own window (the first file's, as dwv reads it). */
	dwvFunction: string;
	/**
	 * dwv looks its window up per stored value (rounded to a level) when every slice shares one rescale, and
	 * computes it per rescaled value (truncated) when they differ.
	 */
	discrete: boolean;
	/**
	 * The modality values of the image shown, when known: where values that dwv gives one level have different
	 * stored greys, the level takes the grey of most of the pixels, so those pixels are exact.
	 */
	present?: ArrayLike<number>;
}

/** Most samples taken over the value range; a 16-bit image has at most this many stored values. */
const MAX_SAMPLES = 65_536;
/** Samples enough to choose between candidate windows. */
const SEARCH_SAMPLES = 8_192;

type Fn = (x: number) => number;

/** dwv's VoiLut (src/image/voiLut.js) for a window, 0–255, written as dwv computes it. */
export function dwvVoi(name: string, center: number, width: number): Fn {
	if (name === 'SIGMOID') return (x) => 255 / (1 + Math.exp((-4 * (x - center)) / width)) + 0;
	const exact = name === 'LINEAR_EXACT';
	const c = exact ? center : center - 0.5;
	const w = exact ? width : width - 1;
	const xmin = c - w / 2;
	const xmax = c + w / 2;
	const slope = 255 / w;
	const intercept = (-c / w + 0.5) * 255 + 0;
	return (x) => (x <= xmin ? 0 : x > xmax ? 255 : x * slope + intercept);
}

/** The window dwv ends up with after its validateWindowLevel. */
function dwvValidated(
	name: string,
	center: number,
	width: number,
	range: { min: number; max: number }
): { center: number; width: number } {
	const minWidth = name === 'LINEAR_EXACT' || name === 'SIGMOID' ? 0 : 1;
	return {
		center: Math.max(range.min, Math.min(range.max, center)),
		width: Math.min(Math.max(width, minWidth), range.max - range.min)
	};
}

/**
 * dwv's 8-bit level for a modality value with a given window. With one rescale for the series, dwv builds a table
 * over the stored values' unsigned index (signed values shifted by half the range, the window centre with them),
 * rescaled in 32-bit floats, rounded into a Uint8ClampedArray (half to even); otherwise it shifts the rescaled
 * value the same way and truncates.
 */
function dwvLevel(
	name: string,
	window: { center: number; width: number },
	display: StoredDisplay,
	discrete: boolean
): Fn {
	const shift = display.PixelRepresentation === 1 ? 2 ** display.BitsStored / 2 : 0;
	const { slope, intercept } = display;
	if (!discrete) {
		const voi = dwvVoi(name, window.center + shift, window.width);
		return (m) => Math.min(255, Math.max(0, Math.floor(voi(m + shift))));
	}
	const voi = dwvVoi(name, window.center + slope * shift, window.width);
	const identity = slope === 1 && intercept === 0;
	const level = new Uint8ClampedArray(1);
	return (m) => {
		const index = Math.round((m - intercept) / slope) + shift;
		level[0] = voi(identity ? index : Math.fround(index * slope + intercept));
		return level[0]!;
	};
}

/** The values dwv's window spreads over its 256 levels: where the stored display changes, within the image. */
function span(display: StoredDisplay, range: { min: number; max: number }) {
	const ramp = storedRamp(display) ?? { low: range.min, high: range.max };
	const low = Math.max(ramp.low, range.min);
	const high = Math.min(ramp.high, range.max);
	return high - low >= 1 ? { low, high } : { low: range.min, high: range.max };
}

/** The modality values the image can hold, or at most `limit` evenly spaced samples of them. */
function* samples(
	display: StoredDisplay,
	range: { min: number; max: number },
	discrete: boolean,
	limit: number
) {
	const { slope, intercept } = display;
	if (discrete) {
		const a = (range.min - intercept) / slope;
		const b = (range.max - intercept) / slope;
		const first = Math.ceil(Math.min(a, b) - 1e-6);
		const last = Math.floor(Math.max(a, b) + 1e-6);
		if (last - first < limit) {
			for (let s = first; s <= last; s++) yield s * slope + intercept;
			return;
		}
	}
	const step = (range.max - range.min) / (limit - 1);
	for (let i = 0; i < limit; i++) yield range.min + i * step;
}

/**
 * Windows worth trying for dwv.
 * - One whose ramp runs exactly over the values where the stored display changes: as fine as dwv can go.
 * - The stored window itself moved up by half a grey, when dwv would keep it: dwv rounds its levels where the
 *   stored display truncates (as dcmtk does), and half a grey turns one into the other, so each level is one grey.
 * - With SIGMOID (dwv applies a stored VOI LUT Function to its own window too, and a sigmoid spends few levels on
 *   its tails): the stored window as dwv clamps it, and narrower and wider ones about the range's middle.
 * The one whose levels mix the fewest greys is used.
 */
function candidates(
	name: string,
	low: number,
	high: number,
	display: StoredDisplay,
	range: { min: number; max: number }
) {
	const middle = (low + high) / 2;
	const stored = display.window;
	if (name === 'SIGMOID') {
		return [
			...(stored ? [{ center: stored.center, width: stored.width }] : []),
			...[0.25, 0.5, 0.75, 1, 1.5].map((f) => ({ center: middle, width: (high - low) * f }))
		];
	}
	const exact = name === 'LINEAR_EXACT';
	// dwv's LINEAR ramps from c - 0.5 - (w-1)/2 to c - 0.5 + (w-1)/2: this puts those ends on low and high.
	const out = [
		exact ? { center: middle, width: high - low } : { center: middle + 0.5, width: high - low + 1 }
	];
	if (stored && stored.fn === (exact ? 'LINEAR_EXACT' : 'LINEAR')) {
		const aligned = {
			center: stored.center + (0.5 * (exact ? stored.width : stored.width - 1)) / 255,
			width: stored.width
		};
		const kept =
			aligned.center >= range.min &&
			aligned.center <= range.max &&
			aligned.width <= range.max - range.min;
		if (kept) out.push(aligned);
	}
	return out;
}

interface Fit {
	window: { center: number; width: number };
	level: Fn;
}

/** How far apart (in grey levels) the stored greys that share one of dwv's levels are: worst, then in total. */
function cost(fit: Fit, display: StoredDisplay, values: Iterable<number>): number {
	const low = new Float64Array(256).fill(Infinity);
	const high = new Float64Array(256).fill(-Infinity);
	for (const x of values) {
		const q = fit.level(x);
		const g = storedGrey(display, x) ?? 0;
		if (g < low[q]!) low[q] = g;
		if (g > high[q]!) high[q] = g;
	}
	let worst = 0;
	let total = 0;
	for (let q = 0; q < 256; q++) {
		if (high[q]! < low[q]!) continue;
		worst = Math.max(worst, high[q]! - low[q]!);
		total += high[q]! - low[q]!;
	}
	return worst * 1000 + total;
}

/** For each of dwv's levels, the stored grey most of the image's pixels at that level have (undefined: none). */
function commonGreys(fit: Fit, display: StoredDisplay, present: ArrayLike<number>) {
	const votes = new Uint32Array(256 * 256);
	for (let i = 0; i < present.length; i++) {
		const x = present[i]!;
		const g = storedGrey(display, x) ?? 0;
		votes[fit.level(x) * 256 + g]!++;
	}
	const out: (number | undefined)[] = new Array(256);
	for (let q = 0; q < 256; q++) {
		let best = 0;
		for (let g = 0; g < 256; g++) {
			const n = votes[q * 256 + g]!;
			if (n > best) {
				best = n;
				out[q] = g;
			}
		}
	}
	return out;
}

/**
 * The window and colour map that show `display` through dwv, or null when the file stores no display of its own
 * (dwv's full-range default then stays).
 */
export function planStoredDisplay({
	display,
	range,
	dwvFunction,
	discrete,
	present
}: PlanInput): DisplayPlan | null {
	if (!display.window && !display.lut) return null;
	if (!Number.isFinite(range.min) || !Number.isFinite(range.max)) return null;
	const grey = new Uint8Array(256);
	if (range.max - range.min < 1) {
		// One value (a blank frame): whatever level dwv computes, it is shown in the stored grey of that value.
		grey.fill(storedGrey(display, range.min) ?? 0);
		return { center: range.min, width: 1, grey };
	}
	const { low, high } = span(display, range);
	const name = dwvFunction.trim();
	const fits = candidates(name, low, high, display, range).map((wanted): Fit => {
		const window = dwvValidated(name, wanted.center, wanted.width, range);
		return { window, level: dwvLevel(name, window, display, discrete) };
	});
	let fit = fits[0]!;
	if (fits.length > 1) {
		const coarse = [...samples(display, range, discrete, SEARCH_SAMPLES)];
		const costs = fits.map((f) => cost(f, display, coarse));
		fit = fits[costs.indexOf(Math.min(...costs))]!;
	}
	const sum = new Float64Array(256);
	const count = new Uint32Array(256);
	for (const x of samples(display, range, discrete, MAX_SAMPLES)) {
		const q = fit.level(x);
		sum[q] = sum[q]! + (storedGrey(display, x) ?? 0);
		count[q] = count[q]! + 1;
	}
	const common = present ? commonGreys(fit, display, present) : null;
	// Levels no value reaches are never drawn; give them their nearest neighbour's grey all the same.
	let last = -1;
	for (let q = 0; q < 256; q++) {
		if (count[q]) {
			grey[q] = common?.[q] ?? Math.round(sum[q]! / count[q]!);
			for (let fill = last + 1; fill < q; fill++) grey[fill] = last < 0 ? grey[q]! : grey[last]!;
			last = q;
		}
	}
	for (let fill = last + 1; fill < 256; fill++) grey[fill] = last < 0 ? 0 : grey[last]!;
	return { center: fit.window.center, width: fit.window.width, grey };
}
