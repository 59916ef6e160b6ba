import { ViewerError } from './errors';
import { App, AppOptions, Index, Point2D, ToolConfig, ViewConfig, WindowLevel } from 'dwv';
import { loadFailure, watchUncaught, type LoadStage } from './load-failure';
import { canSwap, sliceImage } from './slice-swap';
import { installGreyPaint } from './grey-paint';
import { StoredDisplays } from './stored-display';

/**
 * The one place dwv is used: a small, typed surface over dwv's App for the viewer component. It owns one App per
 * container, loads a series from in-memory buffers (decrypted from the vault), and guards every load with a
 * timeout so a file that hangs dwv ends in a reason, never a spinner forever.
 */
export type ViewerTool = 'Scroll' | 'WindowLevel' | 'ZoomAndPan' | 'Measure';

export interface ViewerState {
	index: number;
	count: number;
	windowCenter: number | null;
	windowWidth: number | null;
	playing: boolean;
	canWindow: boolean;
	/** Zoom relative to the image fitted to the stage (1: fitted). */
	zoom: number;
}

export const EMPTY_STATE: ViewerState = {
	index: 0,
	count: 0,
	windowCenter: null,
	windowWidth: null,
	playing: false,
	canWindow: false,
	zoom: 1
};

export interface ViewerFile {
	name: string;
	data: ArrayBuffer;
}

/**
 * Where the one-file-at-a-time modes get their files: the series in memory ('single'), or a bounded window over
 * the study for a series too large to hold ('window', slice-window.ts). `direction` is where the patient scrolls.
 */
export interface FileSource {
	readonly count: number;
	get(index: number, direction: 1 | -1): Promise<ViewerFile | null>;
}

/** Longer than a held file takes to come back from the window (a microtask): this one was read meanwhile. */
const READ_WAIT_MS = 4;

/** Resolves at the start of the next animation frame (a timer where there are no frames). */
const nextFrame = (): Promise<void> =>
	new Promise((resolve) =>
		typeof requestAnimationFrame === 'function'
			? requestAnimationFrame(() => resolve())
			: setTimeout(resolve, 16)
	);

const inMemory = (files: ViewerFile[]): FileSource => ({
	count: files.length,
	get: (index) => Promise.resolve(files[index] ?? null)
});

export interface WindowPreset {
	name: string;
	center: number;
	width: number;
}

/** Common CT windows (Hounsfield units), as radiology viewers name them. */
export const CT_PRESETS: WindowPreset[] = [
	{ name: 'Soft tissue', center: 40, width: 400 },
	{ name: 'Lung', center: -600, width: 1500 },
	{ name: 'Bone', center: 300, width: 1500 },
	{ name: 'Brain', center: 40, width: 80 }
];

export const LOAD_TIMEOUT_MS = 30_000;
/** dwv's refusals to put files into one volume (no geometry, different sizes or orientations). */
const STACK_FAILURE = /multi-volume|same position|not the same|size|orientation|spacing/i;
/** How far a pinch may zoom out and in, relative to the fitted image. */
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 20;

interface Listener {
	onState(state: ViewerState): void;
}

export class DwvViewer {
	/** Replaced by a fresh one whenever a file is loaded in place of another (see #clear). */
	#app = new App();
	readonly #containerId: string;
	readonly #listener: Listener;
	#resize: ResizeObserver | null = null;
	readonly #container: HTMLElement;
	#files: ViewerFile[] = [];
	#source: FileSource = inMemory([]);
	/** The file on screen, and the one asked for (they differ while it is read: keys and wheel run ahead). */
	#fileIndex = 0;
	#wanted = 0;
	#direction: 1 | -1 = 1;
	#showing: Promise<void> | null = null;
	#destroyed = false;
	#mode: 'stack' | 'single' | 'window' = 'stack';
	#tool: ViewerTool = 'Scroll';
	#cine: ReturnType<typeof setInterval> | null = null;
	/** Each image's stored window or VOI LUT, shown as stored (dwv would clamp it). */
	readonly #stored = new StoredDisplays();

