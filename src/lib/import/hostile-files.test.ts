import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { studyFiles, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { newTestVault } from '../../../tests/fixtures/vault';
import { runImport } from './pipeline';
import { itemFromBytes } from './sources';

/**
 * The parser fuzzer's hostile files (tests/fixtures/classes/fuzz-*.fuzz) among good ones: every good file is
 * imported, and each hostile one is either read or skipped with one of the import's reasons and a detail a
 * patient can read — never 'read-failed' carrying a JavaScript error's text.
 */
const CLASSES = join(import.meta.dirname, '../../../tests/fixtures/classes');
/** What a JavaScript error, a thrown number or object, or a C++ exception pointer looks like as text. */
const NOT_FOR_PATIENTS =
	/cannot read propert|is not a function|maximum call stack|\[object |^\d+$|dicomParser\.|TypeError|RangeError/i;

describe('hostile files among good ones', () => {
	it('are each skipped with a specific reason or read, and the good files all import', async () => {
		const vault = await newTestVault();
		const good = studyFiles(syntheticStudy(61, { description: 'Good study' }), 1);
		const hostile = readdirSync(CLASSES)
			.filter((name) => name.startsWith('fuzz-') && name.endsWith('.fuzz'))
			.map((name) => ({
				// The cut DICOMDIR is read as one only under that name.
				path: name.includes('dicomdir') ? `disc/DICOMDIR` : `hostile/${name}`,
				bytes: new Uint8Array(readFileSync(join(CLASSES, name)))
			}));
		expect(hostile.length).toBeGreaterThanOrEqual(8);
		const summary = await runImport({
			vault,
			items: [
				...good.slice(0, 2).map((f) => itemFromBytes(`good/${f.path}`, f.bytes)),
				...hostile.map((h) => itemFromBytes(h.path, h.bytes)),
				...good.slice(2).map((f) => itemFromBytes(`good/${f.path}`, f.bytes))
			],
			source: { kind: 'files', label: 'hostile' }
		});
		expect(summary.stoppedBy).toBeNull();
		for (const skip of summary.skipped) {
			expect(skip.reason, skip.path).not.toBe('read-failed');
			expect(skip.detail, skip.path).not.toMatch(NOT_FOR_PATIENTS);
			expect(skip.detail.length, skip.path).toBeGreaterThan(8);
		}
		const skippedPaths = summary.skipped.map((s) => s.path).sort();
		expect(skippedPaths).toEqual(
			[
				'disc/DICOMDIR',
				'hostile/fuzz-deflated-cut.fuzz',
				'hostile/fuzz-explicit-body-says-implicit.fuzz',
				'hostile/fuzz-nested-3000-deep.fuzz',
				'hostile/fuzz-sr-sequence-undefined-length.fuzz'
			].sort()
		);
		// The good study, plus the hostile files that are readable (their pixels are the viewer's problem); two of
		// those come from the same pydicom file, so one is a duplicate.
		expect(summary.imported + summary.duplicates).toBe(
			good.length + hostile.length - skippedPaths.length
		);
		const studies = await vault.studies.listStudies();
		expect(studies.find((s) => s.study.StudyDescription === 'Good study')?.instanceCount).toBe(
			good.length
		);
	});
});
