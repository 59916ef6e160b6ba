// `npm test`: everything CI checks, in order, each step run even when an earlier one failed (so one run shows
// every problem), then one closing line with the test counts. Exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Not under test-results/: Playwright empties that folder when it starts.
const reports = join(tmpdir(), `radfolio-test-counts-${process.pid}`);
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');
const enginesJson = join(reports, 'engines.json');

const steps = [
	{ name: 'system packages', cmd: ['node', 'scripts/ensure-system.js'], required: true },
	{ name: 'dwv decoder workers', cmd: ['node', 'scripts/copy-dwv-workers.js'] },
	{ name: 'DICOM dictionary', cmd: ['node', 'scripts/dicom-dictionary.js'], required: true },
	{ name: 'type check (svelte-check)', cmd: ['npm', 'run', '--silent', 'check'] },
	{ name: 'lint (prettier + eslint)', cmd: ['npm', 'run', '--silent', 'lint'] },
	// Before the unit tests: the two-instance integration test runs the built server.
	{ name: 'build', cmd: ['npm', 'run', '--silent', 'build'], required: true },
	{
		name: 'unit tests (vitest: node + chromium)',
		cmd: [
			'npx',
			'vitest',
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${vitestJson}`
		]
	},
	{
		name: 'end-to-end tests (playwright, chromium)',
		cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
		env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }
	},
	{
		name: 'journeys in Firefox ESR and WebKitGTK (tests/engines)',
		cmd: [
			'npx',
			'playwright',
			'test',
			'-c',
			'tests/engines/playwright.config.ts',
			'--reporter=list,json'
		],
		env: { PLAYWRIGHT_JSON_OUTPUT_NAME: enginesJson }
	}
];

const failed = [];
for (const step of steps) {
	console.log(`\n━━ ${step.name} ━━`);
	const started = Date.now();
	const result = spawnSync(step.cmd[0], step.cmd.slice(1), {
		stdio: 'inherit',
		env: { ...process.env, ...step.env }
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (result.status !== 0) {
		failed.push(step.name);
		console.log(`✗ ${step.name} failed (${seconds} s)`);
		if (step.required) break;
	} else {
		console.log(`✓ ${step.name} (${seconds} s)`);
	}
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
	const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
	passed += v.numPassedTests ?? 0;
	failedTests += v.numFailedTests ?? 0;
	skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
for (const json of [playwrightJson, enginesJson]) {
	if (!existsSync(json)) continue;
	const p = JSON.parse(readFileSync(json, 'utf8'));
	passed += p.stats?.expected ?? 0;
	failedTests += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
	skipped += p.stats?.skipped ?? 0;
}
if (failed.length) console.log(`\nFailed steps: ${failed.join(', ')}`);
console.log(`\nTests: ${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed.length || failedTests ? 1 : 0);
