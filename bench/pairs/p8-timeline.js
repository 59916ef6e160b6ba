// P8: unlock → a timeline of 1,000 studies on screen, and the longest main-thread task while scrolling all of it,
// in Chromium with an on-disk profile (the vault is made once, by importing 1,000 one-image studies).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { newVaultWithFolder } from './app-steps.js';

const PASSPHRASE = 'bench timeline p8';

/** @param {{ app: { url: string }, generate: any, profiles: string, tmp: string, count: number }} ctx */
export function p8Timeline(ctx) {
	const dir = join(ctx.profiles, 'p8');
	let context;
	let page;
	let longest = [];
	const unlock = async () => {
		await page.goto(ctx.app.url);
		await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		const started = performance.now();
		await page.getByRole('button', { name: 'Unlock' }).click();
		await page.getByText(`${ctx.count} studies`, { exact: true }).waitFor({ timeout: 120_000 });
		await page
			.getByRole('list', { name: 'Imaging history' })
			.getByRole('listitem')
			.first()
			.waitFor();
		return performance.now() - started;
	};
	return [
		{
			id: 'P8',
			title: `unlock → timeline of ${ctx.count} studies on screen (Argon2id 64 MiB included)`,
			target: 1000,
			unit: 'ms',
			async setup() {
				const folder = join(ctx.tmp, 'p8-studies');
				mkdirSync(folder, { recursive: true });
				for (let n = 0; n < ctx.count; n++) {
					const study = ctx.generate.syntheticStudy(20_000 + n, {
						description: `Study ${n + 1}`,
						studyDate: `20${String(10 + (n % 15)).padStart(2, '0')}${String((n % 12) + 1).padStart(2, '0')}15`,
						series: [
							{ uid: `1.2.826.0.1.3680043.10.1337.${20_000 + n}.1`, description: 'One', count: 1 }
						]
					});
					writeFileSync(join(folder, `IM${n}.dcm`), ctx.generate.imageFile(study, 0, 0));
				}
				rmSync(dir, { recursive: true, force: true });
				context = await chromium.launchPersistentContext(dir, {
					executablePath: CHROMIUM_PATH,
					args: CHROMIUM_ARGS
				});
				page = context.pages()[0] ?? (await context.newPage());
				await newVaultWithFolder(page, {
					url: ctx.app.url,
					passphrase: PASSPHRASE,
					folder,
					timeout: 600_000
				});
				console.log(`  ${ctx.count} studies imported`);
			},
			async teardown() {
				await context?.close();
				rmSync(dir, { recursive: true, force: true });
			},
			async measure() {
				const ms = await unlock();
				// Scroll the whole list in steps, recording every long task (> 50 ms) on the main thread.
				const worst = await page.evaluate(async () => {
					let max = 0;
					const observer = new PerformanceObserver((list) => {
						for (const entry of list.getEntries()) max = Math.max(max, entry.duration);
					});
					observer.observe({ type: 'longtask', buffered: false });
					const scroller = document.querySelector('.scroller');
					for (let y = 0; y <= scroller.scrollHeight; y += scroller.clientHeight / 2) {
						scroller.scrollTop = y;
						await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
					}
					await new Promise((r) => setTimeout(r, 100));
					observer.disconnect();
					return max;
				});
				longest.push(worst);
				return ms;
			}
		},
		{
			id: 'P8s',
			title: `longest main-thread task while scrolling the ${ctx.count} studies (0 = none over 50 ms)`,
			target: 50,
			unit: 'ms',
			async measure(rep) {
				return longest[rep] ?? Number.NaN;
			}
		}
	];
}
