import { Index, luts, View, type ColourMap, type Image } from 'dwv';
import { dwvVoi } from './stored-window';

/**
 * Paints a greyscale slice into RGBA the way dwv 0.36 does (View.generateImageData → generateImageDataMonochrome:
 * stored value → rescale → window → an 8-bit level → colour map), from the same tables, but as one loop over the
 * slice's stored values instead of dwv's iterator: dwv makes an iterator result object and three closure calls per
 * pixel, which is most of a slice's cost on a phone (measured on a 512² CT slice with the CPU throttled 4×: ~84 of
 * ~105 ms per slice in generateImageData). Every byte painted equals dwv's own (grey-paint.test.ts compares them
 * over rescales, signedness, bit depths, VOI functions, colour maps and out-of-range values).
 *
 * It also fixes what dwv gets wrong for the viewer's swapped slices (slice-swap.ts): dwv builds its window table
 * from the rescale of the image it first drew and keeps it while the image keeps a constant rescale, so a slice put
 * in place with another rescale (PET and some MR scale each slice by its own slope) was shown through the first
 * slice's. Here the table is keyed on the rescale of the image being painted.
 *
 * Anything else dwv paints itself: colour images, masks, per-slice window presets, images whose slices have
 * different rescales (dwv then computes the window per rescaled value), views not in the acquisition plane. A view
 * with no window yet gets dwv's first preset when paintGrey asks for its window, as dwv's own painting would.
 */

/** One view's table: the packed RGBA (alpha 0) for each stored value, offset by `shift` for signed pixels. */
interface Table {
	key: string;
	colourMap: ColourMap;
	rgb: Uint32Array;
	shift: number;
}

const tables = new WeakMap<View, Table>();
/** Uint32 packing writes bytes in memory order R, G, B, A only on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** dwv's names for its VOI LUT functions (src/image/voiLut.js); any other name means its default, linear. */
const VOI_FUNCTIONS = new Set(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);

/** The byte a Uint8ClampedArray stores for `value` (rounding half to even, NaN to 0), as dwv's arrays do. */
const clamp = new Uint8ClampedArray(1);
function clampedByte(value: number): number {
	clamp[0] = value;
	return clamp[0]!;
}

function tableFor(view: View, image: Image, center: number, width: number): Table | null {
	const meta = image.getMeta() as {
		BitsStored?: unknown;
		PixelRepresentation?: unknown;
		VOILUTFunction?: unknown;
	};
	// 1–16: greyPaintable.
	const bitsStored = Number(meta.BitsStored);
	const colourMap = luts[view.getColourMap()];
	if (!colourMap) return null;
	const rsi = image.getRescaleSlopeAndIntercept();
	const slope = rsi.getSlope();
	const intercept = rsi.getIntercept();
	const signed = meta.PixelRepresentation === 1;
	const fn =
		typeof meta.VOILUTFunction === 'string' && VOI_FUNCTIONS.has(meta.VOILUTFunction)
			? meta.VOILUTFunction
			: 'LINEAR';
	const key = `${bitsStored}|${signed}|${slope}|${intercept}|${fn}|${center}|${width}|${view.getColourMap()}`;
	const held = tables.get(view);
	if (held && held.key === key && held.colourMap === colourMap) return held;

	// dwv's WindowLut (src/image/windowLut.js): a table over 2^BitsStored entries; signed values are looked up at
	// value + size/2, and the window's centre moves by slope × size/2 so each entry gets its own value's level.
	const size = 2 ** bitsStored;
	const shift = signed ? size / 2 : 0;
	const voi = dwvVoi(fn, center + slope * shift, width);
	const identity = slope === 1 && intercept === 0;
	const rgb = new Uint32Array(size);
	for (let i = 0; i < size; i++) {
		// dwv's ModalityLut keeps rescaled values in a Float32Array.
		const modality = identity ? i : Math.fround(i * slope + intercept);
		const level = clampedByte(voi(modality));
		rgb[i] =
			(clampedByte(colourMap.red[level]!) |
				(clampedByte(colourMap.green[level]!) << 8) |
				(clampedByte(colourMap.blue[level]!) << 16)) >>>
			0;
	}
	const table = { key, colourMap, rgb, shift };
	tables.set(view, table);
	return table;
}

