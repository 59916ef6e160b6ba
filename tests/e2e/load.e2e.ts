import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES, seedArchive } from '../fixtures/archive-seed';
import { loadLoadFigures } from '../reliability/load-report';
import { loadServer } from '../reliability/load';
import { RELIABILITY_SCALE, reportRow } from '../reliability/report';
import { OwnServer } from './server';

/**
 * R5: the real server under concurrent load. npm test: 10 senders of 2 MB shares and their recipients, 10
 * concurrent study retrieves; `npm run test:reliability` (scale ≥ 5): 50 senders of 20 MB shares, 50 retrieves.
 */
test.describe('R5: load', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
	test.setTimeout(900_000);

	let archive: Awaited<ReturnType<typeof startOrthanc>>;
	let server: OwnServer;
	let dataDir: string;

	test.beforeAll(async () => {
		archive = await startOrthanc({ httpPort: 18148, dicomPort: 14348 });
		await seedArchive(archive);
		dataDir = mkdtempSync(join(tmpdir(), 'rf-load-'));
		server = new OwnServer(4187, {
			env: {
				RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
				RADFOLIO_ARCHIVE_USER: archive.user,
				RADFOLIO_ARCHIVE_PASSWORD: archive.password,
				RADFOLIO_DATA_DIR: dataDir
			}
		});
		await server.start();
	});

	test.afterAll(async () => {
		await server?.dispose();
		await archive?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('the relay holds concurrent uploads and downloads, the gateway concurrent retrieves; memory stays bounded', async () => {
		const full = RELIABILITY_SCALE >= 5;
		const clients = full ? 50 : 10;
		const shareBytes = (full ? 20 : 2) * 1024 * 1024;
		const store = new EnrollmentStore(dataDir);
		const { code } = store.createCode(ARCHIVE_PATIENTS.alice.id);
		store.close();
		const enrolled = await fetch(`${server.url}/api/gateway/enroll`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ code })
		});
		const { token } = (await enrolled.json()) as { token: string };
		const result = await loadServer({
			base: server.url,
			pid: server.pid,
			clients,
			shareBytes,
			gateway: { token, studyUid: ARCHIVE_STUDIES.alice[0]!.studyUID }
		});
		const figures = loadLoadFigures(result, clients, shareBytes);
		console.log(figures);
		reportRow('R5', {
			check: `R5 load: ${clients} concurrent ${shareBytes / 1024 / 1024} MB share uploads + downloads, ${clients} concurrent WADO-RS retrieves`,
			cases:
				result.uploads.requests + result.downloads.requests + (result.retrieves?.requests ?? 0),
			passed:
				result.uploads.requests -
				result.uploads.errors +
				result.downloads.requests -
				result.downloads.errors +
				(result.retrieves ? result.retrieves.requests - result.retrieves.errors : 0),
			lost: 0,
			notes: figures
		});
		expect(result.uploads.errors).toBe(0);
		expect(result.downloads.errors).toBe(0);
		expect(result.downloads.requests).toBe(clients);
		expect(result.retrieves?.errors).toBe(0);
		// Bounded: the server streams; it never holds the shares (all together: clients × shareBytes, moved twice).
		// What it does hold grows with the connections (a read-ahead per download, socket buffers, garbage not yet
		// collected), measured at 50 × 20 MB: +326 MiB while moving 2,000 MiB.
		expect(result.peakRssMiB - result.baseRssMiB).toBeLessThan(
			Math.max(128, (clients * shareBytes) / 1024 / 1024 / 2)
		);
	});
});
