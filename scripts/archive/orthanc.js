// A throwaway Orthanc (Debian's orthanc + orthanc-dicomweb + orthanc-gdcm) for tests, CI and the demo: its own
// config, ports and storage folder, authentication on, reachable from this machine only. Orthanc has no bind
// address setting; RemoteAccessAllowed=false makes it refuse every client that is not on loopback.
//
// At scale (`databaseUrl`, or ORTHANC_DATABASE_URL): index and DICOM files in PostgreSQL instead of the folder, with
// Debian's orthanc-postgresql plugins, unlocked so that several Orthancs can serve one database (an archive behind a
// load balancer, as docs/DEPLOY.md describes).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BINARY = process.env.ORTHANC_BINARY ?? '/usr/sbin/Orthanc';
const PLUGINS = '/usr/share/orthanc/plugins';
export const ORTHANC_POSTGRES_PLUGINS = [
	join(PLUGINS, 'libOrthancPostgreSQLIndex.so'),
	join(PLUGINS, 'libOrthancPostgreSQLStorage.so')
];

/**
 * The PostgreSQL plugins' settings from a postgres:// URL: index and storage both in the database, no lock (several
 * Orthancs share it).
 * @param {string} databaseUrl
 */
function postgresSettings(databaseUrl) {
	const url = new URL(databaseUrl);
	return {
		EnableIndex: true,
		EnableStorage: true,
		Host: url.hostname,
		Port: Number(url.port || 5432),
		Database: decodeURIComponent(url.pathname.slice(1)),
		Username: decodeURIComponent(url.username),
		Password: decodeURIComponent(url.password),
		Lock: false
	};
}

/**
 * @param {{ dir?: string, httpPort?: number, dicomPort?: number, user?: string, password?: string,
 *   keep?: boolean, databaseUrl?: string }} [options]
 */
export async function startOrthanc(options = {}) {
	const databaseUrl = options.databaseUrl ?? process.env.ORTHANC_DATABASE_URL;
	if (databaseUrl && !ORTHANC_POSTGRES_PLUGINS.every((p) => existsSync(p)))
		throw new Error(
			'Orthanc on PostgreSQL needs Debian’s orthanc-postgresql: apt-get install -y orthanc-postgresql (npm test does it as root)'
		);
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'radfolio-orthanc-'));
	const httpPort = options.httpPort ?? 18042;
	const dicomPort = options.dicomPort ?? 14242;
	const user = options.user ?? 'radfolio';
	const password = options.password ?? 'archive-secret';
	const configDir = join(dir, 'config');
	mkdirSync(configDir, { recursive: true });
	const config = {
		Name: 'RadfolioArchive',
		StorageDirectory: join(dir, 'storage'),
		IndexDirectory: join(dir, 'index'),
		HttpPort: httpPort,
		DicomPort: dicomPort,
		RemoteAccessAllowed: false,
		AuthenticationEnabled: true,
		RegisteredUsers: { [user]: password },
		OrthancExplorerEnabled: false,
		StableAge: 1,
		Plugins: [
			join(PLUGINS, 'libOrthancDicomWeb.so'),
			join(PLUGINS, 'libOrthancGdcm.so'),
			...(databaseUrl ? ORTHANC_POSTGRES_PLUGINS : [])
		].filter((p) => existsSync(p)),
		...(databaseUrl ? { PostgreSQL: postgresSettings(databaseUrl) } : {}),
		// WADO-URI (/wado) finds any object by UID alone: the gateway never needs it, so it is off.
		DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false }
	};
	writeFileSync(join(configDir, 'orthanc.json'), JSON.stringify(config, null, 1));
	const child = spawn(ORTHANC_BINARY, [configDir], { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
	const url = `http://127.0.0.1:${httpPort}`;
	const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}): ${stderr}`);
		try {
			const response = await fetch(`${url}/system`, { headers: { Authorization: auth } });
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`Orthanc did not answer within 30 s: ${stderr}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	return {
		url,
		dicomWebUrl: `${url}/dicom-web`,
		user,
		password,
		authorization: auth,
		dir,
		pid: child.pid,
		/** Stops Orthanc (TERM, then KILL after 10 s) and removes its folder unless asked to keep it. */
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(timer);
			}
			if (!options.keep && !options.dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}
