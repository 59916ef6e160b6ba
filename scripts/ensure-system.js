// Installs the Debian packages the tests need when they are missing: Chromium for the browser tests. As root it
// runs apt-get; otherwise it says exactly what to install. Never downloads a browser of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @type {{ binary: string, packages: string[], why: string }[]} */
const NEEDS = [
	{
		binary: CHROMIUM,
		packages: ['chromium'],
		why: 'browser tests (Playwright, Vitest browser mode)'
	}
];

const missing = NEEDS.filter((n) => !existsSync(n.binary));
if (!missing.length) process.exit(0);

const packages = [...new Set(missing.flatMap((m) => m.packages))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('which', ['apt-get']).status === 0;
if (!isRoot || !hasApt) {
	console.error(
		`Missing system packages for ${missing.map((m) => m.why).join('; ')}: ${packages.join(' ')}.\n` +
			(hasApt
				? `Install them with: sudo apt-get install -y ${packages.join(' ')}`
				: `Install Debian's ${packages.join(', ')} (or set CHROMIUM_PATH to a Chromium binary).`)
	);
	process.exit(1);
}
console.log(`Installing ${packages.join(' ')} with apt-get…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
	stdio: 'inherit',
	env
});
for (const m of missing) {
	if (!existsSync(m.binary)) {
		console.error(`${m.binary} is still missing after installing ${m.packages.join(' ')}`);
		process.exit(1);
	}
}
