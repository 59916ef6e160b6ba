import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES, seedArchive } from '../fixtures/archive-seed';
import { ORTHANC_BINARY, startOrthanc } from '../../scripts/archive/orthanc.js';

type Archive = Awaited<ReturnType<typeof startOrthanc>>;

/**
 * The real archive the gateway will sit in front of: started by the project's own script, seeded with two
 * patients, and probed for the quirks (docs/STACK.md) the gateway must defend against.
 */
describe.runIf(existsSync(ORTHANC_BINARY))('the throwaway Orthanc archive', () => {
	let archive: Archive;
	beforeAll(async () => {
		archive = await startOrthanc({ httpPort: 18142, dicomPort: 14342 });
		await seedArchive(archive);
	}, 60_000);
	afterAll(async () => {
		await archive?.stop();
	});

	const qido = async (query: string) => {
		const response = await fetch(`${archive.dicomWebUrl}/studies${query}`, {
			headers: { Authorization: archive.authorization, Accept: 'application/dicom+json' }
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, { Value?: unknown[] }>[];
		return body.map((s) => s['0020000D']!.Value![0] as string).sort();
	};

	it('refuses requests without the archive credentials', async () => {
		expect((await fetch(`${archive.url}/system`)).status).toBe(401);
		expect((await fetch(`${archive.dicomWebUrl}/studies`)).status).toBe(401);
	});

	it('holds each patient’s studies, reports included, and answers QIDO by PatientID', async () => {
		expect(await qido(`?PatientID=${ARCHIVE_PATIENTS.bob.id}`)).toEqual(
			ARCHIVE_STUDIES.bob.map((s) => s.studyUID).sort()
		);
		const series = await fetch(
			`${archive.dicomWebUrl}/studies/${ARCHIVE_STUDIES.alice[0]!.studyUID}/series`,
			{ headers: { Authorization: archive.authorization } }
		);
		const modalities = ((await series.json()) as Record<string, { Value?: unknown[] }>[]).map(
			(s) => s['00080060']!.Value![0]
		);
		expect(modalities.sort()).toEqual(['CT', 'CT', 'DOC', 'SR']);
	});

	it('widens a query on its own quirks — the reasons the gateway rebuilds every query', async () => {
		const everyone = [...ARCHIVE_STUDIES.alice, ...ARCHIVE_STUDIES.bob, ...ARCHIVE_STUDIES.twin]
			.map((s) => s.studyUID)
			.sort();
		expect(await qido('')).toEqual(everyone); // no filter: every patient
		expect(await qido('?patientid=RFDEMO-ALICE')).toEqual(everyone); // lowercase key ignored
		expect(await qido('?PatientID=RFDEMO-*')).toEqual(everyone); // wildcard
		expect(await qido('?PatientID=RFDEMO-ALICE')).toEqual(
			[...ARCHIVE_STUDIES.alice, ...ARCHIVE_STUDIES.twin].map((s) => s.studyUID).sort()
		); // case-insensitive match: Alice's query finds her look-alike's study too
	});

	it('serves WADO-RS as multipart/related application/dicom, and has no /wado', async () => {
		const s = ARCHIVE_STUDIES.alice[1]!;
		const response = await fetch(`${archive.dicomWebUrl}/studies/${s.studyUID}`, {
			headers: {
				Authorization: archive.authorization,
				Accept: 'multipart/related; type="application/dicom"'
			}
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^multipart\/related/);
		expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(3 * 128);
		const wado = await fetch(
			`${archive.url}/wado?requestType=WADO&studyUID=${s.studyUID}&seriesUID=${s.series[0]!.uid}&objectUID=${s.series[0]!.uid}.1`,
			{ headers: { Authorization: archive.authorization } }
		);
		expect(wado.status).not.toBe(200);
	});
});
