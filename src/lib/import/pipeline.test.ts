import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	cdLayout,
	imageFile,
	studyFiles,
	syntheticStudy,
	zipOf
} from '../../../tests/fixtures/dicom/generate';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { newTestVault, rawVaultText } from '../../../tests/fixtures/vault';
import { runImport } from './pipeline';
import { itemFromBytes } from './sources';

const ct = syntheticStudy(1, {
	patientName: 'LEAKCHECK^PATIENT',
	patientID: 'LEAKID-77',
	description: 'LEAKDESC chest',
	series: [
		{ uid: '1.2.826.0.1.3680043.10.1337.1.1', description: 'LEAKSERIES axial', count: 4 },
		{ uid: '1.2.826.0.1.3680043.10.1337.1.2', description: 'Coronal', count: 2 }
	],
	pdfReport: true
});
const mr = syntheticStudy(2, {
	modality: 'MR',
	description: 'Knee',
	bodyPart: 'KNEE',
	studyDate: '20230301'
});

describe('runImport', () => {
	it('fills the study’s date and description from a later file when the first one lacks them', async () => {
		const vault = await newTestVault();
		const s = syntheticStudy(31, { description: 'CT abdomen', studyDate: '20240905' });
		// A report made by another system: same study, no date, no description (as dcmtk's pdf2dcm writes them).
		const bare = syntheticStudy(31, {
			description: '',
			studyDate: '',
			series: [{ uid: `${s.studyUID}.9`, description: 'Report', count: 1 }]
		});
		await runImport({
			vault,
			items: [itemFromBytes('a', imageFile(bare, 0, 0)), itemFromBytes('b', imageFile(s, 0, 0))],
			source: { kind: 'files', label: 'two files' }
		});
		const [study] = await vault.studies.listStudies();
		expect(study!.study).toMatchObject({ StudyDate: '20240905', StudyDescription: 'CT abdomen' });
	});

	it('imports a CD through its DICOMDIR, ignores the CD software, and groups studies and series', async () => {
		const vault = await newTestVault();
		const cd = cdLayout([ct, mr]);
		const summary = await runImport({
			vault,
			items: cd.map((f) => itemFromBytes(`CDROM/${f.path}`, f.bytes)),
			source: { kind: 'cd', label: 'CDROM' }
		});
		expect(summary).toMatchObject({ imported: 10, duplicates: 0, skipped: [], cancelled: false });
		const studies = await vault.studies.listStudies();
		expect(studies).toHaveLength(2);
		const chest = studies.find((s) => s.study.StudyDescription === 'LEAKDESC chest')!;
		expect(chest).toMatchObject({
			complete: true,
			seriesCount: 3,
			imageCount: 6,
			reportCount: 1,
			instanceCount: 7,
			modalities: ['CT', 'DOC'],
			bodyParts: ['CHEST'],
			sources: [{ kind: 'cd', label: 'CDROM' }]
		});
		const series = await vault.studies.listSeries(chest.id);
		expect(series.map((s) => [s.SeriesDescription, s.instanceCount])).toEqual([
			['LEAKSERIES axial', 4],
			['Coronal', 2],
			['Report', 1]
		]);
		// The image it opens on, worked out with its counts: the middle of the first series with images.
		const axial = await vault.studies.listInstances(series[0]!.id);
		expect(chest.cover).toEqual({
			seriesId: series[0]!.id,
			instanceId: axial[2]!.id,
			TransferSyntaxUID: axial[2]!.TransferSyntaxUID
		});
	});

	it('lists files the DICOMDIR names but the disc lacks', async () => {
		const vault = await newTestVault();
		const cd = cdLayout([mr]).filter((f) => !f.path.endsWith('IM000002'));
		const summary = await runImport({
			vault,
			items: cd.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'cd', label: 'CD' }
		});
		expect(summary.imported).toBe(2);
		expect(summary.skipped).toEqual([
			expect.objectContaining({ reason: 'missing-file', path: 'DICOM/ST000001/SE000001/IM000002' })
		]);
	});

	it('imports a zip with nested folders, and counts a second import as duplicates', async () => {
		const vault = await newTestVault();
		const zip = zipOf(studyFiles(mr), 'Export/Patient 1/');
		const items = [itemFromBytes('scans.zip', zip)];
		const first = await runImport({ vault, items, source: { kind: 'zip', label: 'scans.zip' } });
		expect(first).toMatchObject({ imported: 3, duplicates: 0, skipped: [] });
		const second = await runImport({ vault, items, source: { kind: 'zip', label: 'scans.zip' } });
		expect(second).toMatchObject({ imported: 0, duplicates: 3 });
		expect(await vault.db.instances.count()).toBe(3);
	});

	it('skips each bad file with its reason and imports the rest', async () => {
		const vault = await newTestVault();
		const good = studyFiles(mr);
		const cut = imageFile(ct, 0, 0);
		const items = [
			itemFromBytes('notes.txt', new TextEncoder().encode('Bring your CD to the appointment.')),
			itemFromBytes('cut.dcm', cut.subarray(0, cut.length - 50)),
			itemFromBytes('short-pixels.dcm', imageFile(ct, 0, 1, { pixelBytes: 10 })),
			...good.map((f) => itemFromBytes(f.path, f.bytes))
		];
		const summary = await runImport({ vault, items, source: { kind: 'files', label: '6 files' } });
		expect(summary.imported).toBe(3);
		expect(summary.skipped.map((s) => [s.path, s.reason])).toEqual([
			['notes.txt', 'not-dicom'],
			['cut.dcm', 'truncated'],
			['short-pixels.dcm', 'truncated']
		]);
	});

	it('leaves a cancelled import incomplete, never marked complete', async () => {
		const vault = await newTestVault();
		const controller = new AbortController();
		const files = studyFiles(ct);
		let seen = 0;
		const summary = await runImport({
			vault,
			items: files.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'folder', label: 'scans' },
			signal: controller.signal,
			onProgress: (p) => {
				if (p.files === 2 && seen++ === 0) controller.abort();
			}
		});
		expect(summary.cancelled).toBe(true);
		expect(summary.imported).toBe(2);
		const [study] = await vault.studies.listStudies();
		expect(study!.complete).toBe(false);
		expect(study!.instanceCount).toBe(2);
		// Importing again completes it.
		await runImport({
			vault,
			items: files.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'folder', label: 'scans' }
		});
		expect((await vault.studies.listStudies())[0]).toMatchObject({
			complete: true,
			instanceCount: 7
		});
	});

	it('stores nothing identifying in clear', async () => {
		const vault = await newTestVault();
		await runImport({
			vault,
			items: cdLayout([ct]).map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'cd', label: 'LEAKLABEL' }
		});
		const raw = await rawVaultText(vault);
		expect(raw.length).toBeGreaterThan(10_000);
		for (const secret of [
			'LEAKCHECK',
			'LEAKID-77',
			'LEAKDESC',
			'LEAKSERIES',
			'LEAKLABEL',
			ct.studyUID,
			'1.2.826.0.1.3680043',
			'20240215',
			'CHEST',
			'"CT"',
			'Radfolio Test Hospital'
		]) {
			expect(raw, secret).not.toContain(secret);
		}
	});
});

