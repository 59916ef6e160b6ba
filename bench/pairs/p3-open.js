// P3: vault unlocked, open a study → its first image on screen (click to lit pixels), against bare dwv rendering
// the same first slice (the middle one, which Radfolio shows first) from an ArrayBuffer already in memory — for CT
// series of several lengths, to show the time stays flat as series grow. Each timed open reads the app's own marks
// (src/lib/timing.ts) to split it: the study page's render, the first image's read (begun at the press), and dwv's
// decode and draw. BENCH_TRACE=1 prints every open's marks; BENCH_CHROME_TRACE=P3-300 records a Chromium trace.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { profiled, traced } from '../profile.js';
import { newVaultWithFolder } from './app-steps.js';
import {
	LIT,
	MOMENTS,
	QUIET,
	SINCE_CLICK,
	armClick,
	buildBaseline,
	timeLit
} from './viewer-steps.js';

/** @param {{ root: string, generate: any, profiles: string, tmp: string, startServer: Function, sizes: number[] }} ctx */
export function p3Open(ctx) {
	const buildDir = join(ctx.root, 'bench', '.profiles', 'p3-build');
	const profile = join(ctx.profiles, 'p3');
	const launch = (dir) =>
		chromium.launchPersistentContext(dir, {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS,
			viewport: { width: 1280, height: 900 }
		});
	let server;
	let context;
	let page;
	/** The baseline runs in its own browser: the app's service worker would answer its page with the app shell. */
	let bare;
	const middleUrl = {};
	/** The app's marks of the last timed open, in ms since the click. */
	let moments = {};
	let lastMs = NaN;
	const setup = async () => {
		rmSync(buildDir, { recursive: true, force: true });
		cpSync(join(ctx.root, 'build'), buildDir, { recursive: true });
		const folder = join(ctx.tmp, 'p3-studies');
		for (const [k, size] of ctx.sizes.entries()) {
			const n = 930 + k;
			const study = ctx.generate.syntheticStudy(n, {
				description: `Open CT ${size}`,
				series: [
					{
						uid: `1.2.826.0.1.3680043.10.1337.${n}.1`,
						description: 'Axial',
						count: size,
						rows: 512,
						columns: 512
					}
				]
			});
			mkdirSync(join(folder, `S${size}`), { recursive: true });
			for (let i = 0; i < size; i++) {
				writeFileSync(join(folder, `S${size}`, `IM${i}.dcm`), ctx.generate.imageFile(study, 0, i));
			}
			// The slice Radfolio shows first, for the baseline to render from memory.
			const plain = join(buildDir, 'client', 'bench-p3');
			mkdirSync(plain, { recursive: true });
			writeFileSync(
				join(plain, `middle-${size}.dcm`),
				ctx.generate.imageFile(study, 0, Math.floor(size / 2))
			);
			middleUrl[size] = `/bench-p3/middle-${size}.dcm`;
		}
		await buildBaseline(ctx.root, buildDir);
		server = await ctx.startServer({ RADFOLIO_DATA_DIR: join(ctx.tmp, 'p3-data') }, buildDir);
		rmSync(profile, { recursive: true, force: true });
		context = await launch(profile);
		page = context.pages()[0] ?? (await context.newPage());
		await newVaultWithFolder(page, {
			url: server.url,
			passphrase: 'bench open p3',
			folder,
			timeout: 900_000
		});
		console.log(`  ${ctx.sizes.join(' + ')} slices imported`);
		// One untimed open first, so every timed one runs with the viewer's code loaded and warm — as the
		// baseline's render does (it warms up in its own page).
		await page.getByRole('link', { name: new RegExp(`Open CT ${ctx.sizes[0]}\\b`) }).click();
		await page.getByRole('region', { name: 'Image viewer' }).waitFor({ timeout: 120_000 });
		await page.evaluate(LIT);
		bare = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	};
	const teardown = async () => {
		await context?.close();
		await bare?.close();
		await server?.stop();
		rmSync(profile, { recursive: true, force: true });
		rmSync(buildDir, { recursive: true, force: true });
	};
	return ctx.sizes.map((size, k) => ({
		id: `P3-${size}`,
		title: `open a ${size}-slice CT study → first image on screen (vault unlocked)`,
		target: 1.2,
		setup: k === 0 ? setup : undefined,
		teardown: k === ctx.sizes.length - 1 ? teardown : undefined,
		async radfolio() {
			// As a patient who looked at a study and went back for another: the viewer had finished loading the
			// last one, and the timeline is on screen and quiet (no decryption left over from before).
			await page
				.getByRole('button', { name: 'Measure' })
				.and(page.locator(':enabled'))
				.waitFor({ timeout: 120_000 })
				.catch(() => {});
			await page.getByRole('link', { name: 'History', exact: true }).click();
			const link = page.getByRole('link', { name: new RegExp(`Open CT ${size}\\b`) });
			await link.waitFor();
			await page.evaluate(QUIET);
			const measure = () =>
				profiled(`P3-${size}`, page, ctx.profiles, async () => {
					await page.evaluate(armClick);
					await page.evaluate(() => performance.clearMarks());
					await link.click();
					const ms = await page.evaluate(SINCE_CLICK);
					moments = await page.evaluate(MOMENTS);
					lastMs = ms;
					if (process.env.BENCH_TRACE) console.log(`    ${ms.toFixed(1)} ms`, moments);
					return ms;
				});
			return traced(`P3-${size}`, page, ctx.profiles, measure);
		},
		// Where the open's time went, from the app's own marks (src/lib/timing.ts) in the run just timed.
		extra: [
			{
				id: `P3-${size}n`,
				title: `under P3-${size}: click → the study page's first line runs (SvelteKit's navigation alone: the timeline torn down, the route loaded)`,
				measure: async () => moments['study-page'] ?? NaN
			},
			{
				id: `P3-${size}p`,
				title: `under P3-${size}: click → the study page rendered, the viewer's frame mounted (no image yet)`,
				measure: async () => moments['viewer-mounted'] ?? NaN
			},
			{
				id: `P3-${size}d`,
				title: `under P3-${size}: the viewer's frame mounted → the image lit (dwv's decode and draw, the part the baseline times)`,
				measure: async () => lastMs - (moments['viewer-mounted'] ?? NaN)
			},
			{
				id: `P3-${size}r`,
				title: `under P3-${size}: click → the first image read and decrypted (begun at the press, beside the page's render)`,
				measure: async () => moments['first-image-read'] ?? NaN
			}
		],
		async baseline() {
			const other = await bare.newPage({ viewport: { width: 1280, height: 900 } });
			try {
				await other.goto(`${server.url}/bench-baseline/index.html`);
				await other.waitForFunction(() => 'renderHeld' in window);
				await other.evaluate((u) => window.hold([u]), middleUrl[size]);
				await other.evaluate(() => window.warmUp());
				return await other.evaluate(timeLit('window.renderHeld()'));
			} finally {
				await other.close();
			}
		}
	}));
}