/**
 * Whether paintGrey paints `image` (in a view of the acquisition plane, with a window, no per-slice presets): a
 * single-component greyscale image with one rescale for all its slices and at most 16 bits stored.
 */
export function greyPaintable(image: Image): boolean {
	const photometric = image.getPhotometricInterpretation();
	const bitsStored = Number((image.getMeta() as { BitsStored?: unknown }).BitsStored);
	return (
		LITTLE_ENDIAN &&
		(photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') &&
		image.getNumberOfComponents() === 1 &&
		image.isConstantRSI() &&
		Number.isInteger(bitsStored) &&
		bitsStored >= 1 &&
		bitsStored <= 16
	);
}

/**
 * Paints slice `index` (dwv's Index; the view's current one when absent) of `view` into `data`, true when done;
 * false when dwv must paint it (see above), having written nothing.
 */
export function paintGrey(view: View, data: ImageData, index?: Index): boolean {
	if (view.isMask()) return false;
	const image = view.getImage();
	if (!greyPaintable(image)) return false;
	const presetName = view.getCurrentWindowPresetName();
	const presets = view.getWindowPresets() as Record<string, { perslice?: boolean } | undefined>;
	if (presetName !== undefined && presets?.[presetName]?.perslice === true) return false;
	const wl = view.getWindowLevel();
	if (!wl) return false;
	// The acquisition plane, columns first: dwv reads such a slice as one run of the buffer.
	const orientation = view.getOrientation();
	const column = (col: number) => (orientation.getColAbsMax(col) as { index: number }).index;
	if (orientation && (column(2) !== 2 || column(0) !== 0)) return false;
	const at = index ?? view.getCurrentIndex();
	if (!at) return false;
	const size = image.getGeometry().getSize();
	const pixels = size.get(0) * size.get(1);
	if (data.data.length !== pixels * 4 || data.data.byteOffset % 4 !== 0) return false;
	const table = tableFor(view, image, wl.center, wl.width);
	if (!table) return false;

	// The slice's first value: the index with its in-plane coordinates at 0 (dwv's getSliceIterator).
	const values = at.getValues().map((v, i) => (i >= 2 ? v : 0));
	const start = size.indexToOffset(new Index(values));
	const buffer = image.getBuffer();
	if (start < 0 || start + pixels > buffer.length) return false;
	const out = new Uint32Array(data.data.buffer, data.data.byteOffset, pixels);
	const { rgb, shift } = table;
	const alpha = view.getAlphaFunction();
	for (let i = 0; i < pixels; i++) {
		const value = buffer[start + i]!;
		// A value outside the table (bits above BitsStored) paints no colour, as dwv's undefined lookups do.
		const colour = rgb[value + shift] ?? 0;
		let a = alpha(value, start + i);
		if (a !== 255) a = clampedByte(a);
		out[i] = (colour | (a << 24)) >>> 0;
	}
	return true;
}

let installed = false;

/** Routes dwv's painting of every view through paintGrey (once per page); dwv paints what it declines. */
export function installGreyPaint(): void {
	if (installed) return;
	installed = true;
	const original = View.prototype.generateImageData;
	View.prototype.generateImageData = function (this: View, data, index) {
		// `npm run bench` (bench/pairs/p10-scroll.js) sets this flag for its baseline, bare dwv, in the same page.
		const bare = (globalThis as { __benchDwvPaint?: boolean }).__benchDwvPaint === true;
		if (bare || !paintGrey(this, data, index)) original.call(this, data, index);
	};
}
