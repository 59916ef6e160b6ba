import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { PASSPHRASE, paths } from '../e2e/fixtures';
import { useGatewayStack } from '../e2e/gateway-stack';
import {
	MINIBROWSER,
	engineMissing,
	launch,
	type Engine,
	type EngineName,
	type Session
} from './engines';
import { Patient } from './patient';

/**
 * The core journeys of tests/e2e, in Firefox ESR and WebKitGTK (the engine Safari shares), through the same
 * accessible names: create a vault, import, view a CT and the reports, reload offline, share and open the link,
 * save a received share, sync from the demo archive. Each engine gets its own server and Orthanc (the gateway
 * stack of tests/e2e) and runs the steps in order in one profile; the share is opened in a second one.
 */
/**
 * A CD's image and report files, chosen as files (no driver can choose a folder). Without their folders the disc's
 * index (DICOMDIR) would name files that are not there: it stays out, and each file is read on its own.
 */
const cdFiles = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name !== 'DICOMDIR')
		.map((e) => join(e.parentPath, e.name));

const ENGINES: { name: EngineName; ports: { app: number; archive: number; dicom: number } }[] = [
	{ name: 'firefox', ports: { app: 4291, archive: 18191, dicom: 14391 } },
	{ name: 'webkit', ports: { app: 4292, archive: 18192, dicom: 14392 } }
];

