import { afterEach, describe, expect, it, vi } from 'vitest';
import { imageFile, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import {
	DwvViewer,
	EMPTY_STATE,
	type FileSource,
	type ViewerFile,
	type ViewerState
} from './dwv-viewer';
import { SliceWindow } from './slice-window';

/**
 * A series too large to hold is shown one slice at a time through a bounded window (slice-window.ts); each slice
 * after the first is swapped into the one dataset dwv keeps (slice-swap.ts), or loaded into a fresh dwv app when it
 * cannot be swapped (another size). What the patient sees must be what a stack shows: the right slice, lit, with
 * the window and zoom they chose kept from slice to slice.
 */
const SLICES = 40;
const study = syntheticStudy(951, {
	series: [
		{
			uid: '1.2.826.0.1.3680043.10.1337.951.1',
			description: 'Axial',
			count: SLICES,
			rows: 64,
			columns: 64
		}
	]
});
const other = syntheticStudy(952, {
	series: [
		{
			uid: '1.2.826.0.1.3680043.10.1337.952.1',
			description: 'Axial',
			count: 1,
			rows: 48,
			columns: 80
		}
	]
});

function fileOf(bytes: Uint8Array, name: string): ViewerFile {
	return { name, data: bytes.slice().buffer };
}

const files = Array.from({ length: SLICES }, (_, i) => fileOf(imageFile(study, 0, i), `IM${i}`));

const cleanups: (() => void)[] = [];
afterEach(() => {
	while (cleanups.length) cleanups.pop()!();
});

function mount(name: string, onState?: (state: ViewerState) => void) {
	const container = document.createElement('div');
	container.id = `viewer-window-${name}`;
	container.style.cssText = 'width:256px;height:256px;position:relative';
	document.body.append(container);
	let state: ViewerState = { ...EMPTY_STATE };
	const viewer = new DwvViewer(container.id, container, {
		onState: (s) => {
			state = s;
			onState?.(s);
		}
	});
	cleanups.push(() => {
		viewer.destroy();
		container.remove();
	});
	return { viewer, container, state: () => state };
}

/** A window over `source` with a budget of a few slices, counting reads. */
function windowOver(source: ViewerFile[], budgetSlices = 6) {
	const reads: number[] = [];
	const window = new SliceWindow<ViewerFile>({
		count: source.length,
		budget: budgetSlices * source[0]!.data.byteLength,
		depth: 2,
		sizeOf: (f) => f.data.byteLength,
		read: async (index) => {
			reads.push(index);
			return source[index] ?? null;
		}
	});
	return { window, reads };
}

/** Yields to the event loop for one task (no timer clamping): what separates two key repeats. */
const nextTask = () =>
	new Promise<void>((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => resolve();
		channel.port2.postMessage(0);
	});

/** One mouse-wheel notch turned up, as Chromium reports it (a constructed event has no legacy wheelDeltaY). */
function notchUp(): WheelEvent {
	const event = new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true });
	Object.defineProperty(event, 'wheelDeltaY', { value: 120 });
	return event;
}

/** What a viewer holding `file` alone, windowed at `center`/`width`, renders. */
async function reference(file: ViewerFile, center: number, width: number): Promise<ImageData> {
	const { viewer } = mount(`ref-${file.name}-${Math.random().toString(36).slice(2)}`);
	await viewer.load([file]);
	viewer.setWindow(center, width);
	return viewer.renderedImage()!;
}

/** The pixels on screen: the viewer's canvases as drawn (not re-rendered from the image, as renderedImage is). */
function onScreen(container: HTMLElement): number[] {
	return [...container.querySelectorAll('canvas')].flatMap((canvas) => {
		const context = canvas.getContext('2d');
		return context && canvas.width && canvas.height
			? [...context.getImageData(0, 0, canvas.width, canvas.height).data]
			: [];
	});
}

function litShare(image: ImageData): number {
	let lit = 0;
	for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! > 16) lit++;
	return lit / (image.width * image.height);
}

