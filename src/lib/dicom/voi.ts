import type { DataSet } from 'dicom-parser';
import { dicomParser } from './dicom-parser';
import { TransferSyntax } from './uids';

/**
 * The greyscale display a file stores for itself, as PS3.3 defines it: the Modality LUT's rescale (C.11.1), then
 * the first window (Window Center/Width with its VOI LUT Function, C.11.2.1.2) or, when there is no window, the
 * first VOI LUT of the VOI LUT Sequence (C.11.2.1.1), then MONOCHROME1's inversion (C.7.6.3.1.2: the minimum value
 * is white). This is what "Default window" shows, and what `dcmj2pnm +Wi 1` / `+Wl 1` render.
 */
export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface StoredWindow {
	center: number;
	width: number;
	fn: VoiFunction;
}

export interface StoredVoiLut {
	/** The first modality value the table maps; values below it take the first entry, above its end the last. */
	firstMapped: number;
	/** Bits of each entry's output (the third value of the LUT Descriptor). */
	bits: number;
	data: Uint16Array;
}

export interface StoredDisplay {
	SOPInstanceUID: string;
	/** The VOI LUT Function as stored ('' when none), whether or not the window it qualifies is valid. */
	VOILUTFunction: string;
	/** MONOCHROME1: the VOI output is shown inverted. */
	inverted: boolean;
	BitsStored: number;
	/** 1: signed stored values. */
	PixelRepresentation: number;
	slope: number;
	intercept: number;
	window: StoredWindow | null;
	lut: StoredVoiLut | null;
}

const FUNCTIONS: readonly VoiFunction[] = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'];

function parseHeader(bytes: Uint8Array): DataSet | null {
	try {
		return dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
	} catch {
		try {
			// Files without a Part 10 header (implicit VR datasets).
			return dicomParser.parseDicom(bytes, {
				TransferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian,
				untilTag: 'x7fe00010'
			});
		} catch {
			return null;
		}
	}
}

function firstNumber(dataSet: DataSet, tag: string): number | null {
	const text = dataSet.string(tag)?.split('\\')[0]?.trim();
	if (!text) return null;
	const value = Number(text);
	return Number.isFinite(value) ? value : null;
}

/**
 * The first window, or null when there is none or it is invalid: PS3.3 C.11.2.1.2 requires a width ≥ 1 for
 * LINEAR and > 0 for LINEAR_EXACT and SIGMOID. An invalid window is ignored, as dcmtk ignores it, and the viewer
 * falls back to the next stored display (a VOI LUT) or to the image's full range.
 */
function windowOf(dataSet: DataSet): StoredWindow | null {
	const center = firstNumber(dataSet, 'x00281050');
	const width = firstNumber(dataSet, 'x00281051');
	if (center === null || width === null) return null;
	const name = dataSet.string('x00281056')?.split('\\')[0]?.trim().toUpperCase();
	const fn = FUNCTIONS.find((f) => f === name) ?? 'LINEAR';
	if (fn === 'LINEAR' ? width < 1 : width <= 0) return null;
	return { center, width, fn };
}

function lutOf(dataSet: DataSet): StoredVoiLut | null {
	const item = dataSet.elements['x00283010']?.items?.[0]?.dataSet;
	const descriptor = item?.elements['x00283002'];
	const table = item?.elements['x00283006'];
	if (!item || !descriptor || !table || descriptor.length < 6) return null;
	const entries = item.uint16('x00283002', 0) || 65536; // 0 means 2^16 entries
	const rawFirst = item.uint16('x00283002', 1) ?? 0;
	// The first value mapped is US or SS (PS3.3 C.11.2.1.1); an implicit VR file says which only through the pixels.
	const signed =
		descriptor.vr === 'SS' || (descriptor.vr === undefined && dataSet.uint16('x00280103') === 1);
	const firstMapped = signed && rawFirst >= 32768 ? rawFirst - 65536 : rawFirst;
	const count = Math.min(entries, Math.floor(table.length / 2));
	if (count < 1) return null;
	const data = new Uint16Array(count);
	let max = 0;
	for (let i = 0; i < count; i++) {
		data[i] = item.uint16('x00283006', i) ?? 0;
		if (data[i]! > max) max = data[i]!;
	}
	// Some writers declare fewer bits than the entries use: size the output from the data then, as dcmtk does.
	let bits = item.uint16('x00283002', 2) ?? 16;
	if (bits < 1 || bits > 16 || max > 2 ** bits - 1)
		bits = Math.max(8, Math.ceil(Math.log2(max + 1)));
	return { firstMapped, bits, data };
}

