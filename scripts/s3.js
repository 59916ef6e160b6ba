// A throwaway S3-compatible object store for tests, CI, the benchmarks and trying RADFOLIO_BLOB_STORE: Ceph's RADOS
// Gateway (Debian's ceph-mon, ceph-osd, radosgw) on a single-node cluster of its own — one monitor, one OSD whose
// objects live in its RAM (memstore), one gateway on 127.0.0.1 — with every path (data, keys, sockets, pid files,
// logs) in one temporary folder. Stopped by the pid files the daemons write, never by process name.
//
//   node scripts/s3.js start [bucket]   → prints { endpoint, accessKeyId, secretAccessKey, region, dir, startMs }
//                                         (and makes that bucket)
//   node scripts/s3.js stop <dir>       → stops that cluster and deletes its folder
//
// The settings that make it start in ~1-2 s instead of ~12 s, and answer small requests without 40 ms stalls, are
// short paxos intervals and tcp_nodelay (measured on the reference machine); nothing here is durable.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BINARIES = [
	'ceph-mon',
	'ceph-osd',
	'radosgw',
	'radosgw-admin',
	'ceph-authtool',
	'monmaptool'
];
const BIN = process.env.CEPH_BIN ?? '/usr/bin';
/** The daemons (each writes its pid file under run/). */
const DAEMONS = ['client.rgw.a', 'osd.0', 'mon.a'];

/** Whether this machine has Ceph's binaries (scripts/ensure-system.js installs them). */
export const s3Installed = () => BINARIES.every((b) => existsSync(join(BIN, b)));

/**
 * Ports free on 127.0.0.1 right now (all held at once, so they differ).
 * @param {number} count
 */
async function freePorts(count) {
	const servers = await Promise.all(
		Array.from({ length: count }, async () => {
			const server = createServer();
			await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
			return server;
		})
	);
	const ports = servers.map(
		(s) => /** @type {import('node:net').AddressInfo} */ (s.address()).port
	);
	await Promise.all(
		servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined))))
	);
	return ports;
}

/**
 * @param {string} binary
 * @param {string[]} args
 */
function run(binary, args) {
	const result = spawnSync(join(BIN, binary), args, { encoding: 'utf8', timeout: 60_000 });
	if (result.status !== 0)
		throw new Error(
			`${binary} ${args.slice(0, 4).join(' ')} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || result.error?.message || '').slice(-2000)}`
		);
	return result.stdout;
}

/**
 * Makes and starts the cluster and its gateway, with one S3 user. `endpoint` takes path-style requests.
 * @param {{ memoryBytes?: number }} [options] how much the OSD may hold (in RAM; 8 GiB by default)
 */
