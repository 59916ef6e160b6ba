// `npm run test:reliability`: the reliability suite at full size (README: Reliability), then one table —
// check, cases tried, passed, data lost. `npm test` runs the same checks small (RELIABILITY_SCALE=1).
//
//   npm run test:reliability                 scale 5 (≈ 800 hostile files, 1,500 hostile requests)
//   npm run test:reliability -- --scale 20   bigger corpora
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { scale: { type: 'string' } } });
const scale = String(Math.max(1, Number(args.scale ?? 5)));
const out = join(tmpdir(), `radfolio-reliability-${process.pid}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const env = { ...process.env, RELIABILITY_SCALE: scale, RELIABILITY_REPORT: out };

const run = (name, cmd, extraEnv = {}) => {
	console.log(`\n━━ ${name} ━━`);
	const r = spawnSync(cmd[0], cmd.slice(1), {
		cwd: root,
		stdio: 'inherit',
		env: { ...env, ...extraEnv }
	});
	return r.status === 0;
};

let ok = run('system packages', ['node', 'scripts/ensure-system.js']);
ok = run('build', ['npm', 'run', '--silent', 'build']) && ok;
// R7's security regression tests run here too: the cross-patient suite and the zero-knowledge scan (Node), and the
// header checks against the real server (Playwright).
const R7_NODE = ['tests/integration/gateway.test.ts', 'tests/integration/share.test.ts'];
const R7_E2E = ['tests/e2e/a11y-security.e2e.ts'];
ok =
	run('R1 hostile import input, R3 sync faults, R7 cross-patient and zero-knowledge (vitest)', [
		'npx',
		'vitest',
		'run',
		'--project',
		'node',
		'tests/reliability',
		// R3's sync faults, the archive shut down mid-sync among them.
		'tests/integration/sync.test.ts',
		...R7_NODE,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${join(out, 'vitest.json')}`
	]) && ok;
// On its own: it measures the servers' memory and throughput, so nothing else should compete.
ok =
	run(
		'R5 at N=2: two instances on PostgreSQL + S3 behind round robin, beside one on SQLite + disk (vitest)',
		['npx', 'vitest', 'run', '--project', 'node', 'tests/integration/load-scale.test.ts']
	) && ok;
ok =
	run(
		'R2 hostile requests, R3 tab closed / server killed / network cut, R4 disk full, R5 load, R6 restart, R7 headers (playwright)',
		[
			'npx',
			'playwright',
			'test',
			'tests/e2e/wire-fuzz.e2e.ts',
			'tests/e2e/load.e2e.ts',
			'tests/e2e/relay-restart.e2e.ts',
			'tests/e2e/storage.e2e.ts',
			'tests/e2e/tab-closed.e2e.ts',
			'tests/e2e/sync.e2e.ts',
			'tests/e2e/share-server-killed.e2e.ts',
			'tests/e2e/share.e2e.ts',
			...R7_E2E,
			// One at a time: the load check measures the server's memory, and nothing else should compete.
			'--workers=1',
			'--reporter=list,json'
		],
		{ PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'playwright.json') }
	) && ok;

/** Counts of the tests of some files from a Vitest or Playwright JSON report. */
function countTests(file, paths) {
	if (!existsSync(file)) return { cases: 0, passed: 0 };
	const report = JSON.parse(readFileSync(file, 'utf8'));
	let cases = 0;
	let passed = 0;
	if (report.testResults) {
		for (const suite of report.testResults) {
			if (!paths.some((p) => suite.name.endsWith(p))) continue;
			for (const t of suite.assertionResults) {
				if (t.status === 'skipped' || t.status === 'pending') continue;
				cases++;
				if (t.status === 'passed') passed++;
			}
		}
	} else {
		const walk = (suite) => {
			for (const spec of suite.specs ?? []) {
				if (!paths.some((p) => spec.file && p.endsWith(spec.file))) continue;
				for (const t of spec.tests) {
					if (t.status === 'skipped') continue;
					cases++;
					if (t.status === 'expected') passed++;
				}
			}
			for (const child of suite.suites ?? []) walk(child);
		};
		for (const suite of report.suites ?? []) walk(suite);
	}
	return { cases, passed };
}

const rows = readdirSync(out)
	.filter((f) => /^R\d.*\.json$/.test(f))
	.map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')))
	.sort((a, b) => a.id.localeCompare(b.id));
const node = countTests(join(out, 'vitest.json'), R7_NODE);
const e2e = countTests(
	join(out, 'playwright.json'),
	R7_E2E.map((p) => p.replace('tests/e2e/', ''))
);
rows.push({
	id: 'R7',
	check:
		'R7 security regression: cross-patient suite, zero-knowledge scan, CSP/headers/no third-party requests',
	cases: node.cases + e2e.cases,
	passed: node.passed + e2e.passed,
	lost: 0
});

console.log(`\nReliability (scale ${scale})\n`);
console.log('| check | cases tried | passed | data lost | notes |');
console.log('|---|---|---|---|---|');
for (const r of rows)
	console.log(`| ${r.check} | ${r.cases} | ${r.passed} | ${r.lost} | ${r.notes ?? ''} |`);
const allPassed = ok && rows.every((r) => r.passed === r.cases && r.lost === 0);
console.log(allPassed ? '\nAll reliability checks passed.' : '\nSome reliability checks FAILED.');
rmSync(out, { recursive: true, force: true });
process.exit(allPassed ? 0 : 1);
