// Shared by the viewer pairs (P3, P4): "the image is on screen" as a test the page runs, and the baseline page
// (bench/baseline: bare dwv) built by Vite into a copy of the app's build.
import { join } from 'node:path';
import { build } from 'vite';

/** Resolves once the viewer's canvas shows something: the moment a person sees the image. */
export const LIT = `(() => new Promise((resolve) => {
	const check = () => {
		for (const c of document.querySelectorAll('[aria-label="Image viewer"] canvas')) {
			const ctx = c.getContext('2d');
			if (!ctx || !c.width || !c.height) continue;
			const d = ctx.getImageData(0, 0, c.width, c.height).data;
			let lit = 0;
			for (let i = 0; i < d.length; i += 64) if (d[i] + d[i + 1] + d[i + 2] > 30) lit++;
			if (lit > d.length / 64 / 50) return resolve(true);
		}
		requestAnimationFrame(check);
	};
	check();
}))()`;

/** Resolves once the page has had two idle periods in a row: nothing left running from what came before. */
export const QUIET = `new Promise((resolve) =>
	requestIdleCallback(() => requestIdleCallback(() => resolve(true), { timeout: 2000 }), { timeout: 2000 })
)`;

/**
 * Times in the page, on both sides of a pair, so Playwright's own round trips (a click is several) count on
 * neither: `armClick` notes when the next click event fires; `SINCE_CLICK` resolves, once the image is lit, to
 * the milliseconds since then; `timeLit(call)` runs a page function and resolves to the time until lit.
 * Radfolio starts opening a study at the press (pointerdown) before the click, as links that preload on a tap do:
 * that head start is the length of the press, about 10 ms when Playwright clicks here, 60–120 ms for a person.
 */
export const armClick = () =>
	document.addEventListener('click', () => (window.__clickedAt = performance.now()), {
		capture: true,
		once: true
	});
/** The app's user-timing marks (src/lib/timing.ts) since the click, by moment. */
export const MOMENTS = `Object.fromEntries(
	performance
		.getEntriesByType('mark')
		.filter((m) => m.name.startsWith('radfolio:'))
		.map((m) => [m.name.slice('radfolio:'.length), m.startTime - window.__clickedAt])
)`;
export const SINCE_CLICK = `${LIT}.then(() => performance.now() - window.__clickedAt)`;
export const timeLit = (call) =>
	`(async () => { const t0 = performance.now(); await ${call}; await ${LIT}; return performance.now() - t0; })()`;

/** Builds bench/baseline into `<buildDir>/client/bench-baseline/` (served at /bench-baseline/). */
export async function buildBaseline(root, buildDir) {
	await build({
		configFile: false,
		logLevel: 'warn',
		root: join(root, 'bench', 'baseline'),
		base: '/bench-baseline/',
		build: {
			outDir: join(buildDir, 'client', 'bench-baseline'),
			emptyOutDir: true,
			chunkSizeWarningLimit: 4000
		}
	});
}
