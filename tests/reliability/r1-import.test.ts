import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicomFile } from '../../src/lib/dicom';
import { runImport, type ImportSummary } from '../../src/lib/import';
import { itemFromBytes, type ImportItem } from '../../src/lib/import';
import type { Vault } from '../../src/lib/vault';
import { studyFiles, syntheticStudy } from '../fixtures/dicom/generate';
import {
	PYDICOM_TEST_FILES,
	SHARED_DICOM,
	hasPydicomFiles,
	hasSharedDicom
} from '../fixtures/shared';
import { newTestVault } from '../fixtures/vault';
import { hostileCorpus, hostileDisc } from './import-corpus';
import { RELIABILITY_SCALE, reportRow } from './report';

/** No single file may hold the import up longer than this (parsing never decodes pixels). */
const PER_FILE_MS = 5_000;

const control = syntheticStudy(790, {
	description: 'Control study',
	series: [{ uid: '1.2.826.0.1.3680043.10.1337.790.1', description: 'Axial', count: 5 }],
	pdfReport: true
});

/** Imports `items`, timing each file from the progress events. */
async function timedImport(vault: Vault, items: ImportItem[]) {
	const durations = new Map<string, number>();
	let current = '';
	let since = performance.now();
	const summary = await runImport({
		vault,
		items,
		source: { kind: 'files', label: 'fuzz' },
		zipLimits: {
			maxEntryBytes: 64 * 1024 * 1024,
			maxTotalBytes: 256 * 1024 * 1024,
			maxRatio: 100,
			ratioGraceBytes: 1024 * 1024,
			maxEntries: 10_000
		},
		onProgress: (p) => {
			const now = performance.now();
			if (current) durations.set(current, (durations.get(current) ?? 0) + now - since);
			current = p.currentPath;
			since = now;
		}
	});
	return { summary, slowest: Math.max(0, ...durations.values()), durations };
}

/** Every instance in the vault reads back whole and parses: nothing half-written, nothing corrupted. */
async function unreadable(vault: Vault): Promise<number> {
	let bad = 0;
	for (const study of await vault.studies.listStudies()) {
		for (const series of await vault.studies.listSeries(study.id)) {
			for (const instance of await vault.studies.listInstances(series.id)) {
				try {
					const bytes = await vault.studies.readInstance(instance.id);
					if (bytes.length !== instance.size) bad++;
					else parseDicomFile(bytes);
				} catch {
					bad++;
				}
			}
		}
	}
	return bad;
}

async function controlIntact(vault: Vault) {
	const studies = await vault.studies.listStudies();
	const study = studies.find((s) => s.StudyInstanceUID === control.studyUID);
	return study?.instanceCount === 6 && study.imageCount === 5 && study.reportCount === 1;
}

function outcomesFor(summary: ImportSummary, paths: string[]) {
	const skipped = new Map(summary.skipped.map((s) => [s.path, s]));
	return paths.map((path) => ({ path, skip: skipped.get(path) }));
}