export async function startS3(options = {}) {
	if (!s3Installed())
		throw new Error(
			`Ceph is not installed (no ${BIN}/radosgw): apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common (npm test does it as root)`
		);
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'radfolio-s3-'));
	try {
		const [monPort, monV1Port, rgwPort] = await freePorts(3);
		const mon = monAddress(/** @type {number} */ (monPort), /** @type {number} */ (monV1Port));
		const conf = writeConfig(dir, {
			mon,
			rgwPort: /** @type {number} */ (rgwPort),
			memoryBytes: options.memoryBytes ?? 8 * 1024 ** 3
		});
		const c = ['-c', conf];
		const keyring = join(dir, 'keyring');
		run(
			'ceph-authtool',
			['--create-keyring', keyring, '--gen-key', '-n', 'mon.'].concat(['--cap', 'mon', 'allow *'])
		);
		run(
			'ceph-authtool',
			[keyring, '--gen-key', '-n', 'client.admin'].concat([
				'--cap',
				'mon',
				'allow *',
				'--cap',
				'osd',
				'allow *',
				'--cap',
				'mgr',
				'allow *'
			])
		);
		// The gateway's key too, in the keyring the monitor starts from: one call to the cluster less (~1 s).
		run(
			'ceph-authtool',
			[keyring, '--gen-key', '-n', 'client.rgw.a'].concat(
				['--cap', 'mon', 'allow rw'],
				['--cap', 'osd', 'allow rwx']
			)
		);
		const fsid = readFileSync(conf, 'utf8').match(/fsid = (\S+)/)?.[1] ?? '';
		const monmap = join(dir, 'monmap');
		run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', mon, monmap]);
		run('ceph-mon', [...c, '--mkfs', '-i', 'a', '--monmap', monmap, '--keyring', keyring]);
		run('ceph-mon', [...c, '-i', 'a']);

		// The OSD: registered with the monitor under a key of its own, then made and started.
		const osdUuid = randomUUID();
		const osdKey = run('ceph-authtool', ['--gen-print-key']).trim();
		const secret = join(dir, 'osd-secret.json');
		writeFileSync(secret, JSON.stringify({ cephx_secret: osdKey }), { mode: 0o600 });
		run('ceph', [...c, 'osd', 'new', osdUuid, '0', '-i', secret]);
		mkdirSync(join(dir, 'osd.0'));
		run('ceph-osd', [...c, '-i', '0', '--mkfs', '--key', osdKey, '--osd-uuid', osdUuid]);
		const osdKeyring = join(dir, 'osd.0', 'keyring');
		run('ceph-authtool', ['--create-keyring', osdKeyring, '--name', 'osd.0', '--add-key', osdKey]);
		run('ceph-osd', [...c, '-i', '0']);

		// The gateway (its key is in the keyring the monitor started from).
		run('radosgw', [...c, '-n', 'client.rgw.a']);

		const accessKeyId = `RF${randomBytes(9).toString('hex').toUpperCase()}`;
		const secretAccessKey = randomBytes(30).toString('base64url');
		run(
			'radosgw-admin',
			[...c, 'user', 'create', '--uid', 'radfolio', '--display-name', 'Radfolio'].concat([
				'--access-key',
				accessKeyId,
				'--secret',
				secretAccessKey
			])
		);
		const endpoint = `http://127.0.0.1:${rgwPort}`;
		await answering(endpoint, dir);
		return {
			endpoint,
			accessKeyId,
			secretAccessKey,
			region: 'us-east-1',
			dir,
			/** From nothing to a gateway answering S3 requests, in ms. */
			startMs: Date.now() - started,
			stop: () => stopS3(dir)
		};
	} catch (error) {
		const logs = ['mon.a', 'osd.0', 'client.rgw.a']
			.map((name) => join(dir, 'log', `${name}.log`))
			.filter((file) => existsSync(file))
			.map((file) => `${file}:\n${readFileSync(file, 'utf8').slice(-1500)}`)
			.join('\n');
		await stopS3(dir);
		throw new Error(`${/** @type {Error} */ (error).message}${logs ? `\n${logs}` : ''}`, {
			cause: error
		});
	}
}

/**
 * The monitor's address: msgr2 on one port, the legacy protocol on another (each found free: not P and P+1).
 * @param {number} v2
 * @param {number} v1
 */
const monAddress = (v2, v1) => `[v2:127.0.0.1:${v2},v1:127.0.0.1:${v1}]`;

/**
 * @param {string} dir
 * @param {{ mon: string, rgwPort: number, memoryBytes: number }} settings
 */