describe('the viewer through a bounded window of slices', () => {
	it('shows each slice stepped to, as that slice alone shows, keeping the patient’s window', async () => {
		const { viewer, state } = mount('steps');
		const { window } = windowOver(files);
		await viewer.load([files[20]!]);
		window.seed(20, files[20]!);
		await viewer.openWindow(window as FileSource, 20);
		expect(state()).toMatchObject({ index: 20, count: SLICES });
		viewer.setWindow(100, 180);
		for (let i = 0; i < 7; i++) viewer.step(1);
		await expect.poll(() => state().index).toBe(27);
		expect(state()).toMatchObject({ windowCenter: 100, windowWidth: 180 });
		const shown = viewer.renderedImage()!;
		expect(litShare(shown)).toBeGreaterThan(0.2);
		expect([...shown.data]).toEqual([...(await reference(files[27]!, 100, 180)).data]);
		// Back past where it started, to the first slice.
		for (let i = 0; i < 27; i++) viewer.step(-1);
		await expect.poll(() => state().index).toBe(0);
		expect([...viewer.renderedImage()!.data]).toEqual([
			...(await reference(files[0]!, 100, 180)).data
		]);
		expect(window.held).toBeLessThanOrEqual(6 * files[0]!.data.byteLength);
	});

	it('the wheel steps through the series (turned up: onwards, as dwv’s own Scroll tool) and the window never holds more than its budget', async () => {
		const { viewer, container, state } = mount('wheel');
		const { window, reads } = windowOver(files, 4);
		await viewer.load([files[0]!]);
		window.seed(0, files[0]!);
		await viewer.openWindow(window as FileSource, 0);
		let most = 0;
		for (let i = 0; i < SLICES - 1; i++) {
			container.dispatchEvent(notchUp());
			most = Math.max(most, window.held);
			await new Promise((r) => setTimeout(r, 0));
		}
		await expect.poll(() => state().index).toBe(SLICES - 1);
		expect(most).toBeLessThanOrEqual(4 * files[0]!.data.byteLength);
		// Read once each on the way down: the window reads ahead, it does not read again what it holds.
		expect(new Set(reads).size).toBe(reads.length);
		expect(litShare(viewer.renderedImage()!)).toBeGreaterThan(0.2);
	});

	it('draws at most one slice per animation frame, the latest asked for, and always the one the patient stops on', async () => {
		let last = 10;
		let changes = 0;
		const { viewer, state } = mount('frames', (s) => {
			if (s.index !== last) changes++;
			last = s.index;
		});
		const { window } = windowOver(files);
		await viewer.load([files[10]!]);
		window.seed(10, files[10]!);
		await viewer.openWindow(window as FileSource, 10);
		viewer.setWindow(100, 180);
		// Slices shown between one frame and the next, from here on.
		changes = 0;
		const perFrame: number[] = [];
		let recording = true;
		const tick = () => {
			perFrame.push(changes);
			changes = 0;
			if (recording) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
		// Steps as key repeats come: each in a task of its own, many within one frame on a slow CPU.
		for (let i = 0; i < 8; i++) {
			viewer.step(1);
			await nextTask();
		}
		await expect.poll(() => state().index).toBe(18);
		recording = false;
		expect(Math.max(...perFrame)).toBeLessThanOrEqual(1);
		expect([...viewer.renderedImage()!.data]).toEqual([
			...(await reference(files[18]!, 100, 180)).data
		]);
	});

	it('swaps a slice in without rebuilding the canvases (same size), and draws one at the very place of the one before', async () => {
		const { viewer, state, container } = mount('canvases');
		// Slice 3 moved onto slice 2's place (z 10.0 instead of 15.0): nothing moves, its pixels differ all the same.
		const moved = imageFile(study, 0, 3);
		const at = new TextDecoder('latin1').decode(moved).indexOf('-100\\-100\\15.0');
		expect(at).toBeGreaterThan(0);
		moved.set(new TextEncoder().encode('10.0'), at + '-100\\-100\\'.length);
		const series = [
			files[0]!,
			files[1]!,
			files[2]!,
			fileOf(moved, 'IM3-at-2'),
			...files.slice(4, 12)
		];
		const { window } = windowOver(series);
		await viewer.load([series[0]!]);
		await viewer.openWindow(window as FileSource, 0);
		viewer.setWindow(100, 180);
		const create = document.createElement.bind(document);
		let canvases = 0;
		const spy = vi.spyOn(document, 'createElement').mockImplementation(((
			tag: string,
			options?: ElementCreationOptions
		) => {
			if (tag.toLowerCase() === 'canvas') canvases++;
			return create(tag, options);
		}) as typeof document.createElement);
		try {
			for (let i = 0; i < 2; i++) {
				viewer.step(1);
				await expect.poll(() => state().index).toBe(i + 1);
			}
			const before = onScreen(container);
			viewer.step(1);
			await expect.poll(() => state().index).toBe(3);
			expect(onScreen(container)).not.toEqual(before);
			for (let i = 3; i < 11; i++) {
				viewer.step(1);
				await expect.poll(() => state().index).toBe(i + 1);
			}
		} finally {
			spy.mockRestore();
		}
		expect(canvases).toBe(0);
		expect([...viewer.renderedImage()!.data]).toEqual([
			...(await reference(series[11]!, 100, 180)).data
		]);
	});

	it('shows each swapped slice through its own rescale (PET and some MR scale every slice differently)', async () => {
		const { viewer, state, container } = mount('rescale');
		// The same stored values (0–255), scaled 1×, 3×, 5×…: one window over the rescaled values shows each slice
		// differently. The window lies inside the first slice's range (-50…205), so dwv keeps it as given.
		const scaled = Array.from({ length: 6 }, (_, i) =>
			fileOf(imageFile(study, 0, i, { rescale: { slope: 1 + 2 * i, intercept: -50 } }), `PT${i}`)
		);
		const { window } = windowOver(scaled);
		await viewer.load([scaled[0]!]);
		await viewer.openWindow(window as FileSource, 0);
		viewer.setWindow(100, 150);
		for (let i = 1; i < 6; i++) {
			viewer.step(1);
			await expect.poll(() => state().index).toBe(i);
			expect(state()).toMatchObject({ windowCenter: 100, windowWidth: 150 });
			const expected = await reference(scaled[i]!, 100, 150);
			expect([...viewer.renderedImage()!.data]).toEqual([...expected.data]);
		}
		// The canvas shows it too: the last slice, drawn as it alone would be.
		const last = mount('rescale-last');
		await last.viewer.load([scaled[5]!]);
		last.viewer.setWindow(100, 150);
		await expect.poll(() => onScreen(container)).toEqual(onScreen(last.container));
	});

	it('a slice of another size is loaded in place (a fresh dwv app) and the next ones swap again', async () => {
		const { viewer, state } = mount('mixed');
		const odd = fileOf(imageFile(other, 0, 0), 'odd');
		const series = [files[0]!, files[1]!, odd, files[3]!, files[4]!];
		const { window } = windowOver(series);
		await viewer.load([series[0]!]);
		await viewer.openWindow(window as FileSource, 0);
		viewer.setWindow(100, 180);
		for (let i = 0; i < 2; i++) viewer.step(1);
		await expect.poll(() => state().index).toBe(2);
		await expect.poll(() => viewer.renderedImage()?.width).toBe(80);
		expect(state()).toMatchObject({ windowCenter: 100, windowWidth: 180 });
		for (let i = 0; i < 2; i++) viewer.step(1);
		await expect.poll(() => state().index).toBe(4);
		await expect.poll(() => viewer.renderedImage()?.width).toBe(64);
		expect([...viewer.renderedImage()!.data]).toEqual([
			...(await reference(files[4]!, 100, 180)).data
		]);
	});
});
