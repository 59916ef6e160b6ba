import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { loadLoadFigures } from '../reliability/load-report';
import { loadServer } from '../reliability/load';
import { RELIABILITY_SCALE, reportRow } from '../reliability/report';
import { useGatewayStack } from './gateway-stack';

/**
 * R5: the real server under concurrent load. npm test: 10 senders of 2 MB shares and their recipients, 10
 * concurrent study retrieves; `npm run test:reliability` (scale ≥ 5): 50 senders of 20 MB shares, 50 retrieves.
 */
test.describe('R5: load', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
	test.setTimeout(900_000);

	const stack = useGatewayStack({ app: 4187, archive: 18148, dicom: 14348 });

	test('the relay holds concurrent uploads and downloads, the gateway concurrent retrieves; memory stays bounded', async () => {
		const full = RELIABILITY_SCALE >= 5;
		const clients = full ? 50 : 10;
		const shareBytes = (full ? 20 : 2) * 1024 * 1024;
		const server = stack.server;
		const { token } = await stack.enroll(ARCHIVE_PATIENTS.alice.id);
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
