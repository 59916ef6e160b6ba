// P1: import a CT series into the encrypted vault vs raw Dexie writing the same bytes in the same batches.
// P2: read that study back and decrypt it vs raw Dexie reading the same rows. Both in one page of Chromium with
// an on-disk profile, built from the real src/lib modules (bench/browser/).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/chromium.js';
import { metered } from '../cpu.js';
import { profiled } from '../profile.js';

/** @param {{ root: string, generate: any, profiles: string, startServer: Function, slices: number }} ctx */
export function p1p2Vault(ctx) {
	const buildDir = join(ctx.root, 'bench', '.profiles', 'p1-build');
	const profile = join(ctx.profiles, 'p1');
	const urls = [];
	let server;
	let context;
	let page;
	const call = (name) => page.evaluate((n) => window.bench[n](), name);
	const profiledCall = (id, name) =>
		profiled(id, page, ctx.profiles, () => metered(() => call(name)));
	const setup = async () => {
		rmSync(buildDir, { recursive: true, force: true });
		cpSync(join(ctx.root, 'build'), buildDir, { recursive: true });
		const study = ctx.generate.syntheticStudy(901, {
			description: `Bench CT ${ctx.slices}`,
			series: [
				{
					uid: '1.2.826.0.1.3680043.10.1337.901.1',
					description: 'Axial',
					count: ctx.slices,
					rows: 512,
					columns: 512
				}
			]
		});
		const dir = join(buildDir, 'client', 'bench-ct');
		mkdirSync(dir, { recursive: true });
		for (let i = 0; i < ctx.slices; i++) {
			writeFileSync(join(dir, `IM${i}.dcm`), ctx.generate.imageFile(study, 0, i));
			urls.push(`/bench-ct/IM${i}.dcm`);
		}
		await build({
			configFile: false,
			logLevel: 'warn',
			root: join(ctx.root, 'bench', 'browser'),
			base: '/bench-vault/',
			resolve: { alias: { $lib: resolve(ctx.root, 'src/lib') } },
			worker: { format: 'es' },
			build: {
				outDir: join(buildDir, 'client', 'bench-vault'),
				emptyOutDir: true,
				chunkSizeWarningLimit: 4000,
				// Readable names in CPU profiles (BENCH_PROFILE); minifying does not change what the measured code does.
				minify: false
			}
		});
		server = await ctx.startServer({}, buildDir);
		rmSync(profile, { recursive: true, force: true });
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		});
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${server.url}/bench-vault/index.html`);
		await page.waitForFunction(() => 'bench' in window);
		const bytes = await page.evaluate((u) => window.bench.load(u), urls);
		console.log(`  ${ctx.slices} files, ${(bytes / 1e6).toFixed(1)} MB loaded into the page`);
	};
	const teardown = async () => {
		await context?.close();
		await server?.stop();
		rmSync(profile, { recursive: true, force: true });
		rmSync(buildDir, { recursive: true, force: true });
	};
	// P2 reads what P1's last round wrote; each write drops its own side's databases first.
	return [
		{
			id: 'P1',
			title: `import a ${ctx.slices}-slice CT (512², 16-bit) into the encrypted vault`,
			target: 1.3,
			setup,
			async radfolio() {
				await call('prepareRadfolioWrite');
				return profiledCall('P1', 'radfolioWrite');
			},
			async baseline() {
				await call('prepareRawWrite');
				return metered(() => call('rawWrite'));
			},
			bound: {
				title: 'sealing alone (AES-256-GCM chunk records v2, same records, no IndexedDB)',
				measure: () => call('cryptoSealOnly')
			},
			extra: [
				{
					id: 'P4f',
					title:
						'floor under P4: decrypting and verifying a 50-slice share alone (26 MB, from memory, on the page’s thread, as the recipient must before showing anything)',
					measure: () => call('shareOpenAlone')
				}
			]
		},
		{
			id: 'P2',
			title: `read back and decrypt that ${ctx.slices}-slice CT`,
			// Issue 18: ≤ 2.0x raw IndexedDB (P2s and P2p below say what stands under it).
			target: 2.0,
			teardown,
			async radfolio() {
				return profiledCall('P2', 'radfolioRead');
			},
			async baseline() {
				return metered(() => call('rawRead'));
			},
			bound: {
				title:
					'opening alone (AES-256-GCM chunk records v2, same records and reads ahead, no IndexedDB)',
				measure: () => call('cryptoOpenOnly')
			},
			extra: [
				{
					id: 'P2s',
					title: `storage floor under P2: IndexedDB reading the vault's sealed chunks of that ${ctx.slices}-slice CT as stored (incompressible, unlike the baseline's plaintext), same reads ahead, nothing opened`,
					measure: () => call('sealedRead')
				},
				{
					id: 'P2p',
					title: `physical floor under P2: those reads, each record opened by AES-256-GCM (WebCrypto) and nothing else`,
					measure: () => call('sealedReadOpen')
				},
				{
					id: 'P3f',
					title: `floor under P3: the vault reads a first image needs (${ctx.slices}-slice CT, fresh unlock: list series, list and open every instance record, read + decrypt the middle file)`,
					measure: () => call('firstImageReads')
				},
				{
					id: 'P3r',
					title: `raw floor under P3: IndexedDB alone, no crypto (${ctx.slices}-slice CT as raw Dexie rows, connection open: list the instance rows, read the middle file)`,
					measure: () => call('rawFirstRead')
				}
			]
		}
	];
}