for (const { name, ports } of ENGINES) {
	test.describe(name, () => {
		test.describe.configure({ mode: 'serial' });
		test.skip(!!engineMissing(name), engineMissing(name) ?? '');
		test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
		const stack = useGatewayStack(ports, { RADFOLIO_PROVIDER_NAME: 'Test Imaging Center' });
		let engine: Engine;
		let session: Session;
		let patient: Patient;
		let recipient: Session | undefined;

		test.beforeAll(async () => {
			engine = await launch(name);
			session = await engine.newSession();
			patient = new Patient(session);
		});
		test.afterAll(async () => {
			await recipient?.close();
			await session?.close();
			await engine?.close();
		});
		test.afterEach(() => {
			// Firefox reports console errors and uncaught exceptions to the driver: none is expected.
			expect(session.problems).toEqual([]);
			expect(recipient?.problems ?? []).toEqual([]);
		});

		test('creates a vault and imports a CD’s files and a zip', async () => {
			await session.goto(stack.server.url);
			await patient.createVault(PASSPHRASE);
			if (name === 'webkit') {
				// A WebDriver session of WebKit is ephemeral, like Private Browsing: the patient is told first.
				await patient.find({ role: 'note', name: 'This window forgets your scans' });
			}
			await patient.importFiles(cdFiles(paths.cd));
			await patient.importFiles([paths.zip]);
			const entries = (await patient.waitForEntries(3)).join('\n');
			expect(entries).toContain('CT chest with contrast');
			expect(entries).toContain('MRI left knee');
			expect(entries).not.toContain('Incomplete');
		});

		test('views a CT with its PDF report, and an MR’s structured report', async () => {
			await patient.click('link', 'CT chest with contrast');
			await patient.find({ role: 'region', name: 'Image viewer' });
			await patient.waitForText(/Image \d+ \/ 5/);
			await patient.find({ role: 'region', name: 'Report' });
			await patient.click('link', 'History');
			await patient.click('link', 'MRI brain');
			await patient.find({ role: 'region', name: 'Report' });
			await patient.click('link', 'History');
		});

		test('reloads with the server gone: the app, the vault and the images are there offline', async () => {
			await stack.server.stop();
			try {
				await session.reload();
				await patient.unlock(PASSPHRASE);
				// The reload may land on the study page the last journey ended on (the key opens the study in the
				// address): the patient goes to the history from wherever that is.
				await patient.click('link', 'History');
				await patient.waitForEntries(3);
				await patient.click('link', 'CT chest with contrast');
				await patient.waitForText(/Image \d+ \/ 5/);
			} finally {
				await stack.server.start();
			}
		});

		test('shares the CT by link; the link opens in another profile', async () => {
			await patient.click('button', 'Share');
			await patient.find({ role: 'dialog', name: 'Share study' });
			await patient.click('button', 'Create link');
			await patient.find({ label: 'Share link' }, 60_000);
			await expect.poll(() => patient.valueOf('Share link')).toMatch(/\/s\/[^#]+#/);
			const shareUrl = await patient.valueOf('Share link');
			recipient = await engine.newSession();
			const other = new Patient(recipient);
			await recipient.goto(shareUrl);
			await other.click('button', 'Open shared study');
			await other.find({ role: 'region', name: 'Image viewer' }, 60_000);
			await other.waitForText(/Image \d+ \/ 5/, 60_000);
		});

		test('saves the received share into a new vault of the recipient', async () => {
			const other = new Patient(recipient!);
			await other.click('button', 'Save to my Radfolio');
			await other.fill('Passphrase', 'recipient vault passphrase 7', true);
			await other.fill('Confirm passphrase', 'recipient vault passphrase 7');
			await other.click('button', 'Create vault');
			await other.waitForText(/Saved to your Radfolio/, 60_000);
			await other.click('link', 'Open your imaging history');
			const [saved] = await other.waitForEntries(1);
			expect(saved).toContain('Shared with you');
		});

		test('connects the demo archive and syncs the patient’s studies', async () => {
			const code = stack.code(ARCHIVE_PATIENTS.alice.id);
			await session.goto(`${stack.server.url}/providers#code=${code}`);
			// A new page load: the vault is locked again, the code waits in the page.
			await patient.unlock(PASSPHRASE);
			await expect.poll(() => patient.valueOf('Enrollment code')).toBe(code);
			await patient.click('button', 'Connect');
			await patient.waitForText(/\d+ stud(y|ies) updated/, 90_000);
			await patient.click('link', 'History');
			await patient.waitForEntries(3 + ARCHIVE_STUDIES.alice.length);
		});

		if (name === 'webkit') {
			test('every page loads with a clean console (MiniBrowser on its own, console printed)', async () => {
				// WebKitWebDriver has no log endpoint: the same engine, started on its own with its console printed (a
				// private window prints nothing there, so a normal one, in a throwaway home: no earlier cache or worker).
				const home = mkdtempSync(join(tmpdir(), 'rf-minibrowser-'));
				const urls = [
					'/',
					'/settings',
					'/providers',
					'/dose',
					'/transfer',
					'/s/AAAAAAAAAAAAAAAAAAAAAA'
				];
				try {
					const out = await new Promise<string>((resolve) => {
						let text = '';
						const browser = spawn(
							MINIBROWSER,
							[
								'--enable-write-console-messages-to-stdout=true',
								...urls.map((u) => stack.server.url + u)
							],
							{
								env: {
									...process.env,
									DISPLAY: engine.display,
									HOME: home,
									XDG_DATA_HOME: join(home, 'data'),
									XDG_CACHE_HOME: join(home, 'cache'),
									XDG_CONFIG_HOME: join(home, 'config'),
									MESA_SHADER_CACHE_DISABLE: 'true'
								},
								stdio: ['ignore', 'pipe', 'pipe'],
								detached: true
							}
						);
						// The messages arrive on stderr (stdout too, in other builds): both are read.
						for (const stream of [browser.stdout!, browser.stderr!])
							stream.on('data', (d: Buffer) => (text += d.toString()));
						browser.on('exit', () => resolve(text));
						// Its web and network processes are its children: the whole group it leads is stopped.
						setTimeout(() => process.kill(-browser.pid!, 'SIGTERM'), 8_000);
					});
					const errors = out.split('\n').filter((line) => /CONSOLE \w+ ERROR/.test(line));
					expect(errors).toEqual([]);
				} finally {
					// A child process may still be finishing a cache write as the group stops.
					rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
				}
			});
		}
	});
}