describe('R1: hostile input on import', () => {
	it('every mutated, truncated or foreign file gets a named outcome in bounded time; the rest is imported and the vault stays whole', async () => {
		const vault = await newTestVault();
		const corpus = hostileCorpus({ seed: 20261129, scale: RELIABILITY_SCALE });
		const controlFiles = studyFiles(control, 1);
		// Control files go first and last: a hostile file in between must not stop or spoil the import.
		const items = [
			...controlFiles.slice(0, 3).map((f) => itemFromBytes(`control/${f.path}`, f.bytes)),
			...corpus.map((c) => itemFromBytes(`hostile/${c.name}`, c.bytes)),
			...controlFiles.slice(3).map((f) => itemFromBytes(`control/${f.path}`, f.bytes))
		];
		const { summary, slowest, durations } = await timedImport(vault, items);
		expect(summary.stoppedBy).toBeNull();
		// Every file is accounted for: stored, already there, or skipped with a reason (zips count their entries).
		const outcomes = outcomesFor(
			summary,
			corpus.map((c) => `hostile/${c.name}`)
		);
		const plainFiles =
			corpus.filter((c) => !c.name.startsWith('zip-')).length + controlFiles.length;
		const plainSkipped = summary.skipped.filter((s) => !s.path.includes('zip-')).length;
		expect(summary.imported + summary.duplicates + plainSkipped).toBeGreaterThanOrEqual(plainFiles);
		const wronglyAccepted = corpus.filter(
			(c, i) => c.expect === 'skip' && !outcomes[i]!.skip && !c.name.startsWith('zip-')
		);
		expect(wronglyAccepted.map((c) => c.name)).toEqual([]);
		for (const s of summary.skipped) {
			expect(s.reason, s.path).toBeTruthy();
			expect(s.detail, s.path).toBeTypeOf('string');
		}
		expect(
			summary.skipped.some((s) => s.path.startsWith('hostile/zip-bomb') && s.reason === 'zip-bomb')
		).toBe(true);
		const slowFile = [...durations].find(([, ms]) => ms === slowest)?.[0];
		expect(slowest, `slowest file: ${slowFile}`).toBeLessThan(PER_FILE_MS);
		expect(await controlIntact(vault)).toBe(true);
		const lost = await unreadable(vault);
		expect(lost).toBe(0);
		reportRow('R1-files', {
			check: 'R1 hostile files on import (mutations, truncations, foreign files, zips)',
			cases: corpus.length,
			passed: corpus.length - wronglyAccepted.length,
			lost,
			notes: `${summary.skipped.length} refused with a reason; slowest file ${slowest.toFixed(0)} ms`
		});
	}, 180_000);

	it('a DICOMDIR that lists missing files and files outside the disc: those are named, the rest imported', async () => {
		const vault = await newTestVault();
		const disc = hostileDisc();
		const { summary } = await timedImport(
			vault,
			disc.files.map((f) => itemFromBytes(`CDROM/${f.path}`, f.bytes))
		);
		const missing = summary.skipped.filter((s) => s.reason === 'missing-file');
		// The missing one and the two outside the disc: none may be read from anywhere else.
		expect(missing).toHaveLength(disc.listedMissing + disc.listedOutside);
		expect(summary.imported).toBe(disc.files.length - 1);
		expect(await unreadable(vault)).toBe(0);
		reportRow('R1-disc', {
			check: 'R1 DICOMDIR with missing and outside-the-disc entries',
			cases: disc.listedMissing + disc.listedOutside,
			passed: missing.length,
			lost: 0
		});
	});

	it.runIf(hasSharedDicom)('every file of ../shared/dicom/bad gets its named outcome', async () => {
		const vault = await newTestVault();
		const dir = join(SHARED_DICOM, 'bad');
		const names = readdirSync(dir).filter((n) => n !== 'BROKEN.tsv');
		const { summary, slowest } = await timedImport(vault, [
			...studyFiles(control, 1).map((f) => itemFromBytes(`control/${f.path}`, f.bytes)),
			...names.map((n) => itemFromBytes(`bad/${n}`, new Uint8Array(readFileSync(join(dir, n)))))
		]);
		expect(summary.stoppedBy).toBeNull();
		expect(slowest).toBeLessThan(PER_FILE_MS);
		expect(await controlIntact(vault)).toBe(true);
		expect(await unreadable(vault)).toBe(0);
		const skipped = summary.skipped.filter((s) => s.path.startsWith('bad/'));
		reportRow('R1-shared', {
			check: 'R1 ../shared/dicom/bad (each named defect)',
			cases: names.length,
			passed: names.length,
			lost: 0,
			notes: `${skipped.length} refused with a reason, the rest readable as far as they go`
		});
	});

	it.runIf(hasPydicomFiles)(
		"pydicom's test files imported as one folder: every file read or named, grouped as pydicom's README lists them",
		async () => {
			const vault = await newTestVault();
			const paths = readdirSync(PYDICOM_TEST_FILES, { recursive: true, withFileTypes: true })
				.filter((d) => d.isFile())
				.map((d) => join(d.parentPath, d.name));
			const { summary, slowest, durations } = await timedImport(
				vault,
				paths.map((p) =>
					itemFromBytes(
						`test_files/${relative(PYDICOM_TEST_FILES, p)}`,
						new Uint8Array(readFileSync(p))
					)
				)
			);
			expect(summary.stoppedBy).toBeNull();
			const slowFile = [...durations].find(([, ms]) => ms === slowest)?.[0];
			expect(slowest, `slowest file: ${slowFile}`).toBeLessThan(PER_FILE_MS);
			// Each refusal is one of the named reasons with what was found, never an unexpected exception.
			for (const s of summary.skipped) {
				expect(s.reason, `${s.path}: ${s.detail}`).not.toBe('read-failed');
				expect(s.detail, s.path).toBeTruthy();
			}
			// Broken ones named for what they are.
			const reasonOf = (name: string) =>
				summary.skipped.find((s) => s.path === `test_files/${name}`)?.reason;
			expect(reasonOf('MR_truncated.dcm')).toBe('truncated');
			expect(reasonOf('rtplan_truncated.dcm')).toBe('truncated');
			expect(reasonOf('README.txt')).toBe('not-dicom');
			expect(reasonOf('priv_SQ.dcm')).toBe('missing-uid');

			// dicomdirtests/ is a disc (a DICOMDIR at its root) with a second one in TINY_ALPHA/: both are followed.
			const byPatient = new Map<string, string[]>();
			let tiny = 0;
			for (const study of await vault.studies.listStudies()) {
				const series = await vault.studies.listSeries(study.id);
				const counts = await Promise.all(
					series.map(async (se) => (await vault.studies.listInstances(se.id)).length)
				);
				if (study.patient.PatientID === '12345678') tiny += counts.reduce((a, b) => a + b, 0);
				const list = byPatient.get(study.patient.PatientID) ?? [];
				list.push(`${study.modalities.join('+')} ${counts.sort((a, b) => a - b).join(',')}`);
				byPatient.set(study.patient.PatientID, list);
			}
			expect(tiny).toBe(50);
			// pydicom's dicomdirtests/README.txt: patient, studies, and each study's series sizes.
			expect(byPatient.get('77654033')?.sort()).toEqual(['CR 1,1,1', 'CT 4']);
			expect(byPatient.get('98890234')?.sort()).toEqual(['CT 2,5', 'MR 1,1', 'MR 1,3', 'MR 1,3,7']);
			expect(await unreadable(vault)).toBe(0);
			reportRow('R1-pydicom', {
				check: "R1 pydicom's test files (python3-pydicom) imported as a folder",
				cases: paths.length,
				passed: paths.length,
				lost: 0,
				notes: `${summary.imported} imported, ${summary.duplicates} already there, ${summary.skipped.length} refused with a reason; slowest file ${slowest.toFixed(0)} ms`
			});
		}
	);
});