describe.runIf(hasSharedDicom)('importing the public corpus', () => {
	it('imports every readable file of ../shared/dicom and names every skipped one', async () => {
		const vault = await newTestVault();
		const paths = readdirSync(SHARED_DICOM, { recursive: true, withFileTypes: true })
			.filter((d) => d.isFile() && !d.name.endsWith('.tsv'))
			.map((d) => join(d.parentPath, d.name));
		const items = paths.map((p) =>
			itemFromBytes(relative(SHARED_DICOM, p), new Uint8Array(readFileSync(p)))
		);
		const summary = await runImport({ vault, items, source: { kind: 'folder', label: 'dicom' } });
		const broken =
			readFileSync(join(SHARED_DICOM, 'bad/BROKEN.tsv'), 'utf8').trim().split('\n').length - 1;
		expect(summary.imported + summary.duplicates).toBeGreaterThan(100);
		expect(summary.skipped.length).toBeGreaterThanOrEqual(broken - 1);
		for (const s of summary.skipped) expect(s.detail || s.reason).toBeTruthy();
		expect((await vault.studies.listStudies()).every((s) => s.complete)).toBe(true);
	}, 120_000);
});

describe('reports without images', () => {
	it('a report-only study (a PDF and nothing else) is still a study on the timeline', async () => {
		const { pdfReportFile } = await import('../../../tests/fixtures/dicom/generate');
		const vault = await newTestVault();
		const study = syntheticStudy(40, { description: 'Outside read', modality: 'DOC' });
		const summary = await runImport({
			vault,
			items: [itemFromBytes('report.dcm', pdfReportFile(study))],
			source: { kind: 'files', label: 'report.dcm' }
		});
		expect(summary.imported).toBe(1);
		const [listed] = await vault.studies.listStudies();
		expect(listed).toMatchObject({
			imageCount: 0,
			reportCount: 1,
			complete: true,
			modalities: ['DOC']
		});
		expect(listed!.study.StudyDescription).toBe('Outside read');
	});
});

