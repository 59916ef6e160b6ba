// `npm run demo`: the whole provider story on this machine. Starts a throwaway Orthanc seeded with demo patients
// (studies across modalities, PDF and SR reports), a test EHR (scripts/ehr.js: SMART App Launch sign-in for the
// same patients), then Radfolio with its gateway pointed at that archive and accepting that EHR's tokens (SMART
// Imaging Access), and prints for each demo patient an enrollment code and link, and the EHR login. Ctrl-C stops
// everything and removes the demo data.
//
// Environment: PORT (3000), DEMO_ARCHIVE_PORT (18042), DEMO_ARCHIVE_DICOM_PORT (14242), DEMO_EHR_PORT (18090).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { runnerImport } from 'vite';
import { startOrthanc } from './archive/orthanc.js';
import { startEhr } from './ehr.js';
import { EnrollmentStore } from '../src/lib/server/gateway/enrollments.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const publicUrl = `http://127.0.0.1:${port}`;

const run = (cmd, args) => {
	const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
};
run('node', ['scripts/ensure-system.js']);
// Always build: a build left from an older checkout would lack routes the demo needs.
run('npm', ['run', 'build']);

const dataDir = mkdtempSync(join(tmpdir(), 'radfolio-demo-'));
const archive = await startOrthanc({
	dir: join(dataDir, 'orthanc'),
	httpPort: Number(process.env.DEMO_ARCHIVE_PORT ?? 18042),
	dicomPort: Number(process.env.DEMO_ARCHIVE_DICOM_PORT ?? 14242)
});
const { module: seed } = await runnerImport(join(root, 'tests/fixtures/archive-seed.ts'));
const stored = await seed.seedArchive(archive);
console.log(`Archive: Orthanc at ${archive.url} (${stored} demo instances; user ${archive.user})`);

const ehr = await startEhr({
	port: Number(process.env.DEMO_EHR_PORT ?? 18090),
	redirectUris: [`${publicUrl}/providers/smart/callback`],
	imagingFhirBase: `${publicUrl}/api/gateway/fhir`
});
console.log(`EHR: ${ehr.fhirBase} (SMART App Launch; imaging at ${publicUrl}/api/gateway/fhir)`);

const app = spawn('node', ['scripts/start.js'], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit'],
	env: {
		...process.env,
		PORT: String(port),
		RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
		RADFOLIO_ARCHIVE_USER: archive.user,
		RADFOLIO_ARCHIVE_PASSWORD: archive.password,
		RADFOLIO_DATA_DIR: join(dataDir, 'server'),
		RADFOLIO_PROVIDER_NAME: 'Demo Imaging Center',
		...ehr.gatewayEnv()
	}
});

const store = new EnrollmentStore(join(dataDir, 'server'));
for (const key of ['alice', 'bob']) {
	const patient = seed.ARCHIVE_PATIENTS[key];
	const { code } = store.createCode(patient.id);
	const link = `${publicUrl}/providers#code=${code}`;
	console.log(
		`\n${patient.name} (PatientID ${patient.id}), ${seed.ARCHIVE_STUDIES[key].length} studies`
	);
	console.log(`Enrollment code: ${code}`);
	console.log(`Enrollment link: ${link}`);
	const login = ehr.patients.find((p) => p.mrn === patient.id);
	if (login) {
		console.log(
			`SMART: connect with FHIR URL ${ehr.fhirBase}, sign in as ${login.username} / ${login.password}`
		);
		console.log(`EHR launch (the portal's "Open Radfolio"): ${ehr.launchUrl(login.id)}`);
	}
	if (key === 'alice') console.log(await QRCode.toString(link, { type: 'terminal', small: true }));
}
store.close();
console.log(
	`\nOpen ${publicUrl}, create a vault, then open an enrollment link (or paste its code), or connect a provider by its FHIR URL ${ehr.fhirBase}. Ctrl-C stops.`
);

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	app.kill('SIGTERM');
	await ehr.stop();
	await archive.stop();
	rmSync(dataDir, { recursive: true, force: true });
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
	if (!stopping) {
		console.error(`Radfolio exited (${code})`);
		void stop();
	}
});
