import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomParts } from '../../src/lib/archive/multipart';
import { gatewayConfigFromEnv } from '../../src/lib/server/gateway/config';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { DicomWebGateway } from '../../src/lib/server/gateway/proxy';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, seedArchive, uploadToArchive } from '../fixtures/archive-seed';
import { imageFile, syntheticStudy } from '../fixtures/dicom/generate';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;

const BASE = 'http://gateway.test/api/gateway/dicom-web';
const STUDY = '1.2.826.0.1.3680043.10.1337.9.901';
const DICOM = 'multipart/related; type="application/dicom"';
/** JPEG 2000 lossless: Orthanc 1.10.1 (GDCM plugin) exited transcoding a 16-bit 512×512 series to it. */
const J2K = `${DICOM}; transfer-syntax=1.2.840.10008.1.2.4.90`;

/**
 * A patient's token holder (adversary 4, or a stolen token) sends a retrieve whose Accept names a transfer syntax.
 * Passed on, Orthanc transcodes for it — and for JPEG 2000 of an ordinary CT slice, the archive process exited:
 * every patient's archive down from one request. The gateway must keep the archive to the forms it sends itself.
 */
describe.runIf(existsSync(ORTHANC_BINARY))(
	'a retrieve’s Accept header against the real archive',
	() => {
		let archive: Archive;
		let store: EnrollmentStore;
		let gateway: DicomWebGateway;
		let dataDir: string;
		let alice: string;

		beforeAll(async () => {
			archive = await startOrthanc({ httpPort: 18244, dicomPort: 14444 });
			// The demo archive (CT, MR, reports), as a provider's holds many kinds of files. Measured before the fix: with
			// it and 40 such slices, the JPEG 2000 transcode made Orthanc exit (2 runs of 2); with 2 slices it transcoded.
			await seedArchive(archive);
			const study = syntheticStudy(901, {
				patientID: ARCHIVE_PATIENTS.alice.id,
				patientName: ARCHIVE_PATIENTS.alice.name,
				studyUID: STUDY,
				series: [{ uid: `${STUDY}.1`, description: 'CT', count: 2, rows: 512, columns: 512 }]
			});
			await uploadToArchive(archive, [imageFile(study, 0, 0), imageFile(study, 0, 1)]);
			dataDir = mkdtempSync(join(tmpdir(), 'rf-gateway-accept-'));
			const config = gatewayConfigFromEnv({
				RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
				RADFOLIO_ARCHIVE_USER: archive.user,
				RADFOLIO_ARCHIVE_PASSWORD: archive.password,
				RADFOLIO_DATA_DIR: dataDir
			})!;
			store = new EnrollmentStore(dataDir);
			gateway = new DicomWebGateway(config, store);
			alice = store.redeem(store.createCode(ARCHIVE_PATIENTS.alice.id).code)!.token;
		}, 90_000);

		afterAll(async () => {
			store?.close();
			await archive?.stop();
			if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		});

		const retrieve = (accept: string) =>
			gateway.handle(
				new Request(`${BASE}/studies/${STUDY}`, {
					headers: { Authorization: `Bearer ${alice}`, Accept: accept }
				}),
				`studies/${STUDY}`,
				BASE
			);
		const archiveUp = () =>
			fetch(`${archive.url}/system`, { headers: { Authorization: archive.authorization } }).then(
				(r) => r.ok,
				() => false
			);

		it('a transcode asked for is refused (406) and the archive stays up for everyone', async () => {
			const response = await retrieve(J2K);
			await response.body?.cancel();
			expect(await archiveUp()).toBe(true);
			expect(response.status).toBe(406);
			// Deflate, JPEG baseline, JPEG-LS: every other named syntax is refused the same way.
			for (const ts of [
				'1.2.840.10008.1.2.1.99',
				'1.2.840.10008.1.2.4.50',
				'1.2.840.10008.1.2.4.80'
			]) {
				const other = await retrieve(`${DICOM}; transfer-syntax=${ts}`);
				expect(other.status, ts).toBe(406);
			}
			expect(await archiveUp()).toBe(true);
		});

		it('the files as stored, and the default, still come through', async () => {
			for (const accept of [`${DICOM}; transfer-syntax=*`, DICOM]) {
				const response = await retrieve(accept);
				expect(response.status, accept).toBe(200);
				let parts = 0;
				for await (const _ of dicomParts(response)) parts++;
				expect(parts, accept).toBe(2);
			}
		});
	}
);
