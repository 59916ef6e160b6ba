// P5: sync a CT series from Orthanc through the gateway into the encrypted vault (in Chromium, on-disk profile),
// against curl of the same study from Orthanc's WADO-RS to disk, in the same run.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { cpuMeter } from '../cpu.js';
import { profiled } from '../profile.js';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';

const PATIENT = { id: 'RFBENCH-P5', name: 'BENCH^SYNC' };

/** @param {{ archive: any, app: { url: string, dataDir: string }, generate: any, seed: any, slices: number, profiles: string, tmp: string }} ctx */
export function p5Sync(ctx) {
	const study = ctx.generate.syntheticStudy(905, {
		patientID: PATIENT.id,
		patientName: PATIENT.name,
		description: `Bench CT ${ctx.slices} slices`,
		series: [
			{
				uid: `${ctx.generate.ROOT ?? '1.2.826.0.1.3680043.10.1337'}.905.1`,
				description: 'Axial',
				count: ctx.slices,
				rows: 512,
				columns: 512
			}
		]
	});
	let bytes = 0;
	return {
		id: 'P5',
		title: `sync a ${ctx.slices}-slice CT (512², 16-bit) from Orthanc through the gateway into the vault`,
		target: 1.5,
		async setup() {
			const files = [];
			for (let i = 0; i < ctx.slices; i++) files.push(ctx.generate.imageFile(study, 0, i));
			bytes = files.reduce((n, f) => n + f.length, 0);
			await ctx.seed.uploadToArchive(ctx.archive, files);
			console.log(`  ${ctx.slices} instances, ${(bytes / 1e6).toFixed(1)} MB in the archive`);
		},
		async radfolio(rep) {
			const store = new EnrollmentStore(ctx.app.dataDir);
			const { code } = store.createCode(PATIENT.id);
			store.close();
			const dir = join(ctx.profiles, `p5-${rep}`);
			rmSync(dir, { recursive: true, force: true });
			const context = await chromium.launchPersistentContext(dir, {
				executablePath: CHROMIUM_PATH,
				args: CHROMIUM_ARGS
			});
			try {
				const page = await context.newPage();
				await page.goto(`${ctx.app.url}/providers#code=${code}`);
				await page.getByLabel('Passphrase', { exact: true }).fill('bench passphrase p5');
				await page.getByLabel('Confirm passphrase').fill('bench passphrase p5');
				await page.getByRole('button', { name: 'Create vault' }).click();
				const connect = page.getByRole('button', { name: 'Connect' });
				await connect.waitFor({ timeout: 60_000 });
				return await profiled('P5', page, ctx.profiles, async () => {
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
		},
		async baseline() {
			const out = join(ctx.tmp, 'p5-curl.bin');
			const meter = cpuMeter();
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
			const elapsed = performance.now() - started;
			const cpu = meter.stop();
			if (result.status !== 0) throw new Error(`curl failed: ${result.stderr}`);
			rmSync(out, { force: true });
			return { ms: elapsed, cpu };
		}
	};
}