describe('a disk that fills up mid-import', () => {
	it('stops with "quota": what landed is counted and readable, nothing half-written, the study incomplete', async () => {
		const vault = await newTestVault();
		const study = syntheticStudy(41, {
			series: [{ uid: '1.2.826.0.1.3680043.10.1337.41.1', description: 'Axial', count: 30 }]
		});
		const chunks = vault.db.chunks;
		const bulkPut = chunks.bulkPut.bind(chunks);
		let writes = 0;
		// The third transaction of chunks hits a full disk, as IndexedDB reports it.
		chunks.bulkPut = ((...args: Parameters<typeof bulkPut>) => {
			if (++writes >= 3)
				return Promise.reject(new DOMException('full', 'QuotaExceededError')) as never;
			return bulkPut(...args);
		}) as typeof bulkPut;
		const summary = await runImport({
			vault,
			items: Array.from({ length: 30 }, (_, i) => itemFromBytes(`IM${i}`, imageFile(study, 0, i))),
			source: { kind: 'files', label: 'thirty files' }
		});
		expect(summary.stoppedBy?.code).toBe('quota');
		const [listed] = await vault.studies.listStudies();
		const [series] = await vault.studies.listSeries(listed!.id);
		const instances = await vault.studies.listInstances(series!.id);
		expect(summary.imported).toBe(instances.length);
		expect(summary.imported).toBeGreaterThan(0);
		expect(summary.imported).toBeLessThan(30);
		expect(listed).toMatchObject({ complete: false, instanceCount: instances.length });
		// Every instance row that exists has all of its bytes: no row landed without its chunks.
		for (const instance of instances) {
			expect((await vault.studies.readInstance(instance.id)).length).toBe(instance.size);
		}
		expect(await vault.db.chunks.count()).toBe(instances.length);
	});
});

describe('a disk with no room left after the first record', () => {
	it('still returns the summary (quota), the study marked incomplete, nothing thrown', async () => {
		const vault = await newTestVault();
		const full = () => Promise.reject(new DOMException('full', 'QuotaExceededError')) as never;
		for (const table of [vault.db.series, vault.db.instances, vault.db.chunks]) {
			(table as unknown as { put: unknown }).put = full;
			(table as unknown as { bulkPut: unknown }).bulkPut = full;
		}
		// The study's own record lands (marked incomplete); every write after it, recounting included, fails.
		const putStudy = vault.db.studies.put.bind(vault.db.studies);
		let studyWrites = 0;
		vault.db.studies.put = ((...args: Parameters<typeof putStudy>) =>
			++studyWrites === 1 ? putStudy(...args) : full()) as typeof putStudy;
		const study = syntheticStudy(42);
		const summary = await runImport({
			vault,
			items: [0, 1, 2].map((i) => itemFromBytes(`IM${i}`, imageFile(study, 0, i))),
			source: { kind: 'files', label: 'three files' }
		});
		expect(summary.stoppedBy?.code).toBe('quota');
		expect(summary.imported).toBe(0);
		const [listed] = await vault.studies.listStudies();
		expect(listed).toMatchObject({ complete: false, instanceCount: 0 });
	});
});
