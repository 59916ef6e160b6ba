// P7: JavaScript (gzip, as transferred) the page itself loads on a first visit to the timeline route, in a fresh
// on-disk profile. The service worker's own precache downloads run in its own context and are not counted.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';

/** @param {{ app: { url: string }, profiles: string }} ctx */
export function p7Js(ctx) {
	return {
		id: 'P7',
		title: 'JavaScript loaded for the timeline route, first visit (gzip)',
		target: 150,
		unit: 'KiB',
		async measure(rep) {
			const dir = join(ctx.profiles, `p7-${rep}`);
			rmSync(dir, { recursive: true, force: true });
			const context = await chromium.launchPersistentContext(dir, {
				executablePath: CHROMIUM_PATH,
				args: CHROMIUM_ARGS
			});
			try {
				const page = context.pages()[0] ?? (await context.newPage());
				const scripts = [];
				page.on('requestfinished', (request) => {
					if (request.resourceType() === 'script') scripts.push(request);
				});
				await page.goto(ctx.app.url, { waitUntil: 'networkidle' });
				let bytes = 0;
				for (const request of scripts) bytes += (await request.sizes()).responseBodySize;
				return bytes / 1024;
			} finally {
				await context.close();
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
