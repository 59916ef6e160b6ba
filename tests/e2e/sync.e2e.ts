import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { RadfolioPage } from './pages/radfolio';
import { useGatewayStack } from './gateway-stack';
import { reportRow } from '../reliability/report';

const PASSPHRASE = 'sync e2e correct horse';
const ALICE = ARCHIVE_STUDIES.alice;

/**
 * The provider story in a real browser: a patient enrolled at a real Orthanc connects, syncs, sees exactly their
 * own studies and reports, and has them offline; a sync cut mid-way resumes with nothing duplicated.
 */
test.describe('provider sync', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');

	const stack = useGatewayStack(
		{ app: 4183, archive: 18145, dicom: 14345 },
		{ RADFOLIO_PROVIDER_NAME: 'Test Imaging Center' }
	);
	const codeFor = (patientId: string) => stack.code(patientId);

	test('enroll → connect → sync → exactly the patient’s studies with reports → offline', async ({
		page,
		context
	}) => {
		const app = new RadfolioPage(page);
		// A new patient opens the enrollment link: first a vault, then the code is already filled in.
		await page.goto(`${stack.server.url}/providers#code=${codeFor(ARCHIVE_PATIENTS.alice.id)}`);
		await app.createVault(PASSPHRASE);
		const code = page.getByRole('textbox', { name: 'Enrollment code' });
		await expect(code).toHaveValue(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(page.url()).not.toContain('code='); // dropped from the address bar
		await page.getByRole('button', { name: 'Connect' }).click();

		const status = page.getByRole('status').filter({ hasText: /Last sync/ });
		await expect(status).toContainText('3 studies updated', { timeout: 60_000 });
		await expect(page.getByText('Test Imaging Center').first()).toBeVisible();

		await page.getByRole('link', { name: 'History' }).click();
		await expect(app.entries).toHaveCount(ALICE.length);
		for (const s of ALICE) await expect(app.history).toContainText(s.description);
		await expect(app.history).not.toContainText('Abdominal ultrasound'); // Bob's
		await expect(app.history).not.toContainText('Hand X-ray'); // the look-alike's
		await expect(app.history).not.toContainText('Incomplete');
		await expect(app.history).toContainText('From your provider (Test Imaging Center)');

		// Sync again: nothing new, nothing duplicated.
		await page.getByRole('button', { name: 'Sync now' }).click();
		await expect(page.getByRole('status').filter({ hasText: /Last sync/ })).toContainText(
			'Up to date',
			{ timeout: 30_000 }
		);
		await expect(app.entries).toHaveCount(ALICE.length);

		// Offline: the server is still up, the browser is not connected.
		await context.setOffline(true);
		await page.reload();
		await app.unlock(PASSPHRASE);
		await expect(app.entries).toHaveCount(ALICE.length);
		await app.history.getByRole('link', { name: /CT chest/ }).click();
		await expect(page.getByRole('region', { name: 'Report' })).toBeVisible({ timeout: 30_000 });
		await expect(page.getByRole('region', { name: 'Image viewer' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Report' })).toContainText(
			/CT chest|Findings|Report/
		);
		await context.setOffline(false);
	});

	/**
	 * Fault tests hold or cut the gateway's retrieves with page routes. The service worker is kept out of these
	 * contexts: a page it controls can fetch past a page's routes, which made such tests flaky.
	 */
	test.describe('faults', () => {
		test.use({ serviceWorkers: 'block' });
		const retrieve =
			/\/api\/gateway\/dicom-web\/studies\/([^/?]+)\/series\/[^/?]+(\/instances\/[^/?]+)?$/;
		const studyOf = (url: string) => retrieve.exec(new URL(url).pathname)![1]!;

		test('a connection cut mid-sync resumes later with nothing duplicated', async ({ page }) => {
			const app = new RadfolioPage(page);
			await page.goto(`${stack.server.url}/providers#code=${codeFor(ARCHIVE_PATIENTS.alice.id)}`);
			await app.createVault(PASSPHRASE);
			// The first retrieve of each study comes through, every later one is cut: the CT (four series) stops part-way.
			const seen = new Set<string>();
			await page.route(retrieve, (route) => {
				const study = studyOf(route.request().url());
				if (seen.has(study)) return route.abort('connectionreset');
				seen.add(study);
				return route.continue();
			});
			await page.getByRole('button', { name: 'Connect' }).click();
			await expectStoppedWithWhatArrived(app);

			await page.unroute(retrieve);
			await syncNowUntilDone(app);
			await expectEveryStudyOnce(app);
		});

		test('a tab closed mid-sync leaves only whole or incomplete studies; the next sync completes them once', async ({
			context
		}) => {
			// First tab: the first retrieve of each study comes through, every later one is held open until the tab
			// closes with them in flight (writes queued, the sync lock held).
			const first = await context.newPage();
			const seen = new Set<string>();
			let held = 0;
			await first.route(retrieve, (route) => {
				const study = studyOf(route.request().url());
				if (seen.has(study)) {
					held++;
					return; // never answered
				}
				seen.add(study);
				return route.continue();
			});
			await first.goto(`${stack.server.url}/providers#code=${codeFor(ARCHIVE_PATIENTS.alice.id)}`);
			await new RadfolioPage(first).createVault(PASSPHRASE);
			await first.getByRole('button', { name: 'Connect' }).click();
			await expect.poll(() => held, { timeout: 60_000 }).toBeGreaterThan(0);
			await first.close();

			// A new tab, still without a connection to the archive's images: what the closed tab left is honest.
			const page = await context.newPage();
			const app = new RadfolioPage(page);
			await page.route(retrieve, (route) => route.abort('connectionreset'));
			await page.goto(`${stack.server.url}/providers`);
			await app.unlock(PASSPHRASE);
			await expectStoppedWithWhatArrived(app);

			// Connected again: one sync completes every study, nothing stored twice.
			await page.unroute(retrieve);
			await syncNowUntilDone(app);
			await expectEveryStudyOnce(app);
			reportRow('R3-tab-sync', {
				check: 'R3 tab closed mid-sync, reopened, synced again',
				cases: 1,
				passed: 1,
				lost: 0,
				notes: `closed with ${held} retrieve(s) in flight; no study shown complete before it was; no duplicates`
			});
		});
	});

	test('the gateway routes of the real server refuse what is not the patient’s DICOMweb', async ({
		request
	}) => {
		const enroll = (data: unknown) =>
			request.post(`${stack.server.url}/api/gateway/enroll`, {
				data: typeof data === 'string' ? data : JSON.stringify(data),
				headers: { 'Content-Type': 'application/json' }
			});
		const code = codeFor(ARCHIVE_PATIENTS.alice.id);
		const first = await enroll({ code: code.toLowerCase() });
		expect(first.status()).toBe(200);
		const { token } = (await first.json()) as { token: string };
		expect((await enroll({ code })).status()).toBe(401); // one use
		expect((await enroll('not json')).status()).toBe(400);
		expect((await enroll({})).status()).toBe(400);

		const dw = `${stack.server.url}/api/gateway/dicom-web`;
		const bob = ARCHIVE_STUDIES.bob[0]!;
		const get = (path: string, auth = true) =>
			request.get(`${dw}/${path}`, {
				headers: auth ? { Authorization: `Bearer ${token}` } : {},
				maxRedirects: 0
			});
		expect((await get('studies')).status()).toBe(200);
		expect((await get('studies', false)).status()).toBe(401);
		for (const path of [
			`studies/${bob.studyUID}`,
			`studies/${bob.studyUID}%2Fmetadata`,
			`studies/%2e%2e/%2e%2e/patients`,
			'patients',
			'instances',
			`wado?requestType=WADO&objectUID=${bob.series[0]!.uid}.1`,
			`studies?PatientID=${ARCHIVE_PATIENTS.bob.id}`,
			'studies?PatientID=*'
		]) {
			const response = await get(path);
			expect(response.status(), path).toBeGreaterThanOrEqual(400);
			expect(await response.text(), path).not.toContain(ARCHIVE_PATIENTS.bob.id);
		}
		const post = await request.post(`${dw}/studies`, {
			headers: { Authorization: `Bearer ${token}` },
			data: 'x'
		});
		expect(post.status()).toBe(405);
		const preflight = await request.fetch(`${dw}/studies`, {
			method: 'OPTIONS',
			headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' }
		});
		expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();

		// Guessing codes: ten failed tries (the reused code above was the first), then 429 with Retry-After, even
		// for a valid code.
		for (let i = 0; i < 9; i++)
			expect((await enroll({ code: 'AAAA-AAAA-AAAA' })).status()).toBe(401);
		const blocked = await enroll({ code: codeFor(ARCHIVE_PATIENTS.alice.id) });
		expect(blocked.status()).toBe(429);
		expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
	});
});

/** Files the archive holds per study of Alice's: its series, its SR report, and the CT's PDF report. */
const EXPECTED_FILES = new Map(
	ALICE.map((s) => [
		s.description,
		s.series.reduce((n, se) => n + se.count, 0) + (s.srReport ? 1 : 0) + (s === ALICE[0] ? 1 : 0)
	])
);

/**
 * The sync says it stopped, and the timeline holds what arrived: marked incomplete, and nothing shown as complete
 * that is not.
 */
async function expectStoppedWithWhatArrived(app: RadfolioPage) {
	const { page } = app;
	const status = page.getByRole('status').filter({ hasText: /Last sync/ });
	await expect(status).toContainText('Stopped', { timeout: 60_000 });
	await page.getByRole('link', { name: 'History' }).click();
	await expect(app.history).toContainText('Incomplete sync');
	await expectOnlyWholeStudiesComplete(app);
}

/** Every timeline entry not marked incomplete holds all of its study's files. */
async function expectOnlyWholeStudiesComplete(app: RadfolioPage) {
	for (const text of await app.entries.allTextContents()) {
		if (text.includes('Incomplete sync')) continue;
		const study = ALICE.find((s) => text.includes(s.description));
		expect(study, text).toBeDefined();
		expect(text).toContain(`${EXPECTED_FILES.get(study!.description)} images`);
	}
}

async function syncNowUntilDone(app: RadfolioPage) {
	const { page } = app;
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(page.getByRole('status').filter({ hasText: /Last sync/ })).not.toContainText(
		'Stopped',
		{ timeout: 60_000 }
	);
}

/** Every study of Alice's is in the timeline, complete, and the vault holds exactly the archive's files, once. */
async function expectEveryStudyOnce(app: RadfolioPage) {
	await expect(app.entries).toHaveCount(ALICE.length);
	await expect(app.history).not.toContainText('Incomplete');
	const counts = await app.page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(localStorage.getItem('radfolio.activeDb') ?? 'radfolio');
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const count = (store: string) =>
			new Promise<number>((resolve) => {
				const req = db.transaction(store).objectStore(store).count();
				req.onsuccess = () => resolve(req.result);
			});
		return { studies: await count('studies'), instances: await count('instances') };
	});
	expect(counts.studies).toBe(ALICE.length);
	expect(counts.instances).toBe([...EXPECTED_FILES.values()].reduce((n, f) => n + f, 0));
}
