/**
 * How much of the device's memory the viewer may hold for one series. A whole series handed to dwv costs about
 * twice its size (the prepared files and dwv's decoded volume); a phone's browser kills a tab long before 2 GiB
 * (often near 1–1.5 GiB on a 4 GiB phone). Series up to `wholeSeries` bytes keep the fast whole-stack path; larger
 * ones are read through a window (slice-window.ts) of at most `window` bytes.
 *
 * The device's memory is `navigator.deviceMemory` (GiB, rounded down to a power of two and capped at 8 by
 * Chromium; absent in Safari and Firefox, where 4 GiB, a common phone, is assumed).
 */
export interface ViewerBudget {
	/** Largest series (stored bytes) loaded whole. */
	wholeSeries: number;
	/** Most bytes of prepared files the window holds. */
	window: number;
}

const MiB = 1024 * 1024;
const ASSUMED_GIB = 4;

export function viewerBudget(
	deviceGiB: number | undefined = (globalThis.navigator as { deviceMemory?: number } | undefined)
		?.deviceMemory
): ViewerBudget {
	const gib = deviceGiB && Number.isFinite(deviceGiB) && deviceGiB > 0 ? deviceGiB : ASSUMED_GIB;
	return {
		// 8 GiB: 192 MiB series (a 300-slice CT, ~400 MiB held); 4 GiB: 96 MiB; 1 GiB: 24 MiB.
		wholeSeries: gib * 24 * MiB,
		// 8 GiB: 128 MiB; 4 GiB: 64 MiB; never under 16 MiB (a few 512² slices each way).
		window: Math.min(128 * MiB, Math.max(16 * MiB, gib * 16 * MiB))
	};
}
