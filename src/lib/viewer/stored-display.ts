import { ColourMap, luts, Point2D, WindowLevel, type ViewController } from 'dwv';
import { readStoredDisplay, type StoredDisplay } from '$lib/dicom/pixels';
import { planStoredDisplay, type DisplayPlan } from './stored-window';

let counter = 0;

/**
 * Keeps what the viewer shows in each file's stored display (see stored-window.ts) until the patient picks a window
 * of their own: per image, since the slices of a series may each store a different window.
 */
export class StoredDisplays {
	readonly #displays = new Map<string, StoredDisplay>();
	readonly #plans = new Map<string, DisplayPlan | null>();
	/** dwv keeps colour maps in one shared table; each viewer has its own entry, removed in dispose(). */
	readonly #mapName = `radfolio-stored-${counter++}`;
	#first: StoredDisplay | null = null;
	#discrete = true;
	#active = false;
	#applying = false;
	#shown: {
		uid: string;
		display: StoredDisplay;
		plan: DisplayPlan;
		window: WindowLevel;
	} | null = null;

	/** Reads the stored display of each file of the series (headers only). */
	setFiles(files: { data: ArrayBuffer }[]) {
		this.#displays.clear();
		this.#plans.clear();
		this.#first = null;
		this.#active = false;
		this.#shown = null;
		for (const file of files) {
			const display = readStoredDisplay(new Uint8Array(file.data));
			if (!display) continue;
			this.#first ??= display;
			this.#displays.set(display.SOPInstanceUID, display);
		}
		// dwv looks windows up per stored value only when one rescale holds for the whole series.
		const all = [...this.#displays.values()];
		this.#discrete = all.every(
			(d) => d.slope === all[0]!.slope && d.intercept === all[0]!.intercept
		);
	}

	/**
	 * A file put on screen in place of the one shown (a series too large to hold, shown one slice at a time): its
	 * stored display is the one looked up from now on, and whether the stored display is on screen does not change.
	 * Only the file shown is kept, and only the plan on screen (a slice with a VOI LUT has a plan of its own): a
	 * 2,048-slice series would otherwise pile them up.
	 */
	replaceFile(file: { data: ArrayBuffer }) {
		const display = readStoredDisplay(new Uint8Array(file.data));
		this.#displays.clear();
		if (display) {
			this.#first ??= display;
			this.#displays.set(display.SOPInstanceUID, display);
		}
		for (const [key, plan] of this.#plans) if (plan !== this.#shown?.plan) this.#plans.delete(key);
	}

	/** Whether the stored display is what is on screen (false once the patient changes the window). */
	get active(): boolean {
		return this.#active;
	}

	/** The stored window on screen, for the W/L overlay (null for a VOI LUT or when inactive). */
	get window(): { center: number; width: number } | null {
		return this.#active && this.#shown?.display.window ? this.#shown.display.window : null;
	}

	/**
	 * Shows the current image in its stored display. False when there is none to show (colour, no stored window or
	 * VOI LUT, PET shown in SUV), leaving dwv's own window in place.
	 */
	show(vc: ViewController): boolean {
		this.#active = false;
		this.#shown = null;
		if (!this.#first || !vc.canWindowLevel() || !vc.isMonochrome()) return false;
		// dwv converts PET to SUV, windows included: its values are no longer the stored ones.
		if (vc.getPixelUnit() === 'SUV') return false;
		this.#active = true;
		if (this.#apply(vc)) return true;
		this.#active = false;
		this.#restoreColourMap(vc);
		return false;
	}

	/** After a slice change: that slice's own stored display. */
	onPositionChange(vc: ViewController) {
		if (!this.#active || this.#applying) return;
		if (vc.getCurrentImageUid() !== this.#shown?.uid && !this.#apply(vc)) {
			this.#active = false;
			this.#restoreColourMap(vc);
		}
	}

	/**
	 * After a window change. One the viewer did not make is the patient's (the window-level tool, a preset): the
	 * stored display gives way to dwv's plain one, and a drag that started from it moves on from the stored window,
	 * not from the window dwv was holding for it.
	 */
	onWindowChange(vc: ViewController) {
		if (!this.#active || this.#applying || !this.#shown) return;
		const now = vc.getWindowLevel();
		const held = this.#shown.window;
		if (now.center === held.center && now.width === held.width) return;
		const stored = this.#shown.display.window;
		this.#active = false;
		this.#applying = true;
		try {
			this.#restoreColourMap(vc);
			if (stored) {
				vc.setWindowLevel(
					new WindowLevel(
						stored.center + (now.center - held.center),
						stored.width + (now.width - held.width)
					)
				);
			}
		} finally {
			this.#applying = false;
		}
	}

	/** Leaves the stored display for a window the viewer sets on the patient's behalf (a CT preset). */
	release(vc: ViewController) {
		if (!this.#active) return;
		this.#active = false;
		this.#restoreColourMap(vc);
	}

	dispose() {
		delete luts[this.#mapName];
	}

	#apply(vc: ViewController): boolean {
		const uid = vc.getCurrentImageUid();
		const display = this.#displays.get(uid) ?? this.#first!;
		const plan = this.#planFor(uid, display, vc);
		if (!plan) return false;
		// Slices that store the same display share one plan: nothing to redraw (cine, a swipe through a CT).
		if (this.#shown?.plan === plan) {
			this.#shown = { ...this.#shown, uid, display };
			return true;
		}
		const grey = Array.from(plan.grey);
		luts[this.#mapName] = new ColourMap(grey, grey, grey);
		this.#applying = true;
		try {
			vc.setWindowLevel(new WindowLevel(plan.center, plan.width));
			vc.setColourMap(this.#mapName);
			this.#shown = { uid, display, plan, window: vc.getWindowLevel() };
		} finally {
			this.#applying = false;
		}
		return true;
	}

	/**
	 * One plan per distinct stored display, made from the first slice shown with it: a CT series whose slices all
	 * store one window costs one plan, not one per slice.
	 */
	#planFor(uid: string, display: StoredDisplay, vc: ViewController): DisplayPlan | null {
		const { window, lut, slope, intercept, inverted } = display;
		const key = JSON.stringify([window, lut ? uid : null, slope, intercept, inverted]);
		if (!this.#plans.has(key)) {
			const range = vc.getImageRescaledDataRange() as { min: number; max: number };
			this.#plans.set(
				key,
				planStoredDisplay({
					display,
					range,
					dwvFunction: this.#first!.VOILUTFunction,
					discrete: this.#discrete,
					present: this.#valuesShown(vc)
				})
			);
		}
		return this.#plans.get(key)!;
	}

	/** The modality values of the image on screen (one slice or frame). */
	#valuesShown(vc: ViewController): number[] {
		const size = vc.getImageSize();
		// dwv's region stops one column short of max.x and refuses a max.x past the image: all but the last column.
		const values = vc.getImageRegionValues(
			new Point2D(0, 0),
			new Point2D(size.get(0) - 1, size.get(1)),
			vc.getCurrentIndex()
		) as number[];
		return values.filter(Number.isFinite);
	}

	#restoreColourMap(vc: ViewController) {
		if (vc.getColourMap() !== this.#mapName) return;
		vc.setColourMap(this.#first?.inverted ? 'invPlain' : 'plain');
	}
}
