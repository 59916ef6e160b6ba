// `npm test`: everything CI checks, each step run even when an earlier one failed (so one run shows every problem),
// then a table of the steps' times and one closing line with the test counts. Exit code is non-zero if anything
// failed.
//
// The static checks (svelte-check, prettier, eslint) and the build are single-threaded for most of their run, so
// they go in two lanes at once (one per core of the 2-core machines this runs on): eslint, the longest, alone in
// one; the type check, prettier and the build one after another in the other. Their output is held and printed
// whole when each step ends, so two steps' lines never interleave. The tests run one stage at a time after that:
// each uses every core by itself.
import { spawn } from 'node:child_process';
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

/**
 * @typedef {{ name: string, cmd: string[], env?: Record<string, string>, required?: boolean }} Step
 * A stage is one step, run with the terminal, or lanes of steps: the lanes run at the same time, the steps of a
 * lane one after another.
 * @typedef {Step | { lanes: Step[][] }} Stage
 */

/** @type {Stage[]} */
const stages = [
	{ name: 'system packages', cmd: ['node', 'scripts/ensure-system.js'], required: true },
	{ name: 'dwv decoder workers', cmd: ['node', 'scripts/copy-dwv-workers.js'] },
	{ name: 'DICOM dictionary', cmd: ['node', 'scripts/dicom-dictionary.js'], required: true },
	// `svelte-kit sync` before the lanes: the type check and the build both regenerate .svelte-kit/, and eslint's
	// type information reads it; once in sync, the later runs find nothing to rewrite.
	{ name: 'SvelteKit sync', cmd: ['npx', 'svelte-kit', 'sync'], required: true },
	{
		lanes: [
			[{ name: 'lint: eslint', cmd: ['npx', 'eslint', '.', '--max-warnings', '0'] }],
			[
				{ name: 'type check (svelte-check)', cmd: ['npm', 'run', '--silent', 'check'] },
				{ name: 'lint: prettier', cmd: ['npx', 'prettier', '--check', '.'] },
				// Before the unit tests: the two-instance integration test runs the built server.
				{ name: 'build', cmd: ['npm', 'run', '--silent', 'build'], required: true }
			]
		]
	},
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

/** @type {string[]} */
const failed = [];
/** @type {{ name: string, seconds: number, ok: boolean }[]} */
const timings = [];

/**
 * Runs a step. With `buffered`, its stdout and stderr are collected (in the order they came) and printed whole,
 * under the step's name, when it ends; otherwise it writes to the terminal as it goes.
 * @param {Step} step
 * @param {boolean} buffered
 * @returns {Promise<boolean>} whether it passed
 */
function run(step, buffered) {
	if (!buffered) console.log(`\n━━ ${step.name} ━━`);
	const started = Date.now();
	/** @type {Buffer[]} */
	const output = [];
	return new Promise((resolve) => {
		const child = spawn(step.cmd[0], step.cmd.slice(1), {
			stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: { ...process.env, ...step.env }
		});
		if (buffered) {
			child.stdout?.on('data', (d) => output.push(d));
			child.stderr?.on('data', (d) => output.push(d));
		}
		let ended = false;
		// A command that cannot start fires both 'error' and 'close': it is counted once.
		const done = (/** @type {number | null} */ code, /** @type {Error | null} */ error) => {
			if (ended) return;
			ended = true;
			const seconds = (Date.now() - started) / 1000;
			const ok = code === 0;
			timings.push({ name: step.name, seconds, ok });
			if (buffered) {
				console.log(`\n━━ ${step.name} ━━`);
				process.stdout.write(Buffer.concat(output));
			}
			if (error) console.log(String(error));
			if (ok) console.log(`✓ ${step.name} (${seconds.toFixed(1)} s)`);
			else {
				failed.push(step.name);
				console.log(`✗ ${step.name} failed (${seconds.toFixed(1)} s)`);
			}
			resolve(ok);
		};
		child.on('error', (error) => done(null, error));
		child.on('close', (code) => done(code, null));
	});
}

/**
 * Runs a lane's steps in order; a required step that fails ends the lane.
 * @param {Step[]} lane
 * @returns {Promise<boolean>} false if a required step failed
 */
async function runLane(lane) {
	for (const step of lane) {
		if (!(await run(step, true)) && step.required) return false;
	}
	return true;
}

const began = Date.now();
for (const stage of stages) {
	if ('lanes' in stage) {
		const lanes = await Promise.all(stage.lanes.map(runLane));
		if (lanes.includes(false)) break;
	} else if (!(await run(stage, false)) && stage.required) {
		break;
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
console.log('\nStep times (the two lint lanes ran at the same time):');
for (const t of timings) {
	console.log(`  ${t.ok ? '✓' : '✗'} ${t.seconds.toFixed(1).padStart(6)} s  ${t.name}`);
}
console.log(`  = ${((Date.now() - began) / 1000).toFixed(1)} s in all`);
if (failed.length) console.log(`\nFailed steps: ${failed.join(', ')}`);
console.log(`\nTests: ${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed.length || failedTests ? 1 : 0);
