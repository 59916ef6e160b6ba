import type { ViewerTool } from './dwv-viewer';

/**
 * Touch on the image, as on a phone, whatever tool is selected where that is what a phone user expects:
 * - two fingers pinch to zoom (about the point between them) and move together to pan — with every tool;
 * - a double tap resets the view (zoom, pan, window) — with every tool;
 * - one finger, with Scroll (the default) or Zoom and pan: pans when the image is zoomed in or Zoom and pan is
 *   selected, otherwise steps through the series (up or left: next image, as a phone scrolls content up or
 *   swipes a gallery left);
 * - one finger with Window level or Measure goes to dwv's own tool (a drag sets the window, or draws a ruler).
 * dwv's own touch handling is bypassed for the rest: its pinch zooms by steps that compound on every move, it has
 * no two-finger pan, and its Scroll tool starts cine on a long press.
 */
export interface GestureTarget {
	tool(): ViewerTool;
	/** Zoom relative to the image fitted to the stage (1: fitted). */
	zoom(): number;
	/** Images in the series (for the distance a finger moves per image). */
	count(): number;
	step(delta: 1 | -1): void;
	panBy(dx: number, dy: number): void;
	/** Zooms by `factor` about a point in the stage's own pixels. */
	zoomAt(factor: number, x: number, y: number): void;
	reset(): void;
}

export interface TouchPoint {
	x: number;
	y: number;
}

/** A finger that moves less than this is tapping. */
const TAP_SLOP = 12;
const TAP_MS = 300;
/** Two taps this close in time and place are a double tap. */
const DOUBLE_TAP_MS = 350;
const DOUBLE_TAP_DISTANCE = 40;
/** Zoomed in beyond this, one finger pans instead of scrolling. */
const ZOOMED = 1.02;

type Mode = 'idle' | 'one' | 'tool' | 'pinch' | 'lifting';

function distance(a: TouchPoint, b: TouchPoint): number {
	return Math.hypot(a.x - b.x, a.y - b.y);
}

