import { describe, expect, it } from 'vitest';
import type { ViewerTool } from './dwv-viewer';
import { TouchGestures, type GestureTarget } from './touch-gestures';

/** A viewer that records what the gestures asked of it. */
function viewer(tool: ViewerTool = 'Scroll', count = 20) {
	const log = {
		steps: [] as number[],
		pans: [] as [number, number][],
		zooms: [] as number[],
		resets: 0,
		zoom: 1
	};
	const target: GestureTarget = {
		tool: () => tool,
		zoom: () => log.zoom,
		count: () => count,
		step: (delta) => log.steps.push(delta),
		panBy: (dx, dy) => log.pans.push([dx, dy]),
		zoomAt: (factor) => {
			log.zooms.push(factor);
			log.zoom *= factor;
		},
		reset: () => {
			log.resets++;
			log.zoom = 1;
		}
	};
	// A 400 px stage: with 20 images, 16 px of travel per image.
	return { gestures: new TouchGestures(target, () => 400), log };
}

const at = (x: number, y: number) => ({ x, y });

function swipe(g: TouchGestures, from: [number, number], to: [number, number], t0 = 0) {
	const ours = [g.start([at(...from)], t0)];
	for (let i = 1; i <= 10; i++) {
		const x = from[0] + ((to[0] - from[0]) * i) / 10;
		const y = from[1] + ((to[1] - from[1]) * i) / 10;
		ours.push(g.move([at(x, y)]));
	}
	ours.push(g.end([], t0 + 400));
	return ours;
}

describe('touch gestures', () => {
	it('one finger steps through the series: up is the next image, down the previous', () => {
		const { gestures, log } = viewer();
		expect(swipe(gestures, [200, 300], [200, 140])).toEqual(Array(12).fill(true));
		expect(log.steps).toEqual(Array(10).fill(1));
		swipe(gestures, [200, 100], [200, 180], 1000);
		expect(log.steps.slice(10)).toEqual(Array(5).fill(-1));
		expect(log.pans).toEqual([]);
	});

	it('one finger pans once zoomed in, and always with Zoom and pan', () => {
		const zoomed = viewer();
		zoomed.log.zoom = 2;
		swipe(zoomed.gestures, [100, 100], [150, 130]);
		expect(zoomed.log.steps).toEqual([]);
		const total = zoomed.log.pans.reduce((a, [dx, dy]) => [a[0]! + dx, a[1]! + dy], [0, 0]);
		expect(total[0]).toBeCloseTo(50);
		expect(total[1]).toBeCloseTo(30);
		const pan = viewer('ZoomAndPan');
		swipe(pan.gestures, [100, 100], [100, 200]);
		expect(pan.log.steps).toEqual([]);
		expect(pan.log.pans.length).toBe(10);
	});

	it('two fingers pinch-zoom about their middle and pan, whatever the tool', () => {
		for (const tool of ['Scroll', 'WindowLevel', 'Measure'] as ViewerTool[]) {
			const { gestures, log } = viewer(tool);
			expect(gestures.start([at(150, 200), at(250, 200)], 0)).toBe(true);
			expect(gestures.move([at(100, 210), at(300, 210)])).toBe(true);
			expect(log.zoom).toBeCloseTo(2);
			expect(log.pans).toEqual([[0, 10]]);
			// One finger lifts: the other does nothing until it lifts too.
			expect(gestures.end([at(300, 210)], 200)).toBe(true);
			expect(gestures.move([at(300, 100)])).toBe(true);
			expect(gestures.end([], 300)).toBe(true);
			expect(log.steps).toEqual([]);
			expect(log.resets).toBe(0);
		}
	});

	it('a double tap resets the view, whatever the tool; two slow taps do not', () => {
		for (const tool of ['Scroll', 'ZoomAndPan', 'WindowLevel', 'Measure'] as ViewerTool[]) {
			const { gestures, log } = viewer(tool);
			gestures.start([at(200, 200)], 0);
			gestures.end([], 80);
			gestures.start([at(205, 198)], 200);
			gestures.end([], 280);
			expect(log.resets, tool).toBe(1);
			gestures.start([at(200, 200)], 1000);
			gestures.end([], 1080);
			gestures.start([at(200, 200)], 1600);
			gestures.end([], 1680);
			expect(log.resets, tool).toBe(1);
		}
	});

	it('leaves one finger to dwv with Window level and Measure (a drag sets the window or draws)', () => {
		for (const tool of ['WindowLevel', 'Measure'] as ViewerTool[]) {
			const { gestures, log } = viewer(tool);
			expect(swipe(gestures, [100, 100], [200, 200])).toEqual(Array(12).fill(false));
			expect(log.steps).toEqual([]);
			expect(log.pans).toEqual([]);
		}
	});
});
