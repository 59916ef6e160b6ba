// P9: cold start against the best-known open web viewer. Each run relaunches Chromium (a fresh browser process on
// the same on-disk profile: service worker, caches and vault as the last visit left them), goes to the study's
// address and times until the first lit pixel of a 300-slice CT. Radfolio: the unlock field on screen, the
// passphrase typed (at 50 ms a key, not counted), then Enter → the image. OHIF 3.13.2 (its npm package's built
// dist/, bench/ohif) loads the same series from the project's Orthanc over DICOMweb. Both are timed in the page
// from the navigation's start (performance.now()), and "lit" is the same canvas-pixel test on both.
//
// Argon2id (64 MiB, t=3) is a security floor the passphrase must pay and no viewer without encryption has: it is
// measured beside the row (P9k) and left out of the ratio, which counts what is Radfolio's own around it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { ensureOhif } from '../ohif/install.js';
import { serveOhif } from '../ohif/serve.js';
import { newVaultWithFolder } from './app-steps.js';

const PASSPHRASE = 'bench passphrase p9';
const SLICES = 300;
/** A fast typist's pace; the typing itself is not counted on the Radfolio side. */
const KEY_DELAY_MS = 50;

/**
 * Installed before any of the page's own scripts: notes (in ms since the navigation began) when a passphrase
 * field is first on screen, when a form is submitted, and when a canvas of at least 200×200 in `scope` first
 * shows an image (more than 1 in 50 sampled pixels of its middle lit — the test P3 uses, on the middle quarter,
 * so sampling costs both viewers little while they load).
 */
const probe = (scope) => `(() => {
	const t = (window.__p9 = { field: null, submit: null, lit: null });
	document.addEventListener('submit', () => { t.submit ??= performance.now(); }, true);
	const lit = () => {
		for (const c of document.querySelectorAll(${JSON.stringify(scope)})) {
			if (c.width < 200 || c.height < 200) continue;
			const ctx = c.getContext('2d', { willReadFrequently: false });
			if (!ctx) continue;
			const d = ctx.getImageData(c.width >> 2, c.height >> 2, c.width >> 1, c.height >> 1).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 64) if (d[i] + d[i + 1] + d[i + 2] > 30) n++;
			if (n > d.length / 64 / 50) return true;
		}
		return false;
	};
	const tick = () => {
		if (t.field === null) {
			const f = document.querySelector('input[autocomplete="current-password"]');
			if (f && f.getClientRects().length) t.field = performance.now();
		}
		if (lit()) t.lit = performance.now();
		else requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
})()`;

/** The app's own marks (src/lib/timing.ts), in ms since the navigation began. */
const MARKS = `Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('radfolio:')).map((m) => [m.name.slice(9), m.startTime]))`;
/** Argon2id's own time as the KDF worker measured it (src/lib/crypto/kdf.ts). */
const ARGON2 = `(performance.getEntriesByName('radfolio:argon2id').at(-1)?.duration ?? NaN)`;