function middle(a: TouchPoint, b: TouchPoint): TouchPoint {
	return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/**
 * The gestures as a state machine over touch points (stage pixels) and times, apart from the DOM so it can be
 * tested without one. Each handler returns whether the event was the viewer's (then dwv must not see it).
 */
export class TouchGestures {
	readonly #target: GestureTarget;
	readonly #height: () => number;
	#mode: Mode = 'idle';
	#start: TouchPoint = { x: 0, y: 0 };
	#startTime = 0;
	#last: TouchPoint = { x: 0, y: 0 };
	#travel = 0;
	#moved = false;
	#pinchDistance = 0;
	#pinchMiddle: TouchPoint = { x: 0, y: 0 };
	#lastTap: { at: number; point: TouchPoint } | null = null;

	constructor(target: GestureTarget, height: () => number) {
		this.#target = target;
		this.#height = height;
	}

	start(touches: TouchPoint[], time: number): boolean {
		if (touches.length >= 2) {
			this.#mode = 'pinch';
			this.#moved = true;
			this.#pinchDistance = distance(touches[0]!, touches[1]!);
			this.#pinchMiddle = middle(touches[0]!, touches[1]!);
			return true;
		}
		if (touches.length !== 1 || this.#mode !== 'idle') return this.#mode !== 'tool';
		const tool = this.#target.tool();
		this.#mode = tool === 'Scroll' || tool === 'ZoomAndPan' ? 'one' : 'tool';
		this.#start = touches[0]!;
		this.#last = touches[0]!;
		this.#startTime = time;
		this.#travel = 0;
		this.#moved = false;
		return this.#mode === 'one';
	}

	move(touches: TouchPoint[]): boolean {
		if (this.#mode === 'pinch' && touches.length >= 2) {
			const now = distance(touches[0]!, touches[1]!);
			const centre = middle(touches[0]!, touches[1]!);
			if (this.#pinchDistance > 0 && now > 0) {
				this.#target.zoomAt(now / this.#pinchDistance, centre.x, centre.y);
			}
			this.#target.panBy(centre.x - this.#pinchMiddle.x, centre.y - this.#pinchMiddle.y);
			this.#pinchDistance = now;
			this.#pinchMiddle = centre;
			return true;
		}
		if (this.#mode === 'pinch' || this.#mode === 'lifting') return true;
		const point = touches[0];
		if (!point || this.#mode === 'idle') return false;
		if (distance(point, this.#start) > TAP_SLOP) this.#moved = true;
		if (this.#mode === 'tool') return false;
		const dx = point.x - this.#last.x;
		const dy = point.y - this.#last.y;
		if (this.#target.tool() === 'ZoomAndPan' || this.#target.zoom() > ZOOMED) {
			this.#target.panBy(dx, dy);
			this.#last = point;
			return true;
		}
		this.#scroll(point);
		return true;
	}

	/** `remaining`: the fingers still down. */
	end(remaining: TouchPoint[], time: number): boolean {
		const mode = this.#mode;
		const ours = mode === 'one' || mode === 'pinch' || mode === 'lifting';
		if (remaining.length > 0) {
			// One finger lifted from a pinch: the other must not start scrolling where it is.
			if (mode === 'pinch') this.#mode = 'lifting';
			return ours;
		}
		this.#mode = 'idle';
		const tapped =
			(mode === 'one' || mode === 'tool') && !this.#moved && time - this.#startTime <= TAP_MS;
		if (!tapped) {
			this.#lastTap = null;
			return ours;
		}
		const tap = { at: time, point: this.#start };
		const previous = this.#lastTap;
		if (
			previous &&
			tap.at - previous.at <= DOUBLE_TAP_MS &&
			distance(tap.point, previous.point) <= DOUBLE_TAP_DISTANCE
		) {
			this.#lastTap = null;
			this.#target.reset();
		} else {
			this.#lastTap = tap;
		}
		// dwv's tools see the end of every touch they saw start, double taps included.
		return ours;
	}

	cancel() {
		this.#mode = 'idle';
		this.#lastTap = null;
	}

	/** Steps one image per `stride` pixels along the finger's main direction: up or left is the next image. */
	#scroll(point: TouchPoint) {
		const stride = Math.max(
			6,
			Math.min(28, (this.#height() * 0.8) / Math.max(1, this.#target.count()))
		);
		const dx = point.x - this.#last.x;
		const dy = point.y - this.#last.y;
		this.#travel += Math.abs(dy) >= Math.abs(dx) ? -dy : -dx;
		this.#last = point;
		while (Math.abs(this.#travel) >= stride) {
			const delta = this.#travel > 0 ? 1 : -1;
			this.#target.step(delta);
			this.#travel -= delta * stride;
		}
	}
}

function pointsOf(list: TouchList, box: DOMRect): TouchPoint[] {
	return Array.from(list, (t) => ({ x: t.clientX - box.left, y: t.clientY - box.top }));
}

/**
 * Listens to touches on `stage` before dwv does (capture phase) and keeps the viewer's own from reaching dwv and
 * from turning into mouse events. Returns the function that stops listening.
 */
export function attachTouchGestures(stage: HTMLElement, target: GestureTarget): () => void {
	const gestures = new TouchGestures(target, () => stage.clientHeight);
	const take = (event: TouchEvent, ours: boolean) => {
		if (!ours) return;
		event.stopPropagation();
		if (event.cancelable) event.preventDefault();
	};
	const onStart = (event: TouchEvent) => {
		const box = stage.getBoundingClientRect();
		take(event, gestures.start(pointsOf(event.touches, box), event.timeStamp));
	};
	const onMove = (event: TouchEvent) => {
		const box = stage.getBoundingClientRect();
		take(event, gestures.move(pointsOf(event.touches, box)));
	};
	const onEnd = (event: TouchEvent) => {
		const box = stage.getBoundingClientRect();
		take(event, gestures.end(pointsOf(event.touches, box), event.timeStamp));
	};
	const onCancel = () => gestures.cancel();
	const options = { capture: true, passive: false } as const;
	stage.addEventListener('touchstart', onStart, options);
	stage.addEventListener('touchmove', onMove, options);
	stage.addEventListener('touchend', onEnd, options);
	stage.addEventListener('touchcancel', onCancel, options);
	return () => {
		stage.removeEventListener('touchstart', onStart, options);
		stage.removeEventListener('touchmove', onMove, options);
		stage.removeEventListener('touchend', onEnd, options);
		stage.removeEventListener('touchcancel', onCancel, options);
	};
}
