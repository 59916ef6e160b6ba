// P5: sync a CT series from Orthanc through the gateway into the encrypted vault (in Chromium, on-disk profile),
// over a 100 Mbit/s link (bench/link.js: a pacing proxy on loopback in front of the app server; all of the page's
// traffic goes through it), against the plain transfer of the same bytes over the same link: the page fetching the
// same WADO-RS multipart through the same gateway and link, reading it to the end and keeping nothing. Today's
// loopback figures stay beside it (P5l: the same sync with no link, against curl of the study from Orthanc's
// WADO-RS to disk).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { cpuMeter } from '../cpu.js';
import { startLink } from '../link.js';
import { profiled } from '../profile.js';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';

const PATIENT = { id: 'RFBENCH-P5', name: 'BENCH^SYNC' };
/** The link: 100 Mbit/s each way, 10 ms round trip (a good home or clinic connection). */
const LINK = { bitsPerSecond: 100e6, latencyMs: 10 };

/** @param {{ archive: any, app: { url: string, dataDir: string }, generate: any, seed: any, slices: number, profiles: string, tmp: string }} ctx */
export function p5Sync(ctx) {
	const seriesUid = `${ctx.generate.ROOT ?? '1.2.826.0.1.3680043.10.1337'}.905.1`;
	const study = ctx.generate.syntheticStudy(905, {
		patientID: PATIENT.id,
		patientName: PATIENT.name,
		description: `Bench CT ${ctx.slices} slices`,
		series: [{ uid: seriesUid, description: 'Axial', count: ctx.slices, rows: 512, columns: 512 }]
	});
	let bytes = 0;
	const launch = (dir) =>
		chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	const newCode = () => {
		const store = new EnrollmentStore(ctx.app.dataDir);
		const { code } = store.createCode(PATIENT.id);
		store.close();
		return code;
	};

	/** The app server through the 100 Mbit/s link (started in setup). */
	let link;

	/** A new vault syncs the study from the provider; resolves to the time from Connect to "1 study updated". */
	async function sync(name, { throttled }) {
		const dir = join(ctx.profiles, name);
		rmSync(dir, { recursive: true, force: true });
		const context = await launch(dir);
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			const origin = throttled ? link.url : ctx.app.url;
			await page.goto(`${origin}/providers#code=${newCode()}`);
			await page.getByLabel('Passphrase', { exact: true }).fill('bench passphrase p5');
			await page.getByLabel('Confirm passphrase').fill('bench passphrase p5');
			await page.getByRole('button', { name: 'Create vault' }).click();
			const connect = page.getByRole('button', { name: 'Connect' });
			await connect.waitFor({ timeout: 60_000 });
			return await profiled(throttled ? 'P5' : 'P5l', page, ctx.profiles, async () => {
				const meter = cpuMeter();
				const started = performance.now();
				await connect.click();
				await page
					.getByRole('status')
					.filter({ hasText: /Last sync.*1 study updated/ })
					.waitFor({ timeout: 600_000 });
				const ms = performance.now() - started;
				return { ms, cpu: meter.stop() };
			});
		} finally {
			await context.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}

	/** Loopback figures of the last rep: sync and curl, ms. */
	let loop = { sync: NaN, curl: NaN };

	return {
		id: 'P5',
		title: `sync a ${ctx.slices}-slice CT (512², 16-bit) from Orthanc through the gateway into the vault over a 100 Mbit/s link (10 ms round trip), vs the page fetching the same multipart over the same link`,
		target: 1.1,
		async setup() {
			const files = [];
			for (let i = 0; i < ctx.slices; i++) files.push(ctx.generate.imageFile(study, 0, i));
			bytes = files.reduce((n, f) => n + f.length, 0);
			await ctx.seed.uploadToArchive(ctx.archive, files);
			link = await startLink({ target: ctx.app.url, ...LINK });
			const seconds = (bytes * 8) / LINK.bitsPerSecond;
			console.log(
				`  ${ctx.slices} instances, ${(bytes / 1e6).toFixed(1)} MB in the archive (${seconds.toFixed(1)} s at 100 Mbit/s)`
			);
		},
		async teardown() {
			await link?.close();
		},
		radfolio: (rep) => sync(`p5-${rep}`, { throttled: true }),
		async baseline(rep) {
			const dir = join(ctx.profiles, `p5-plain-${rep}`);
			rmSync(dir, { recursive: true, force: true });
			const context = await launch(dir);
			try {
				const page = context.pages()[0] ?? (await context.newPage());
				await page.goto(`${link.url}/`);
				// The token a connection gets, from the same gateway, for the same retrieve sync makes.
				const access = await page.evaluate(async (code) => {
					const response = await fetch('/api/gateway/enroll', {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({ code })
					});
					return response.json();
				}, newCode());
				const url = `${new URL(access.dicomWebUrl, link.url).href.replace(/\/+$/, '')}/studies/${study.studyUID}/series/${seriesUid}`;
				const meter = cpuMeter();
				const started = performance.now();
				const received = await page.evaluate(
					async ({ url, token }) => {
						const response = await fetch(url, {
							cache: 'no-store',
							headers: {
								Accept: 'multipart/related; type="application/dicom"',
								Authorization: `Bearer ${token}`
							}
						});
						const reader = response.body.getReader();
						let n = 0;
						for (;;) {
							const { done, value } = await reader.read();
							if (done) return n;
							n += value.byteLength;
						}
					},
					{ url, token: access.token }
				);
				const ms = performance.now() - started;
				const cpu = meter.stop();
				if (received < bytes)
					throw new Error(`the plain transfer got ${received} of ${bytes} bytes`);
				return { ms, cpu };
			} finally {
				await context.close();
				rmSync(dir, { recursive: true, force: true });
			}
		},
		extra: [
			{
				id: 'P5l',
				title: `under P5: the same sync on loopback (no throttle), ms`,
				async measure(rep) {
					loop = { sync: (await sync(`p5-loop-${rep}`, { throttled: false })).ms, curl: NaN };
					const out = join(ctx.tmp, 'p5-curl.bin');
					const started = performance.now();
					const result = spawnSync('curl', [
						'-sS',
						'-o',
						out,
						'-H',
						`Authorization: ${ctx.archive.authorization}`,
						'-H',
						'Accept: multipart/related; type="application/dicom"',
						`${ctx.archive.dicomWebUrl}/studies/${study.studyUID}`
					]);
					loop.curl = performance.now() - started;
					rmSync(out, { force: true });
					if (result.status !== 0) throw new Error(`curl failed: ${result.stderr}`);
					return loop.sync;
				}
			},
			{
				id: 'P5lr',
				title: `under P5: loopback ratio, that sync ÷ curl of the study from Orthanc's WADO-RS to disk (today's P5 before it was restated; was ≤ 1.5x)`,
				unit: 'x',
				measure: async () => loop.sync / loop.curl
			}
		]
	};
}