/** @param {{ app: { url: string }, archive: any, generate: any, seed: any, profiles: string, tmp: string }} ctx */
export function p9Cold(ctx) {
	const profile = join(ctx.profiles, 'p9');
	const floorProfile = join(ctx.profiles, 'p9-floor');
	const ohifProfile = join(ctx.profiles, 'p9-ohif');
	const launch = (dir, scope) =>
		chromium
			.launchPersistentContext(dir, {
				executablePath: CHROMIUM_PATH,
				args: CHROMIUM_ARGS,
				viewport: { width: 1280, height: 900 }
			})
			.then(async (context) => {
				await context.addInitScript(probe(scope));
				return context;
			});
	const study = ctx.generate.syntheticStudy(909, {
		description: `Cold CT ${SLICES}`,
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.909.1',
				description: 'Axial',
				count: SLICES,
				rows: 512,
				columns: 512
			}
		]
	});
	let studyUrl = '';
	let ohifUrl = '';
	let ohif;
	/** The floor page's server (P9f0): the same locked screen as plain HTML, nothing else. */
	let floor;
	/** The phases of the last Radfolio run, ms. */
	let last = {};

	/** One Radfolio cold start; resolves to its phases. */
	async function radfolioRun() {
		const context = await launch(profile, '[aria-label="Image viewer"] canvas');
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(studyUrl, { waitUntil: 'commit' });
			const field = page.getByLabel('Passphrase', { exact: true });
			await field.waitFor({ timeout: 60_000 });
			await field.pressSequentially(PASSPHRASE, { delay: KEY_DELAY_MS });
			await field.press('Enter');
			await page.waitForFunction(() => window.__p9?.lit !== null, null, {
				timeout: 120_000,
				polling: 50
			});
			const t = await page.evaluate(() => window.__p9);
			if (process.env.BENCH_SHOTS)
				await page.screenshot({ path: join(ctx.profiles, `p9-radfolio-${Date.now()}.png`) });
			const marks = await page.evaluate(MARKS);
			const argon2 = await page.evaluate(ARGON2);
			const key = marks['key-derived'] ?? NaN;
			return {
				field: t.field,
				submit: t.submit,
				lit: t.lit,
				argon2,
				unlock: key - t.submit,
				keyToCover: (marks['cover-read'] ?? marks['first-image-read'] ?? NaN) - key,
				keyToLit: t.lit - key,
				total: t.field + (t.lit - t.submit)
			};
		} finally {
			await context.close();
		}
	}

	/**
	 * P9f0, the floor under P9f: the same relaunch and the same probe on the app's own locked-screen page reduced to
	 * what a browser must do to show it (its HTML and inline styles, the screen revealed; no scripts, no service
	 * worker, no other files), served from loopback. What P9f spends above this is the service worker's start and
	 * the app's own files competing for the two cores.
	 */
	async function floorRun() {
		const context = await launch(floorProfile, 'canvas');
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(floor.url, { waitUntil: 'commit' });
			await page.waitForFunction(() => window.__p9?.field !== null, null, {
				timeout: 60_000,
				polling: 20
			});
			return await page.evaluate(() => window.__p9.field);
		} finally {
			await context.close();
		}
	}

	async function ohifRun() {
		const context = await launch(ohifProfile, 'canvas');
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(ohifUrl, { waitUntil: 'commit' });
			await page.waitForFunction(() => window.__p9?.lit !== null, null, {
				timeout: 120_000,
				polling: 50
			});
			const lit = await page.evaluate(() => window.__p9.lit);
			// BENCH_SHOTS=1: what "lit" saw, to check it is the image and not a loading screen.
			if (process.env.BENCH_SHOTS)
				await page.screenshot({ path: join(ctx.profiles, `p9-ohif-${Date.now()}.png`) });
			return lit;
		} finally {
			await context.close();
		}
	}

	return {
		id: 'P9',
		title: `cold start (browser relaunched, the study's address) → first lit pixel of a ${SLICES}-slice CT, Radfolio's own time: to the unlock field, then Enter → image, without Argon2id's 64 MiB floor (P9k) and the typing; vs OHIF 3.13.2 loading it from Orthanc`,
		target: 0.2,
		async setup() {
			const folder = join(ctx.tmp, 'p9-study');
			mkdirSync(folder, { recursive: true });
			const files = [];
			for (let i = 0; i < SLICES; i++) {
				const bytes = ctx.generate.imageFile(study, 0, i);
				files.push(bytes);
				writeFileSync(join(folder, `IM${i}.dcm`), bytes);
			}
			await ctx.seed.uploadToArchive(ctx.archive, files);
			ohif = await serveOhif({
				dist: ensureOhif(),
				config: join(ctx.root, 'bench', 'ohif', 'app-config.js'),
				archive: ctx.archive
			});
			ohifUrl = `${ohif.url}/viewer?StudyInstanceUIDs=${study.studyUID}`;
			rmSync(profile, { recursive: true, force: true });
			rmSync(ohifProfile, { recursive: true, force: true });
			const context = await launch(profile, '[aria-label="Image viewer"] canvas');
			try {
				const page = context.pages()[0] ?? (await context.newPage());
				await newVaultWithFolder(page, { url: ctx.app.url, passphrase: PASSPHRASE, folder });
				const link = page.getByRole('link', { name: new RegExp(`Cold CT ${SLICES}`) });
				studyUrl = new URL((await link.getAttribute('href')) ?? '', ctx.app.url).href;
				// The service worker in control, its precache complete: the next launches start from it.
				await page.evaluate(async () => {
					const registration = await navigator.serviceWorker.ready;
					return Boolean(registration.active);
				});
			} finally {
				await context.close();
			}
			rmSync(folder, { recursive: true, force: true });
			floor = await serveFloorPage(ctx.app.url);
			rmSync(floorProfile, { recursive: true, force: true });
			// One untimed cold start each: the caches (HTTP, code, service worker) as a returning visitor's.
			await radfolioRun();
			await ohifRun();
			await floorRun();
			console.log(`  ${SLICES} slices in the vault and in Orthanc; OHIF at ${ohif.url}`);
		},
		async teardown() {
			await ohif?.close();
			floor?.server.close();
			rmSync(floorProfile, { recursive: true, force: true });
			rmSync(profile, { recursive: true, force: true });
			rmSync(ohifProfile, { recursive: true, force: true });
		},
		async radfolio() {
			last = await radfolioRun();
			if (process.env.BENCH_TRACE) console.log('   ', last);
			return last.total - last.argon2;
		},
		async baseline() {
			return ohifRun();
		},
		extra: [
			{
				id: 'P9t',
				title:
					'under P9: Radfolio in all, Argon2id included (navigation → field, then Enter → image)',
				measure: async () => last.total
			},
			{
				id: 'P9f',
				title: 'under P9: navigation → the unlock field on screen (target ≤ 250 ms)',
				measure: async () => last.field
			},
			{
				id: 'P9f0',
				title:
					'floor under P9f: the same relaunch → the same locked screen as a plain page (its HTML and inline styles only: no script, no service worker, no other file)',
				measure: floorRun
			},
			{
				id: 'P9u',
				title: 'under P9: Enter → the key derived (Argon2id and what runs around it)',
				measure: async () => last.unlock
			},
			{
				id: 'P9k',
				title: 'under P9: Argon2id alone (m=64 MiB, t=3), the floor left out of P9',
				measure: async () => last.argon2
			},
			{
				id: 'P9c',
				title: 'under P9: the key derived → the cover image read and decrypted (target ≤ 150 ms)',
				measure: async () => last.keyToCover
			},
			{
				id: 'P9i',
				title: 'under P9: the key derived → the image lit',
				measure: async () => last.keyToLit
			}
		]
	};
}

/**
 * Serves the app's root page as the P9f0 floor: the locked screen revealed, every script, link and meta policy
 * removed, so the browser has only the markup and its inline styles to show.
 * @param {string} appUrl
 */
async function serveFloorPage(appUrl) {
	const html = (await (await fetch(`${appUrl}/`)).text())
		.replace('<div id="unlock-shell" hidden>', '<div id="unlock-shell">')
		.replace(/<script[\s\S]*?<\/script>/g, '')
		.replace(/<link[^>]*>/g, '')
		.replace(/<meta http-equiv[^>]*>/g, '');
	if (!html.includes('<div id="unlock-shell">'))
		throw new Error('P9f0: the app page has no locked screen');
	const server = createServer((_req, res) => {
		res.setHeader('content-type', 'text/html; charset=utf-8');
		res.end(html);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('P9f0: no address');
	return { server, url: `http://127.0.0.1:${address.port}/` };
}