	constructor(containerId: string, container: HTMLElement, listener: Listener) {
		// Greyscale slices painted by one loop, not dwv's per-pixel iterator (grey-paint.ts): same pixels, ~8× less time.
		installGreyPaint();
		this.#listener = listener;
		this.#containerId = containerId;
		this.#container = container;
		this.#init(this.#app);
		this.#resize = new ResizeObserver(() => {
			if (container.clientWidth && container.clientHeight) this.#app.onResize();
		});
		this.#resize.observe(container);
		container.addEventListener('wheel', this.#onWheel, { capture: true, passive: false });
	}

	#init(app: App) {
		const options = new AppOptions({ '*': [new ViewConfig(this.#containerId)] });
		options.tools = {
			Scroll: new ToolConfig(),
			WindowLevel: new ToolConfig(),
			ZoomAndPan: new ToolConfig(),
			Draw: new ToolConfig(['Ruler'])
		};
		app.init(options);
		const update = () => this.#emit();
		app.addEventListener('positionchange', () => {
			const vc = this.#controller();
			if (vc) this.#stored.onPositionChange(vc);
			this.#emit();
		});
		app.addEventListener('wlchange', () => {
			const vc = this.#controller();
			if (vc) this.#stored.onWindowChange(vc);
			this.#emit();
		});
		for (const event of ['renderend', 'zoomchange']) {
			app.addEventListener(event, update);
		}
	}

	/**
	 * Empties the stage for a file loaded in place of what is shown. dwv 0.36.4 keeps every load alive for the app's
	 * life (see slice-swap.ts: its data controller keeps each view layer's listener, and reset() does not even drop
	 * the datasets), so a page that loads file after file into one app grows by every file. The old app is emptied
	 * and let go whole, and a fresh one takes the same container: everything it held becomes garbage with it.
	 */
	#clear() {
		this.#release(this.#app);
		this.#app = new App();
		this.#init(this.#app);
	}

	/**
	 * Lets go of an app: its loads and datasets, its layers, and the keydown listener its toolbox put on `window`
	 * (which would otherwise keep the whole app, and the image its data controller still holds, for the page's life).
	 */
	#release(app: App) {
		app.abortAllLoads();
		for (const id of app.getDataIds()) app.abortLoad(id);
		app.reset();
		app.getToolboxController()?.enableShortcuts(false);
	}

	/**
	 * dwv's Scroll tool moves through the slices it holds; in the one-file modes it holds one, so the wheel steps
	 * through the series here instead (before dwv sees it), as dwv's tool does in a stack: a mouse wheel's notch is
	 * one slice, a trackpad's small deltas add up to one, and the wheel turned down goes back a slice.
	 */
	#wheelSum = 0;
	readonly #onWheel = (event: WheelEvent) => {
		if (this.#mode === 'stack' || this.#tool !== 'Scroll' || !event.deltaY) return;
		event.preventDefault();
		event.stopPropagation();
		const notch = (event as WheelEvent & { wheelDeltaY?: number }).wheelDeltaY ?? 0;
		this.#wheelSum += Math.abs(notch) > 45 ? Math.sign(notch) : -event.deltaY / 60;
		if (Math.abs(this.#wheelSum) < 1) return;
		const delta = this.#wheelSum > 0 ? 1 : -1;
		this.#wheelSum = 0;
		this.step(delta);
	};

	/**
	 * Loads one series. A series whose files form one volume (CT, MR slices; a cine loop) loads as a stack. Files
	 * dwv cannot stack (two x-ray views, ultrasound stills without geometry) are shown one file at a time instead.
	 * Resolves when the first image is on screen; rejects with a reason.
	 */
	async load(files: ViewerFile[], timeoutMs = LOAD_TIMEOUT_MS): Promise<void> {
		// A second load (the whole series after a one-image preview) replaces what is shown.
		if (this.#files.length) this.#clear();
		this.#files = files;
		this.#source = inMemory(files);
		this.#fileIndex = this.#wanted = 0;
		this.#mode = 'stack';
		this.#stored.setFiles(files);
		try {
			await this.#loadInto(files, timeoutMs);
		} catch (error) {
			if (files.length < 2 || !STACK_FAILURE.test((error as Error).message)) throw error;
			this.#mode = 'single';
			this.#clear();
			await this.#loadInto([files[0]!], timeoutMs);
		}
		// dwv can report a load that produced no view (seen with a Philips PET): never leave a blank stage.
		if (!this.#controller()) throw new ViewerError('not-built');
		this.#toMiddle();
		this.#defaultWindow();
		this.#emit();
	}

	/**
	 * The image's own display: its stored window or VOI LUT as PS3.3 C.11.2 defines it (see stored-window.ts), or,
	 * when it stores none (or only an invalid one), the full range.
	 */
	#defaultWindow() {
		const vc = this.#controller();
		if (!vc) return;
		if (this.#stored.show(vc)) return;
		if (vc.canWindowLevel() && vc.getWindowLevelPresetsNames().length)
			vc.setWindowLevelPresetById(0);
		this.#ensureVisibleWindow();
	}

	/** "Default window": back to the image's own display, zoom and position kept. */
	defaultWindow() {
		this.#defaultWindow();
		this.#emit();
	}

	/** Windows the image over its whole value range (the "min-max" window). */
	showFullRange() {
		const vc = this.#controller();
		if (!vc?.canWindowLevel()) return;
		this.#stored.release(vc);
		const range = vc.getImageRescaledDataRange() as { min: number; max: number };
		if (!Number.isFinite(range?.min) || !Number.isFinite(range?.max) || range.max <= range.min)
			return;
		vc.setWindowLevel(new WindowLevel((range.min + range.max) / 2, range.max - range.min));
		this.#emit();
	}

	/**
	 * Some files carry a window width of 0 (or none dwv can use), which paints the image black. A black image is
	 * never right: fall back to the image's full value range.
	 */
	#ensureVisibleWindow() {
		const vc = this.#controller();
		if (!vc?.canWindowLevel()) return;
		const wl = vc.getWindowLevel();
		if (wl && wl.width > 1) return;
		const range = vc.getImageRescaledDataRange() as { min: number; max: number };
		if (!Number.isFinite(range?.min) || !Number.isFinite(range?.max) || range.max <= range.min)
			return;
		vc.setWindowLevel(new WindowLevel((range.min + range.max) / 2, range.max - range.min));
	}

	#loadInto(files: ViewerFile[], timeoutMs: number): Promise<void> {
		const app = this.#app;
		return new Promise((resolve, reject) => {
			let settled = false;
			// Any exception ends the load at once with a reason for its stage (load-failure.ts), even one dwv
			// throws from a decoder's callback, which would otherwise leave the load to its timeout.
			let stage: LoadStage = 'reading';
			const finish = (error?: unknown) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				stopWatching();
				app.removeEventListener('load', onLoad);
				app.removeEventListener('loaditem', onItem);
				app.removeEventListener('error', onError);
				app.removeEventListener('abort', onAbort);
				if (error) reject(loadFailure(error, stage));
				else resolve();
			};
			const onItem = () => (stage = 'drawing');
			const onLoad = () => {
				this.setTool(this.#tool);
				finish();
			};
			const onError = (event: { error?: unknown }) =>
				finish(event?.error || new ViewerError('dwv-error', 'the decoder reported an error'));
			const onAbort = () => finish(new ViewerError('stopped'));
			const stopWatching = watchUncaught((error) => {
				finish(error);
				app.abortAllLoads();
			});
			const timer = setTimeout(() => {
				app.abortAllLoads();
				finish(new ViewerError('timeout'));
			}, timeoutMs);
			app.addEventListener('load', onLoad);
			app.addEventListener('loaditem', onItem);
			app.addEventListener('error', onError);
			app.addEventListener('abort', onAbort);
			try {
				app.loadImageObject(files.map((f) => ({ name: f.name, filename: f.name, data: f.data })));
			} catch (error) {
				finish(error);
			}
		});
	}

	/**
	 * Shows a series too large to hold, one file at a time from `source` (a window over the study), starting at
	 * `start`. When that file is already on screen (the preview), it is not loaded again. Resolves when the first
	 * image is on screen; rejects with a reason.
	 */
	async openWindow(source: FileSource, start: number) {
		this.#source = source;
		this.#mode = 'window';
		this.#fileIndex = this.#wanted = start;
		const file = await source.get(start, 1);
		if (!file) throw new ViewerError('not-built');
		if (this.#files.length !== 1 || this.#files[0]!.data !== file.data || !this.#controller()) {
			if (this.#files.length) this.#clear();
			this.#files = [file];
			this.#stored.setFiles([file]);
			await this.#loadInto([file], LOAD_TIMEOUT_MS);
			if (!this.#controller()) throw new ViewerError('not-built');
			this.#defaultWindow();
		}
		this.#emit();
	}

	/** Moves to a file of the series in the one-file modes; the latest asked for wins when reads lag behind. */
	#showFile(index: number) {
		if (index < 0 || index >= this.#source.count) return;
		if (index !== this.#wanted) this.#direction = index > this.#wanted ? 1 : -1;
		this.#wanted = index;
		if (!this.#showing) this.#showing = this.#drain().finally(() => (this.#showing = null));
	}

	/**
	 * Shows the slice asked for, at most one per animation frame. Input comes faster than a slow CPU draws (30 wheel
	 * notches or key repeats a second; one 512² slice through dwv takes 80+ ms on a phone-class CPU, measured with the
	 * CPU throttled 4×), and keys are not aligned to frames: drawing each slice as its event came queued several
	 * draws into one frame (300+ ms frames). Waiting for the frame gathers what came meanwhile, and the frame draws
	 * the latest slice asked for, as a stack viewer skips to where the patient is; the slice they stop on is always
	 * drawn (the loop runs until it is the one shown).
	 */
	async #drain() {
		while (this.#wanted !== this.#fileIndex && !this.#destroyed) {
			await nextFrame();
			if (this.#destroyed) return;
			const index = this.#wanted;
			const asked = performance.now();
			const file = await this.#source.get(index, this.#direction);
			// A file still being read arrives in a task of its own, maybe in a frame that has drawn already.
			if (performance.now() - asked > READ_WAIT_MS) await nextFrame();
			if (this.#destroyed) return;
			this.#fileIndex = index;
			if (file) {
				if (this.#mode === 'window' && this.#swap(file)) this.#files = [file];
				else await this.#replaceWith(file);
			}
			this.#emit();
		}
	}

	/**
	 * Puts a slice on screen in place of the one shown without a dwv load (slice-swap.ts): the same dataset, view
	 * and layers take the new image, so the patient's window, zoom and pan stay as in a stack, and each slice's own
	 * stored display follows it when that is what is shown. False when the file cannot be swapped in.
	 */
	#swap(file: ViewerFile): boolean {
		const group = this.#app.getActiveLayerGroup();
		const layer = group?.getBaseViewLayer();
		const dataId = layer?.getDataId();
		const data = dataId !== undefined ? this.#app.getData(dataId) : undefined;
		const current = data?.image;
		if (!group || !layer || dataId === undefined || !data || !current) return false;
		const next = sliceImage(file.data);
		if (!next || !canSwap(current, next)) return false;
		this.#stored.replaceFile(file);
		// Not app.setImage(): its event makes the layer rebuild its canvases for the new image's size (a test canvas,
		// a fresh off-screen bitmap and a 1 MiB ImageData per slice, ~16 ms of a ~100 ms slice on a CPU throttled 4×,
		// and garbage that brings on major GCs mid-scroll). The size is the same (canSwap): the dataset entry and
		// the view take the image, and the layer listens to it as to the one before.
		layer.unbindImage();
		data.image = next;
		const vc = layer.getViewController();
		vc.setImage(next);
		layer.bindImage();
		// The view still points at the old slice's place: move it to the new one's (fires positionchange, which
		// draws the slice and shows its stored display when that is on screen). A slice at the very place of the one
		// before moves nothing and draws nothing: it is drawn as changed content.
		let drawn = false;
		const onDrawn = () => (drawn = true);
		this.#app.addEventListener('renderend', onDrawn);
		try {
			vc.setCurrentIndex(new Index(new Array<number>(vc.getCurrentIndex().length()).fill(0)));
		} finally {
			this.#app.removeEventListener('renderend', onDrawn);
		}
		if (!drawn) layer.onimagecontentchange({ dataid: dataId });
		return true;
	}

	/**
	 * Loads one file in place of the one shown (a fresh app: see #clear). In 'window' mode the patient's view carries
	 * over from slice to slice, as in a stack: their window (unless the stored one is shown, which is each slice's
	 * own), zoom and pan.
	 */
	async #replaceWith(file: ViewerFile) {
		const carry = this.#mode === 'window';
		const vc = this.#controller();
		const group = this.#app.getActiveLayerGroup();
		const window =
			carry && vc?.canWindowLevel() && !this.#stored.active ? vc.getWindowLevel() : null;
		const scale = carry ? group?.getScale() : undefined;
		const offset = carry ? group?.getOffset() : undefined;
		const zoomed = carry && Math.abs(this.zoom() - 1) > 1e-4;
		this.#clear();
		if (carry) {
			this.#files = [file];
			this.#stored.setFiles([file]);
		}
		await this.#loadInto([file], LOAD_TIMEOUT_MS).catch(() => {});
		if (this.#destroyed) return;
		const next = this.#controller();
		if (window && next?.canWindowLevel()) next.setWindowLevel(window);
		else this.#defaultWindow();
		const nextGroup = this.#app.getActiveLayerGroup();
		if (nextGroup && scale && offset && (zoomed || offset.x || offset.y)) {
			nextGroup.setScale(scale);
			nextGroup.setOffset(offset);
			nextGroup.draw();
		}
	}

	/** Volumes open on their middle slice, where the anatomy is, as radiology viewers do; cine stays on frame 1. */
	#toMiddle() {
		const vc = this.#controller();
		const helper = vc?.getPositionHelper();
		if (!vc || !helper || helper.getScrollDimIndex() !== 2) return;
		const middle = Math.floor(helper.getMaximumScrollValue() / 2);
		helper.setCurrentPosition(helper.getCurrentPositionAtScrollValue(middle));
	}

	/** What the patient steps through: slices (dimension 2) of a volume, else frames (dimension 3) of a cine. */
	#browseDim(): number {
		const size = this.#controller()?.getImageSize();
		if (!size || size.moreThanOne(2)) return 2;
		return size.length() > 3 && size.moreThanOne(3) ? 3 : 2;
	}

	#controller() {
		// The base view layer: with the ruler active, the active layer is the draw layer, which has no images.
		const group = this.#app.getActiveLayerGroup();
		return (group?.getBaseViewLayer() ?? group?.getActiveViewLayer())?.getViewController();
	}

	state(): ViewerState {
		const vc = this.#controller();
		if (!vc) return { ...EMPTY_STATE };
		const canWindow = vc.canWindowLevel();
		const stored = this.#stored.active;
		// While the stored display is shown, dwv holds a stand-in window: the overlay gives the stored one.
		const wl = !canWindow ? null : stored ? this.#stored.window : vc.getWindowLevel();
		const single = this.#mode !== 'stack';
		const dim = this.#browseDim();
		return {
			index: single ? this.#fileIndex : (vc.getCurrentIndex().get(dim) ?? 0),
			count: single ? this.#source.count : vc.getImageSize().get(dim) || 1,
			windowCenter: wl ? wl.center : null,
			windowWidth: wl ? wl.width : null,
			playing: single ? this.#cine !== null : vc.isPlaying(),
			canWindow,
			zoom: this.zoom()
		};
	}

	#emit() {
		this.#listener.onState(this.state());
	}

	setTool(tool: ViewerTool) {
		this.#tool = tool;
		if (tool === 'Measure') {
			this.#app.setTool('Draw');
			this.#app.setToolFeatures({ shapeName: 'Ruler' });
		} else {
			this.#app.setTool(tool);
		}
	}

	step(delta: 1 | -1) {
		if (this.#mode !== 'stack') {
			this.#showFile(this.#wanted + delta);
			return;
		}
		const helper = this.#controller()?.getPositionHelper();
		if (!helper) return;
		const dim = this.#browseDim();
		if (delta > 0) helper.incrementPosition(dim);
		else helper.decrementPosition(dim);
		this.#emit();
	}

	setWindow(center: number, width: number) {
		const vc = this.#controller();
		if (vc?.canWindowLevel()) {
			this.#stored.release(vc);
			vc.setWindowLevel(new WindowLevel(center, width));
		}
		this.#emit();
	}

	/** Zoom relative to the image fitted to the stage (1: fitted). */
	zoom(): number {
		return this.#app.getActiveLayerGroup()?.getAddedScale().x ?? 1;
	}

	/** Zooms by `factor` about a point given in the stage's pixels (a pinch's centre). */
	zoomAt(factor: number, x: number, y: number) {
		const group = this.#app.getActiveLayerGroup();
		const layer = group?.getBaseViewLayer();
		if (!group || !layer || !Number.isFinite(factor) || factor <= 0) return;
		const current = this.zoom();
		const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, current * factor));
		if (Math.abs(next - current) < 1e-4) return;
		const vc = layer.getViewController();
		const centre = vc.getPlanePositionFromPlanePoint(
			layer.displayToMainPlanePos(new Point2D(x, y))
		);
		group.addScale(next / current - 1, centre);
		group.draw();
	}

	/** Moves the image by a distance in the stage's pixels (a finger's move). */
	panBy(dx: number, dy: number) {
		const group = this.#app.getActiveLayerGroup();
		const layer = group?.getBaseViewLayer();
		if (!group || !layer || (dx === 0 && dy === 0)) return;
		const plane = layer.displayToPlaneScale(new Point2D(dx, dy));
		const offset = layer
			.getViewController()
			.getOffset3DFromPlaneOffset({ x: plane.getX(), y: plane.getY() });
		group.addTranslation({ x: offset.getX(), y: offset.getY(), z: offset.getZ() });
		group.draw();
	}

	togglePlay() {
		if (this.#mode !== 'stack') {
			if (this.#cine) {
				clearInterval(this.#cine);
				this.#cine = null;
			} else {
				this.#cine = setInterval(
					() => this.#showFile((this.#wanted + 1) % this.#source.count),
					250
				);
			}
			this.#emit();
			return;
		}
		const vc = this.#controller();
		if (!vc) return;
		if (vc.isPlaying()) vc.stop();
		else vc.play();
		this.#emit();
	}

	reset() {
		if (this.#cine) clearInterval(this.#cine);
		this.#cine = null;
		const vc = this.#controller();
		if (vc?.isPlaying()) vc.stop();
		if (vc) this.#stored.release(vc);
		this.#app.resetZoomPan();
		this.#app.resetViews();
		this.#defaultWindow();
		this.#emit();
	}

	/**
	 * The current image as displayed (window applied, colour converted), at the image's own resolution: for
	 * thumbnails and for comparing what patients see with a reference decoder.
	 */
	renderedImage(): ImageData | null {
		const vc = this.#controller();
		if (!vc) return null;
		const size = vc.getImageSize();
		const data = new ImageData(size.get(0), size.get(1));
		vc.generateImageData(data, vc.getCurrentIndex());
		return data;
	}

	destroy() {
		this.#destroyed = true;
		this.#container.removeEventListener('wheel', this.#onWheel, { capture: true });
		if (this.#cine) clearInterval(this.#cine);
		this.#resize?.disconnect();
		this.#controller()?.stop();
		this.#release(this.#app);
		this.#stored.dispose();
	}
}