/** The file's stored display, or null for colour images and headers that cannot be read. */
export function readStoredDisplay(bytes: Uint8Array): StoredDisplay | null {
	const dataSet = parseHeader(bytes);
	if (!dataSet) return null;
	const photometric = dataSet.string('x00280004')?.trim().toUpperCase() ?? 'MONOCHROME2';
	if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') return null;
	const window = windowOf(dataSet);
	return {
		SOPInstanceUID: dataSet.string('x00080018')?.trim() ?? '',
		VOILUTFunction: dataSet.string('x00281056')?.split('\\')[0]?.trim() ?? '',
		inverted: photometric === 'MONOCHROME1',
		BitsStored: dataSet.uint16('x00280101') ?? 16,
		PixelRepresentation: dataSet.uint16('x00280103') ?? 0,
		slope: firstNumber(dataSet, 'x00281053') || 1,
		intercept: firstNumber(dataSet, 'x00281052') ?? 0,
		window,
		lut: window ? null : lutOf(dataSet)
	};
}

/** Whether the file stores a display of its own (a valid window or a VOI LUT). */
export function hasStoredVoi(display: StoredDisplay): boolean {
	return display.window !== null || display.lut !== null;
}

/** PS3.3 C.11.2.1.2's functions with y in [0, 1]. */
function windowFraction({ center: c, width: w, fn }: StoredWindow, x: number): number {
	if (fn === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - c)) / w));
	if (fn === 'LINEAR_EXACT') {
		if (x <= c - w / 2) return 0;
		if (x > c + w / 2) return 1;
		return (x - c) / w + 0.5;
	}
	if (x <= c - 0.5 - (w - 1) / 2) return 0;
	if (x > c - 0.5 + (w - 1) / 2) return 1;
	return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/**
 * The 8-bit grey shown for a modality value (the stored value after Rescale Slope/Intercept), inversion included.
 * A window's output is truncated to 0–255; a VOI LUT's entries keep their top 8 bits. Both are how dcmtk turns the
 * standard's continuous output into display values, so its renderings are the reference pixel for pixel. Null when
 * the file stores no display.
 */
export function storedGrey(display: StoredDisplay, x: number): number | null {
	if (display.window) {
		const y = windowFraction(display.window, x);
		return Math.min(255, Math.floor((display.inverted ? 1 - y : y) * 255));
	}
	const lut = display.lut;
	if (!lut) return null;
	const index = Math.min(Math.max(Math.round(x) - lut.firstMapped, 0), lut.data.length - 1);
	const top = 2 ** lut.bits - 1;
	const value = display.inverted ? top - lut.data[index]! : lut.data[index]!;
	return Math.min(255, Math.floor((value * 256) / (top + 1)));
}

/**
 * The modality values over which the stored display changes (outside it the grey is constant), or null when it
 * changes everywhere (a sigmoid). Used to spend the viewer's 256 intermediate levels where they matter.
 */
export function storedRamp(display: StoredDisplay): { low: number; high: number } | null {
	const window = display.window;
	if (window) {
		const { center: c, width: w } = window;
		if (window.fn === 'SIGMOID') return null;
		if (window.fn === 'LINEAR_EXACT') return { low: c - w / 2, high: c + w / 2 };
		return { low: c - 0.5 - (w - 1) / 2, high: c - 0.5 + (w - 1) / 2 };
	}
	const lut = display.lut;
	if (!lut) return null;
	return { low: lut.firstMapped, high: lut.firstMapped + lut.data.length - 1 };
}
