// P10: scrolling a 300-slice CT at 30 slices per second, by the wheel and by the arrow keys — the longest frame
// and the share of frames over 50 ms — in Radfolio as a 4 GiB phone gets it (the series is over that device's
// whole-series budget, so it is read through the bounded window of slices: src/lib/viewer/slice-window.ts,
// slice-swap.ts), against dwv's own stack scrolling the same series from memory (the viewer's path for a series
// within budget, the whole series handed to dwv: what bare dwv does), in the same page and run. P10t is the same
// with the CPU throttled 4× (DevTools Emulation.setCPUThrottlingRate), a phone-class CPU; P3-300c / P3-300t time
// opening that study (click → first image lit) unthrottled and throttled, beside each other.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { newVaultWithFolder } from './app-steps.js';
import { QUIET, SINCE_CLICK, armClick } from './viewer-steps.js';

/** Slices per second the patient scrolls at. */
const RATE = 30;

/**
 * The device's memory as the page reads it (`navigator.deviceMemory`, GiB), settable between opens: the viewer
 * reads its budget (src/lib/viewer/memory-budget.ts) when a series opens. 4: a common phone.
 */
export const DEVICE_MEMORY = `Object.defineProperty(Navigator.prototype, 'deviceMemory', {
	get: () => window.__benchDeviceGiB ?? 4
})`;

/** Records the page's frames (requestAnimationFrame) until `stopFrames` resolves to their lengths in ms. */
const START_FRAMES = `(() => {
	window.__frames = [];
	window.__recording = true;
	let last = performance.now();
	const tick = (t) => {
		window.__frames.push(t - last);
		last = t;
		if (window.__recording) requestAnimationFrame(tick);
	};
	requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
})()`;
const STOP_FRAMES = `new Promise((resolve) => {
	window.__recording = false;
	requestAnimationFrame(() => resolve(window.__frames));
})`;

/** The longest frame and the share of frames over 50 ms (%) of a list of frame lengths. */
export function frameStats(frames) {
	const over = frames.filter((f) => f > 50).length;
	return {
		longest: Math.max(0, ...frames),
		over50: frames.length ? (100 * over) / frames.length : 0
	};
}

/**
 * Scrolls `steps` slices at RATE per second by the wheel (`by: 'wheel'`, the pointer over the image) or the arrow
 * keys, `direction` 1 down the series, -1 up; resolves once the viewer shows the slice it should end on, with the
 * frames the page drew meanwhile.
 */
export async function scrollAtRate(page, { by, steps, direction, count, from }) {
	const viewer = page.getByRole('region', { name: 'Image viewer' });
	const stage = viewer.getByRole('slider');
	if (by === 'wheel') {
		const box = await stage.boundingBox();
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	} else {
		await stage.focus();
	}
	await page.evaluate(START_FRAMES);
	const t0 = Date.now();
	for (let i = 0; i < steps; i++) {
		// The wheel turned up goes onwards, as dwv's Scroll tool has it.
		if (by === 'wheel') await page.mouse.wheel(0, -100 * direction);
		else await page.keyboard.press(direction > 0 ? 'ArrowDown' : 'ArrowUp');
		const due = t0 + ((i + 1) * 1000) / RATE;
		const wait = due - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	}
	const end = from + direction * steps;
	await viewer.getByText(`Image ${end} / ${count}`, { exact: true }).waitFor({ timeout: 120_000 });
	return page.evaluate(STOP_FRAMES);
}

/** Opens a study from the timeline and waits until its viewer is ready to scroll; resolves to the slice shown. */
export async function openStudy(page, name, count) {
	await page.getByRole('link', { name: 'History', exact: true }).click();
	await page.getByRole('link', { name }).click();
	const viewer = page.getByRole('region', { name: 'Image viewer' });
	await viewer
		.getByRole('button', { name: 'Measure' })
		.and(page.locator(':enabled'))
		.waitFor({ timeout: 600_000 });
	const label = viewer.getByText(new RegExp(`^Image \\d+ / ${count}$`));
	await label.waitFor();
	return Number(/^Image (\d+)/.exec(await label.textContent())[1]);
}

/** Steps taken one at a time, each alone in its frame, for the single-slice floor. */
const FLOOR_STEPS = 20;
/** Long enough for one slice's frame to end on the throttled CPU before the next step. */
const FLOOR_GAP_MS = 500;

/**
 * The frame one slice takes with nothing else queued: the viewer open (the study's middle slice shown), one arrow
 * key at a time, each after the last slice's frame is over; resolves to the longest frame after each step, in ms.
 * On dwv's own stack (the whole series in memory) it is dwv's single-slice render, the floor under any scroll of
 * the series on that CPU (what P10 measures is this floor plus whatever piles up between frames).
 */
