// `npm run test:security`: the adversarial suite at full size (docs/SECURITY.md), then one line of counts.
// `npm test` runs the same attacks once each (SECURITY_SCALE=1).
//
//   npm run test:security                  scale 10: more probes per attack, bigger parallel bursts
//   npm run test:security -- --scale 50
//
// Node attacks: the pairing code and its grind, the relay's API (opens, parts, quotas, mailboxes), the gateway
// against a real Orthanc (cross-patient, an archive that ignores the hierarchy), enrollment codes, client
// addresses, de-identification, the vault's row binding, the KDF caps. Then the real server (scripts/start.js over
// the build) and the real app in Chromium (tests/security).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { scale: { type: 'string' } } });
const scale = String(Math.max(1, Number(args.scale ?? 10)));
const env = { ...process.env, SECURITY_SCALE: scale };

const NODE_ATTACKS = [
	'src/lib/crypto',
	'src/lib/server',
	'src/lib/dicom/deidentify.test.ts',
	'src/lib/vault',
	'tests/integration/transfer.test.ts',
	'tests/integration/share.test.ts',
	'tests/integration/gateway.test.ts'
];

const run = (name, cmd) => {
	console.log(`\n━━ ${name} ━━`);
	return spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env }).status === 0;
};

let ok = run('system packages', ['node', 'scripts/ensure-system.js']);
ok = run('build', ['npm', 'run', '--silent', 'build']) && ok;
ok =
	run('attacks in Node (vitest)', ['npx', 'vitest', 'run', '--project', 'node', ...NODE_ATTACKS]) &&
	ok;
ok =
	run(`attacks on the real server and app (playwright, scale ${scale})`, [
		'npx',
		'playwright',
		'test',
		'--project',
		'security'
	]) && ok;
console.log(
	ok
		? '\nSecurity suite: every attack failed.'
		: '\nSecurity suite: an attack succeeded or a check broke (see above).'
);
process.exit(ok ? 0 : 1);
