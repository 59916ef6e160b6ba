// CPU profiles of the page while a measure runs: `BENCH_PROFILE=P5 npm run bench -- --only P5` writes
// bench/.profiles/P5-<time>.cpuprofile (open it in Chromium's DevTools, or `node bench/profile-summary.js <file>`).
// Profiling slows the page down a little; the run's numbers are for finding where time goes, not for the table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `measure` under the CPU profiler when BENCH_PROFILE names `id`, otherwise just runs it.
 * @template T
 * @param {string} id
 * @param {import('@playwright/test').Page} page
 * @param {string} dir
 * @param {() => Promise<T>} measure
 * @returns {Promise<T>}
 */
export async function profiled(id, page, dir, measure) {
	if (process.env.BENCH_PROFILE !== id) return measure();
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	const result = await measure();
	const { profile } = await cdp.send('Profiler.stop');
	const out = join(dir, `${id}-${Date.now()}.cpuprofile`);
	writeFileSync(out, JSON.stringify(profile));
	console.log(`  profile: ${out}`);
	await cdp.detach();
	return result;
}

/**
 * A Chromium performance trace (every thread: the page, its workers, the browser process's IndexedDB) of
 * `measure` when BENCH_CHROME_TRACE names `id`: bench/.profiles/<id>-<time>.json, to open in DevTools'
 * Performance panel. It shows what a CPU profile cannot: waits, and which thread each step ran on (it found the
 * first image's read waiting 25 ms on a transaction's commit event behind the page's render).
 * @template T
 * @param {string} id
 * @param {import('@playwright/test').Page} page
 * @param {string} dir
 * @param {() => Promise<T>} measure
 * @returns {Promise<T>}
 */
export async function traced(id, page, dir, measure) {
	if (process.env.BENCH_CHROME_TRACE !== id) return measure();
	const cdp = await page.context().newCDPSession(page);
	const events = [];
	cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
	const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
	await cdp.send('Tracing.start', {
		transferMode: 'ReportEvents',
		traceConfig: {
			includedCategories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'v8.execute',
				'blink.user_timing',
				'IndexedDB',
				'toplevel'
			]
		}
	});
	const result = await measure();
	await cdp.send('Tracing.end');
	await complete;
	const out = join(dir, `${id}-${Date.now()}.json`);
	writeFileSync(out, JSON.stringify({ traceEvents: events }));
	console.log(`  trace: ${out}`);
	await cdp.detach();
	return result;
}