function writeConfig(dir, { mon, rgwPort, memoryBytes }) {
	for (const sub of ['run', 'log']) mkdirSync(join(dir, sub));
	const file = join(dir, 'ceph.conf');
	const lines = [
		'[global]',
		`fsid = ${randomUUID()}`,
		`mon host = ${mon}`,
		'public addr = 127.0.0.1',
		'ms bind ipv6 = false',
		'auth cluster required = cephx',
		'auth service required = cephx',
		'auth client required = cephx',
		`keyring = ${join(dir, 'keyring')}`,
		`run dir = ${join(dir, 'run')}`,
		`admin socket = ${join(dir, 'run', '$name.asok')}`,
		`pid file = ${join(dir, 'run', '$name.pid')}`,
		`log file = ${join(dir, 'log', '$name.log')}`,
		'crash dir = ' + join(dir, 'crash'),
		// One node, one OSD: one copy of everything, placed on that OSD.
		'osd pool default size = 1',
		'osd pool default min size = 1',
		'mon allow pool size one = true',
		'osd crush chooseleaf type = 0',
		'osd pool default pg num = 8',
		'osd pool default pgp num = 8',
		'mon warn on pool no redundancy = false',
		'[mon]',
		`mon data = ${join(dir, '$name')}`,
		// Without these every map change waits ~1 s: start-up takes ~12 s and the first bucket and PUT ~2 s each.
		'paxos propose interval = 0.01',
		'paxos min wait = 0.01',
		'mon allow pool delete = true',
		'[osd]',
		`osd data = ${join(dir, '$name')}`,
		`keyring = ${join(dir, '$name', 'keyring')}`,
		'osd objectstore = memstore',
		`memstore device bytes = ${memoryBytes}`,
		'[client.rgw.a]',
		`rgw data = ${join(dir, 'rgw')}`,
		// Without tcp_nodelay each small GET waits ~40 ms for Nagle's algorithm.
		`rgw frontends = beast endpoint=127.0.0.1:${rgwPort} tcp_nodelay=1`,
		// Lifecycle threads make SIGTERM take 3-9 s; the relay's own sweeper ends abandoned uploads here.
		'rgw enable lc threads = false',
		// Deleted objects are freed from the OSD's RAM within a minute, not hours.
		'rgw gc obj min wait = 10',
		'rgw gc processor period = 30',
		'rgw enable usage log = false',
		''
	];
	writeFileSync(file, lines.join('\n'));
	return file;
}

/**
 * Waits until the gateway answers an S3 request (anonymous: 200 with an empty bucket list, or 403).
 * @param {string} endpoint
 * @param {string} dir
 */
async function answering(endpoint, dir) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			const response = await fetch(endpoint);
			await response.body?.cancel();
			if (response.status < 500) return;
		} catch {
			// not listening yet
		}
		if (!alive(readPid(dir, 'client.rgw.a') ?? 0)) throw new Error('radosgw exited');
		if (Date.now() > deadline) throw new Error('radosgw did not answer within 30 s');
		await new Promise((r) => setTimeout(r, 25));
	}
}

/**
 * @param {string} dir
 * @param {string} name
 */
function readPid(dir, name) {
	const file = join(dir, 'run', `${name}.pid`);
	if (!existsSync(file)) return null;
	const pid = Number(readFileSync(file, 'utf8').trim());
	return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** @param {number} pid */
function alive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops the daemons of the cluster in `dir` by their pid files and deletes the folder. All at once: nothing in it is
 * kept, and each daemon takes ~2 s to finish on TERM, so it is killed after 1 s.
 * @param {string} dir
 */
export async function stopS3(dir) {
	await Promise.all(
		DAEMONS.map(async (name) => {
			const pid = readPid(dir, name);
			if (!pid || !alive(pid)) return;
			process.kill(pid, 'SIGTERM');
			const deadline = Date.now() + 1_000;
			while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
			if (alive(pid)) process.kill(pid, 'SIGKILL');
		})
	);
	if (dir.startsWith(join(tmpdir(), 'radfolio-s3-'))) rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [command, dir] = process.argv.slice(2);
	if (command === 'start') {
		const s3 = await startS3();
		// `start <bucket>` also makes that bucket, for trying RADFOLIO_BLOB_STORE=s3://<bucket>/… at once.
		if (dir) {
			const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
			const client = new S3Client({
				endpoint: s3.endpoint,
				region: s3.region,
				forcePathStyle: true,
				credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
			});
			await client.send(new CreateBucketCommand({ Bucket: dir }));
			client.destroy();
		}
		const { stop: _stop, ...shown } = s3;
		console.log(JSON.stringify(shown));
	} else if (command === 'stop' && dir) {
		await stopS3(dir);
	} else {
		console.error('usage: node scripts/s3.js start [bucket] | stop <dir>');
		process.exit(2);
	}
}
