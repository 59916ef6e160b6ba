// OHIF Viewer, the best-known open web DICOM viewer, as the P9 bench's peer: its published npm package ships a
// built dist/. It is fetched by the bench on demand into a cache outside the repository with npm's own client
// (`npm pack`: the package alone — its dependencies are already bundled into dist/) and never becomes a
// dependency of the app.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const OHIF_VERSION = '3.13.2';

/** Where the package is unpacked: $RADFOLIO_BENCH_CACHE or ~/.cache/radfolio-bench. */
export function ohifDir() {
	const cache = process.env.RADFOLIO_BENCH_CACHE ?? join(homedir(), '.cache', 'radfolio-bench');
	return join(cache, `ohif-app-${OHIF_VERSION}`);
}

/** Resolves to OHIF's built dist/ directory, fetching and unpacking the package first if it is not cached. */
export function ensureOhif() {
	const dir = ohifDir();
	const dist = join(dir, 'package', 'dist');
	if (existsSync(join(dist, 'index.html'))) return dist;
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	console.log(`  fetching @ohif/app@${OHIF_VERSION} into ${dir}`);
	const pack = spawnSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--silent'], {
		cwd: dir,
		encoding: 'utf8'
	});
	if (pack.status !== 0) throw new Error(`npm pack @ohif/app failed: ${pack.stderr}`);
	const tarball = pack.stdout.trim().split('\n').at(-1);
	const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr}`);
	rmSync(join(dir, tarball), { force: true });
	if (!existsSync(join(dist, 'index.html'))) throw new Error(`no dist/index.html in ${tarball}`);
	return dist;
}
