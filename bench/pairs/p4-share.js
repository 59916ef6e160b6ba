// P4: open a share link → first image on screen (click to lit pixels), against a plain GET of the same plaintext
// files from the same server and the same dwv render, in one run, in Chromium with on-disk profiles.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { profiled } from '../profile.js';
import { newVaultWithFolder } from './app-steps.js';
import { SINCE_CLICK, armClick, buildBaseline, timeLit } from './viewer-steps.js';

/** @param {{ root: string, generate: any, profiles: string, tmp: string, startServer: (env: Record<string, string>, buildDir: string) => Promise<{ url: string, stop: () => Promise<void> }>, slices: number }} ctx */
export function p4Share(ctx) {
	const study = ctx.generate.syntheticStudy(904, {
		patientID: 'RFBENCH-P4',
		patientName: 'BENCH^SHARE',
		description: `Bench CT ${ctx.slices} slices`,
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.904.1',
				description: 'Axial',
				count: ctx.slices,
				rows: 512,
				columns: 512
			}
		]
	});
	// Inside the project (git-ignored), so the server's imports (better-sqlite3) resolve from its node_modules.
	const buildDir = join(ctx.root, 'bench', '.profiles', 'p4-build');
	let server;
	let shareUrl = '';
	const plainUrls = [];
	const launch = (name) => {
		const dir = join(ctx.profiles, name);
		rmSync(dir, { recursive: true, force: true });
		return chromium.launchPersistentContext(dir, {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS,
			viewport: { width: 1280, height: 900 }
		});
	};
	return {
		id: 'P4',
		title: `open a share link of a ${ctx.slices}-slice CT → first image (click to pixels)`,
		target: 1.3,
		async setup() {
			// A copy of the build with the plaintext files and the baseline page, served by the same server.
			rmSync(buildDir, { recursive: true, force: true });
			cpSync(join(ctx.root, 'build'), buildDir, { recursive: true });
			const plainDir = join(buildDir, 'client', 'bench-plain');
			mkdirSync(plainDir, { recursive: true });
			const folder = join(ctx.tmp, 'p4-study');
			mkdirSync(folder, { recursive: true });
			for (let i = 0; i < ctx.slices; i++) {
				const name = `IM${String(i + 1).padStart(4, '0')}.dcm`;
				const bytes = ctx.generate.imageFile(study, 0, i);
				writeFileSync(join(plainDir, name), bytes);
				writeFileSync(join(folder, name), bytes);
				plainUrls.push(`/bench-plain/${name}`);
			}
			await buildBaseline(ctx.root, buildDir);
			server = await ctx.startServer({ RADFOLIO_DATA_DIR: join(ctx.tmp, 'p4-data') }, buildDir);
			// The sender: a vault with the study, and a link made through the Share dialog.
			const sender = await launch('p4-sender');
			const page = sender.pages()[0] ?? (await sender.newPage());
			try {
				await newVaultWithFolder(page, { url: server.url, passphrase: 'bench sender p4', folder });
				await page.getByRole('link', { name: new RegExp(`Bench CT ${ctx.slices}`) }).click();
				await page.getByRole('button', { name: 'Share', exact: true }).click();
				const dialog = page.getByRole('dialog', { name: 'Share study' });
				await dialog.getByRole('button', { name: 'Create link' }).click();
				const link = dialog.getByRole('textbox', { name: 'Share link' });
				await link.waitFor({ timeout: 120_000 });
				shareUrl = await link.inputValue();
			} catch (error) {
				const shot = join(ctx.tmp, '..', 'radfolio-bench-p4-failure.png');
				await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
				console.error(`  setup failed; the sender's page is in ${shot}`);
				throw error;
			} finally {
				await sender.close();
			}
			console.log(
				`  ${ctx.slices} slices, ${((plainUrls.length * 512 * 512 * 2) / 1e6).toFixed(0)} MB of pixels; link made`
			);
		},
		async teardown() {
			await server?.stop();
			rmSync(buildDir, { recursive: true, force: true });
		},
		async radfolio(rep) {
			const context = await launch(`p4-recipient-${rep}`);
			try {
				const page = await context.newPage();
				await page.goto(shareUrl);
				const open = page.getByRole('button', { name: 'Open shared study' });
				await open.waitFor();
				// A person reads the landing page before clicking; the baseline page, likewise, has loaded dwv before
				// its timer starts. Click once the page has fetched what it fetches on its own.
				await page.waitForLoadState('networkidle');
				return await profiled('P4', page, ctx.profiles, async () => {
					await page.evaluate(armClick);
					await open.click();
					return page.evaluate(SINCE_CLICK);
				});
			} finally {
				await context.close();
			}
		},
		async baseline(rep) {
			const context = await launch(`p4-baseline-${rep}`);
			try {
				const page = await context.newPage();
				await page.goto(`${server.url}/bench-baseline/index.html`);
				await page.waitForFunction(() => 'renderPlain' in window);
				return await page.evaluate(timeLit(`window.renderPlain(${JSON.stringify(plainUrls)})`));
			} finally {
				await context.close();
			}
		}
	};
}
