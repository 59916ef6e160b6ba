import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.js';

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The e2e tests that hold a study of the 1 GiB class (issue 18). */
const LARGE = ['**/viewer-window.e2e.ts', '**/share-spool.e2e.ts'];

/**
 * End-to-end tests drive the built app (scripts/start.js, the same server `npm start` runs) in Debian's Chromium.
 * `npm test` builds first; run `npm run build` before `npm run test:e2e` on its own.
 */
export default defineConfig({
	testMatch: '**/*.e2e.ts',
	// The end-to-end tests, and the adversarial suite (tests/security, docs/SECURITY.md): attacks on the same built
	// server and app. `npm test` runs both, the attacks at SECURITY_SCALE=1; `npm run test:security` runs the
	// attacks alone, larger.
	//
	// The two tests of the 1 GiB class take minutes each: they are a project of their own, listed first, so that the
	// workers start with them and the short tests fill in around them, instead of one worker finishing alone on a
	// large test after every other test is done.
	projects: [
		{ name: 'e2e-large', testDir: 'tests/e2e', testMatch: LARGE },
		{ name: 'e2e', testDir: 'tests/e2e', testIgnore: LARGE },
		{ name: 'security', testDir: 'tests/security' }
	],
	globalSetup: './tests/e2e/global-setup.ts',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
		trace: 'off',
		screenshot: 'only-on-failure'
	},
	webServer: {
		command: 'node scripts/start.js',
		// The relay's data (share ciphertext) where tests can inspect and tamper with it.
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			RADFOLIO_DATA_DIR: 'tests/.generated/server-data'
		},
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: false,
		timeout: 60_000
	}
});
