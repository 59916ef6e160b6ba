// P3: vault unlocked, open a study → its first image on screen (click to lit pixels), against bare dwv rendering
// the same first slice (the middle one, which Radfolio shows first) from an ArrayBuffer already in memory — for CT
// series of several lengths, to show the time stays flat as series grow.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { profiled } from '../profile.js';
import { newVaultWithFolder } from './app-steps.js';
import { LIT, SINCE_CLICK, armClick, buildBaseline, timeLit } from './viewer-steps.js';

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
			await page.getByRole('link', { name: 'History', exact: true }).click();
			const link = page.getByRole('link', { name: new RegExp(`Open CT ${size}\\b`) });
			await link.waitFor();
			return profiled(`P3-${size}`, page, ctx.profiles, async () => {
				await page.evaluate(armClick);
				await link.click();
				return page.evaluate(SINCE_CLICK);
			});
		},
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
