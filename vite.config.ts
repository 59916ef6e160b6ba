import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.js';

export default defineConfig({
	plugins: [sveltekit()],
	build: { chunkSizeWarningLimit: 1200 },
	// The WASM codecs are imported dynamically (decoders.ts), so Vite discovers them only when a test first decodes
	// one, re-optimizes and reloads mid-run: imports in flight then fail ("Failed to fetch dynamically imported
	// module") on a fresh clone. Named here, they are pre-bundled at start.
	optimizeDeps: {
		include: [
			'@cornerstonejs/codec-charls/decodewasmjs',
			'@cornerstonejs/codec-openjpeg/decodewasmjs',
			'@cornerstonejs/codec-openjph/wasmjs',
			'@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'
		]
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'node',
					environment: 'node',
					// Vitest's default is one worker fewer than the cores: one on a 2-core machine, where the node files
					// then run one after another, about half their time spent starting and importing. Two at a time,
					// after the browser files (groupOrder), which time their work and so get the cores to themselves.
					// The default 5 s per test is raised for the same reason: two files share the cores.
					maxWorkers: Math.max(2, availableParallelism() - 1),
					sequence: { groupOrder: 1 },
					testTimeout: 15_000,
					include: [
						'src/**/*.test.ts',
						'scripts/**/*.test.ts',
						'tests/integration/**/*.test.ts',
						'tests/reliability/**/*.test.ts'
					],
					exclude: ['src/**/*.browser.test.ts', 'src/**/*.svelte.test.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'browser',
					sequence: { groupOrder: 0 },
					include: ['src/**/*.browser.test.ts', 'src/**/*.svelte.test.ts'],
					globalSetup: [
						'./tests/fixtures/fidelity-setup.ts',
						'./tests/fixtures/odd-native-setup.ts'
					],
					testTimeout: 60_000,
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({
							launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }
						}),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