async function singleSliceFrames(page) {
	await page.getByRole('region', { name: 'Image viewer' }).getByRole('slider').focus();
	await page.evaluate(() => {
		window.__floorFrames = [];
		window.__floorRecording = true;
		let last = performance.now();
		const tick = (t) => {
			window.__floorFrames.push([t, t - last]);
			last = t;
			if (window.__floorRecording) requestAnimationFrame(tick);
		};
		requestAnimationFrame((t) => {
			last = t;
			requestAnimationFrame(tick);
		});
	});
	const marks = [];
	for (let i = 0; i < FLOOR_STEPS; i++) {
		marks.push(await page.evaluate(() => performance.now()));
		await page.keyboard.press('ArrowDown');
		await new Promise((r) => setTimeout(r, FLOOR_GAP_MS));
	}
	marks.push(await page.evaluate(() => performance.now()));
	const frames = await page.evaluate(() => {
		window.__floorRecording = false;
		return window.__floorFrames;
	});
	return marks
		.slice(0, -1)
		.map((from, i) =>
			Math.max(0, ...frames.filter(([t]) => t > from && t <= marks[i + 1]).map(([, d]) => d))
		);
}

/** The median of a list of numbers. */
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** @param {{ generate: any, profiles: string, tmp: string, startServer: Function, slices: number }} ctx */
export function p10Scroll(ctx) {
	const count = ctx.slices;
	const name = /Scroll CT study/;
	const profile = join(ctx.profiles, 'p10');
	let server;
	let context;
	let page;
	let cdp;
	const figures = {};

	/** One side: opens the study with the device's memory at `gib`, scrolls it by wheel then keys. */
	/** The single-slice floor on the page as it is (a study open), with the CPU throttled `rate`×. */
	const floor = async (key, rate) => {
		await page.evaluate(QUIET);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		try {
			const frames = await singleSliceFrames(page);
			figures[key] = { median: median(frames), longest: Math.max(...frames) };
			console.log(
				`    ${key}: one slice alone in its frame, ${FLOOR_STEPS} steps: median ${figures[key].median.toFixed(0)} ms, longest ${figures[key].longest.toFixed(0)} ms`
			);
		} finally {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		}
	};

	const side = (key, gib, rate, after) => async () => {
		// The baseline is bare dwv: its own painting too, not Radfolio's (src/lib/viewer/grey-paint.ts).
		await page.evaluate((g) => {
			window.__benchDeviceGiB = g;
			window.__benchDwvPaint = g >= 64;
		}, gib);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		try {
			const at = await openStudy(page, name, count);
			const steps = Math.min(count - at, Math.floor(count / 2));
			await page.evaluate(QUIET);
			const wheel = await scrollAtRate(page, { by: 'wheel', steps, direction: 1, count, from: at });
			const keys = await scrollAtRate(page, {
				by: 'keys',
				steps,
				direction: -1,
				count,
				from: at + steps
			});
			const w = frameStats(wheel);
			const k = frameStats(keys);
			const all = frameStats([...wheel, ...keys]);
			figures[key] = {
				wheel: w.longest,
				keys: k.longest,
				longest: all.longest,
				over50: all.over50
			};
			console.log(
				`    ${key}: longest frame wheel ${w.longest.toFixed(0)} ms, keys ${k.longest.toFixed(0)} ms; frames over 50 ms ${all.over50.toFixed(1)}% of ${wheel.length + keys.length}`
			);
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
			if (after) await after();
			return all.longest;
		} finally {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		}
	};

	const setup = async () => {
		const folder = join(ctx.tmp, 'p10-study');
		const study = ctx.generate.syntheticStudy(961, {
			description: 'Scroll CT study',
			series: [
				{
					uid: '1.2.826.0.1.3680043.10.1337.961.1',
					description: 'Axial',
					count,
					rows: 512,
					columns: 512
				}
			]
		});
		mkdirSync(folder, { recursive: true });
		for (let i = 0; i < count; i++)
			writeFileSync(join(folder, `IM${i}.dcm`), ctx.generate.imageFile(study, 0, i));
		server = await ctx.startServer({ RADFOLIO_DATA_DIR: join(ctx.tmp, 'p10-data') });
		rmSync(profile, { recursive: true, force: true });
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS,
			viewport: { width: 1280, height: 900 }
		});
		await context.addInitScript(DEVICE_MEMORY);
		page = context.pages()[0] ?? (await context.newPage());
		await newVaultWithFolder(page, {
			url: server.url,
			passphrase: 'bench scroll p10',
			folder,
			timeout: 900_000
		});
		rmSync(folder, { recursive: true, force: true });
		cdp = await context.newCDPSession(page);
	};
	const teardown = async () => {
		await context?.close();
		await server?.stop();
		rmSync(profile, { recursive: true, force: true });
	};
	const extra = (id, what, key, field, unit = 'ms') => ({
		id,
		title: what,
		unit,
		measure: async () => figures[key]?.[field] ?? NaN
	});
	/** Opens the study (click → first image lit) with the CPU throttled `rate`×, as a 4 GiB phone. */
	const openTimed = (rate) => async () => {
		await page.evaluate(() => {
			window.__benchDeviceGiB = 4;
			window.__benchDwvPaint = false;
		});
		await page.getByRole('link', { name: 'History', exact: true }).click();
		const link = page.getByRole('link', { name });
		await link.waitFor();
		await page.evaluate(QUIET);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		try {
			await page.evaluate(armClick);
			await link.click();
			return await page.evaluate(SINCE_CLICK);
		} finally {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
			// Let the viewer finish opening before the next measure.
			await page
				.getByRole('region', { name: 'Image viewer' })
				.getByRole('button', { name: 'Measure' })
				.and(page.locator(':enabled'))
				.waitFor({ timeout: 600_000 });
		}
	};
	/** The throttled runs, both sides, once per rep: their figures are read by the rows after it. */
	const throttled = async () => {
		await side('radfolio-t', 4, 4, () => floor('floor-radfolio-t', 4))();
		await side('baseline-t', 64, 4, () => floor('floor-baseline-t', 4))();
		return figures['radfolio-t'].longest;
	};
	// One pair, its throttled figures and the opens as rows of their own measured in the same page each rep (the
	// harness's extras), so the study is imported once and `--only P10` runs all of them.
	return {
		id: 'P10',
		title: `scroll a ${count}-slice CT at ${RATE} slices/s, wheel then arrow keys: the longest frame (Radfolio as a 4 GiB phone gets it, through the slice window) vs dwv's own stack scrolling the same series from memory`,
		target: 1.2,
		setup,
		teardown,
		radfolio: side('radfolio', 4, 1),
		baseline: side('baseline', 64, 1),
		extra: [
			extra(
				'P10w',
				'under P10: Radfolio, the longest frame scrolling by the wheel',
				'radfolio',
				'wheel'
			),
			extra(
				'P10k',
				'under P10: Radfolio, the longest frame scrolling by the arrow keys',
				'radfolio',
				'keys'
			),
			extra('P10s', 'under P10: Radfolio, frames over 50 ms', 'radfolio', 'over50', '%'),
			extra(
				'P10sb',
				"under P10: dwv's stack from memory, frames over 50 ms",
				'baseline',
				'over50',
				'%'
			),
			{
				id: 'P10t',
				title: 'P10 with the CPU throttled 4× (a phone-class CPU): Radfolio, the longest frame',
				measure: throttled
			},
			extra(
				'P10tb',
				"under P10t: dwv's stack from memory, the longest frame",
				'baseline-t',
				'longest'
			),
			extra(
				'P10tf',
				`under P10t: the floor, dwv's own single-slice render — one arrow key at a time on dwv's stack from memory, each slice alone in its frame (${FLOOR_STEPS} steps): the median frame`,
				'floor-baseline-t',
				'median'
			),
			extra(
				'P10tfl',
				`under P10tf: the longest of those ${FLOOR_STEPS} single-slice frames (dwv's stack from memory)`,
				'floor-baseline-t',
				'longest'
			),
			extra(
				'P10tfr',
				`under P10tf: the same single steps in Radfolio through the slice window (a 4 GiB phone): the median frame`,
				'floor-radfolio-t',
				'median'
			),
			extra('P10tw', 'under P10t: Radfolio, the longest frame by the wheel', 'radfolio-t', 'wheel'),
			extra(
				'P10tk',
				'under P10t: Radfolio, the longest frame by the arrow keys',
				'radfolio-t',
				'keys'
			),
			extra('P10ts', 'under P10t: Radfolio, frames over 50 ms', 'radfolio-t', 'over50', '%'),
			extra(
				'P10tsb',
				"under P10t: dwv's stack from memory, frames over 50 ms",
				'baseline-t',
				'over50',
				'%'
			),
			{
				id: 'P3-300c',
				title: `open the ${count}-slice CT study → first image lit, as a 4 GiB phone (the same page as P3-300t)`,
				measure: openTimed(1)
			},
			{
				id: 'P3-300t',
				title: `P3-300c with the CPU throttled 4× (a phone-class CPU)`,
				measure: openTimed(4)
			}
		]
	};
}
