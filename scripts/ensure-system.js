// Installs the Debian packages the tests, the demo and the benchmarks need when they are missing: Chromium for the
// browser tests, Orthanc with its DICOMweb and GDCM plugins as the provider archive, dcmtk and GDCM's tools for
// reference renderings and reports, python3-pydicom for its test files (odd and broken DICOM the import and
// fidelity tests walk), PostgreSQL for the server's stores at scale, Ceph's RADOS Gateway for its blob store at
// scale, Orthanc's PostgreSQL plugins for the archive at scale, Firefox ESR and WebKitGTK (with Xvfb) for the
// journeys in the other engines. As root it runs apt-get; otherwise it says exactly what to install. Never
// downloads a browser of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @type {{ binary: string, packages: string[], why: string }[]} */
const NEEDS = [
	{
		binary: CHROMIUM,
		packages: ['chromium'],
		why: 'browser tests (Playwright, Vitest browser mode)'
	},
	{ binary: '/usr/sbin/Orthanc', packages: ['orthanc'], why: 'the provider archive' },
	{
		binary: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
		packages: ['orthanc-dicomweb'],
		why: 'the archive’s DICOMweb'
	},
	{
		binary: '/usr/share/orthanc/plugins/libOrthancGdcm.so',
		packages: ['orthanc-gdcm'],
		why: 'the archive’s codecs'
	},
	{ binary: '/usr/bin/pdf2dcm', packages: ['dcmtk'], why: 'PDF reports and reference renderings' },
	{ binary: '/usr/bin/gdcmconv', packages: ['libgdcm-tools'], why: 'reference renderings' },
	{
		binary: '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm',
		packages: ['python3-pydicom'],
		why: 'pydicom’s test files, a corpus of odd and broken DICOM for the import and fidelity tests'
	},
	{
		binary: '/usr/lib/postgresql/15/bin/initdb',
		packages: ['postgresql'],
		why: 'the PostgreSQL stores (scripts/postgres.js starts a throwaway cluster)'
	},
	{
		binary: '/usr/bin/radosgw',
		packages: ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph-common'],
		why: 'the S3 blob store (scripts/s3.js starts a throwaway Ceph RADOS Gateway)'
	},
	{
		binary: '/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so',
		packages: ['orthanc-postgresql'],
		why: 'the archive on PostgreSQL (scripts/archive/orthanc.js with a database)'
	},
	{
		binary: '/usr/bin/firefox-esr',
		packages: ['firefox-esr'],
		why: 'the journeys in Firefox (tests/engines, over WebDriver BiDi)'
	},
	{
		binary: '/usr/bin/WebKitWebDriver',
		packages: ['webkit2gtk-driver'],
		why: 'the journeys in WebKit, Safari’s engine (tests/engines: WebKitWebDriver and MiniBrowser)'
	},
	{ binary: '/usr/bin/Xvfb', packages: ['xvfb'], why: 'a display for WebKit’s MiniBrowser' }
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
// RUNLEVEL=1 keeps the orthanc, postgresql and ceph packages from starting system services of their own (the
// project runs its own).
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
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
