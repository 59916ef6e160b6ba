import { defineConfig } from '@playwright/test';

/**
 * The journeys in Firefox ESR and WebKitGTK (README: "Browsers tested"). Playwright is only the test runner here:
 * the engines are driven by puppeteer-core (WebDriver BiDi) and WebKitWebDriver, and no Playwright browser is used.
 * Each engine's tests start their own server and Orthanc (tests/e2e/gateway-stack.ts) from the current build.
 */
export default defineConfig({
	testDir: '.',
	testMatch: '*.engine.ts',
	// Under the project's ignored test-results/, beside the Chromium run's.
	outputDir: '../../test-results/engines',
	globalSetup: '../e2e/global-setup.ts',
	timeout: 180_000,
	expect: { timeout: 30_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']]
});
