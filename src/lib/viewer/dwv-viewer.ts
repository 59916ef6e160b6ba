import { ViewerError } from './errors';
import { App, AppOptions, Point2D, ToolConfig, ViewConfig, WindowLevel } from 'dwv';
import { loadFailure, watchUncaught, type LoadStage } from './load-failure';
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
	readonly #app = new App();
	readonly #listener: Listener;
	#resize: ResizeObserver | null = null;
	#files: ViewerFile[] = [];
	#fileIndex = 0;
	#mode: 'stack' | 'single' = 'stack';
	#tool: ViewerTool = 'Scroll';
	#cine: ReturnType<typeof setInterval> | null = null;
	/** Each image's stored window or VOI LUT, shown as stored (dwv would clamp it). */
	readonly #stored = new StoredDisplays();

	constructor(containerId: string, container: HTMLElement, listener: Listener) {
		this.#listener = listener;
		const options = new AppOptions({ '*': [new ViewConfig(containerId)] });
		options.tools = {
			Scroll: new ToolConfig(),
			WindowLevel: new ToolConfig(),
			ZoomAndPan: new ToolConfig(),
			Draw: new ToolConfig(['Ruler'])
		};
		this.#app.init(options);
		const update = () => this.#emit();
		this.#app.addEventListener('positionchange', () => {
			const vc = this.#controller();
			if (vc) this.#stored.onPositionChange(vc);
			this.#emit();
		});
		this.#app.addEventListener('wlchange', () => {
			const vc = this.#controller();
			if (vc) this.#stored.onWindowChange(vc);
			this.#emit();
		});
		for (const event of ['renderend', 'zoomchange']) {
			this.#app.addEventListener(event, update);
		}
		this.#resize = new ResizeObserver(() => {
			if (container.clientWidth && container.clientHeight) this.#app.onResize();
		});
		this.#resize.observe(container);
	}

	/**
	 * Loads one series. A series whose files form one volume (CT, MR slices; a cine loop) loads as a stack. Files
	 * dwv cannot stack (two x-ray views, ultrasound stills without geometry) are shown one file at a time instead.
	 * Resolves when the first image is on screen; rejects with a reason.
	 */
	async load(files: ViewerFile[], timeoutMs = LOAD_TIMEOUT_MS): Promise<void> {
		// A second load (the whole series after a one-image preview) replaces what is shown.
		if (this.#files.length) this.#app.reset();
		this.#files = files;
		this.#fileIndex = 0;
		this.#mode = 'stack';
		this.#stored.setFiles(files);
		try {
			await this.#loadInto(files, timeoutMs);
		} catch (error) {
			if (files.length < 2 || !STACK_FAILURE.test((error as Error).message)) throw error;
			this.#mode = 'single';
			this.#app.reset();
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
				this.#app.removeEventListener('load', onLoad);
				this.#app.removeEventListener('loaditem', onItem);
				this.#app.removeEventListener('error', onError);
				this.#app.removeEventListener('abort', onAbort);
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
				this.#app.abortAllLoads();
			});
			const timer = setTimeout(() => {
				this.#app.abortAllLoads();
				finish(new ViewerError('timeout'));
			}, timeoutMs);
			this.#app.addEventListener('load', onLoad);
			this.#app.addEventListener('loaditem', onItem);
			this.#app.addEventListener('error', onError);
			this.#app.addEventListener('abort', onAbort);
			try {
				this.#app.loadImageObject(
					files.map((f) => ({ name: f.name, filename: f.name, data: f.data }))
				);
			} catch (error) {
				finish(error);
			}
		});
	}

	async #showFile(index: number) {
		if (index < 0 || index >= this.#files.length || index === this.#fileIndex) return;
		this.#fileIndex = index;
		this.#app.reset();
		await this.#loadInto([this.#files[index]!], LOAD_TIMEOUT_MS).catch(() => {});
		this.#defaultWindow();
		this.#emit();
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
		const single = this.#mode === 'single';
		const dim = this.#browseDim();
		return {
			index: single ? this.#fileIndex : (vc.getCurrentIndex().get(dim) ?? 0),
			count: single ? this.#files.length : vc.getImageSize().get(dim) || 1,
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
		if (this.#mode === 'single') {
			void this.#showFile(this.#fileIndex + delta);
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
		if (this.#mode === 'single') {
			if (this.#cine) {
				clearInterval(this.#cine);
				this.#cine = null;
			} else {
				this.#cine = setInterval(
					() => void this.#showFile((this.#fileIndex + 1) % this.#files.length),
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
		if (this.#cine) clearInterval(this.#cine);
		this.#resize?.disconnect();
		this.#controller()?.stop();
		this.#app.abortAllLoads();
		this.#app.reset();
		this.#stored.dispose();
	}
}
