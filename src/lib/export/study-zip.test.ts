import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The test reads the zip with fflate itself: an independent reader, not the code under test.
// eslint-disable-next-line no-restricted-imports
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDicomdir } from '$lib/dicom';
import { runImport, itemFromBytes } from '$lib/import';
import { cdLayout, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { newTestVault } from '../../../tests/fixtures/vault';
import { exportStudyZip } from './study-zip';
import { dicomParser } from '$lib/dicom';

async function zipBytes(gen: AsyncGenerator<Uint8Array>) {
	const parts: Uint8Array[] = [];
	for await (const p of gen) parts.push(p.slice());
	return Buffer.concat(parts);
}

describe('Download DICOM files', () => {
	const study = syntheticStudy(31, {
		patientName: 'Müller^Jürgen',
		pdfReport: true,
		srReport: true,
		series: [
			{ uid: '1.2.826.0.1.3680043.10.1337.31.1', description: 'Axial', count: 3 },
			{ uid: '1.2.826.0.1.3680043.10.1337.31.2', description: 'Coronal', count: 2 }
		]
	});

	async function exported() {
		const vault = await newTestVault();
		const cd = cdLayout([study]);
		await runImport({
			vault,
			items: cd.map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'cd', label: 'CD' }
		});
		const [summary] = await vault.studies.listStudies();
		return { vault, cd, zip: await zipBytes(exportStudyZip(vault.studies, summary!)) };
	}

	it('lays the study out as a disc: a DICOMDIR referencing every original file, byte for byte', async () => {
		const { cd, zip } = await exported();
		const files = unzipSync(zip);
		const names = Object.keys(files);
		expect(names[0]).toBe('DICOMDIR');
		expect(names).toHaveLength(8);
		for (const n of names)
			expect(n.split('/').every((part) => /^[A-Z0-9_]{1,8}$/.test(part))).toBe(true);
		const refs = readDicomdir(files['DICOMDIR']!);
		expect(refs.map((r) => r.components.join('/')).sort()).toEqual(names.slice(1).sort());
		expect(refs.map((r) => r.recordType).sort()).toEqual([
			'ENCAP DOC',
			'IMAGE',
			'IMAGE',
			'IMAGE',
			'IMAGE',
			'IMAGE',
			'SR DOCUMENT'
		]);
		const originals = new Set(
			cd
				.filter((f) => f.path.startsWith('DICOM/'))
				.map((f) => Buffer.from(f.bytes).toString('base64'))
		);
		for (const n of names.slice(1))
			expect(originals.has(Buffer.from(files[n]!).toString('base64'))).toBe(true);
	});

	it('links the directory records by offsets a reader can follow: patient → study → series → files', async () => {
		const { zip } = await exported();
		const dicomdir = unzipSync(zip)['DICOMDIR']!;
		const ds = dicomParser.parseDicom(dicomdir);
		const items = ds.elements['x00041220']!.items!;
		const byOffset = new Map(items.map((i) => [i.dataOffset - 8, i.dataSet!]));
		const walk = (offset: number, depth: number, out: string[]) => {
			for (let o = offset; o;) {
				const record = byOffset.get(o);
				expect(record, `no record at offset ${o}`).toBeDefined();
				out.push(`${'  '.repeat(depth)}${record!.string('x00041430')}`);
				const lower = record!.uint32('x00041420') ?? 0;
				if (lower) walk(lower, depth + 1, out);
				o = record!.uint32('x00041400') ?? 0;
			}
			return out;
		};
		const tree = walk(ds.uint32('x00041200')!, 0, []);
		expect(tree).toEqual(
			[
				'PATIENT',
				'  STUDY',
				'    SERIES',
				'      IMAGE',
				'      IMAGE',
				'      IMAGE',
				'    SERIES',
				'      IMAGE',
				'      IMAGE',
				'    SERIES',
				'      SR DOCUMENT',
				'    SERIES',
				'      ENCAP DOC'
			].sort((a, b) => 0 * a.localeCompare(b))
		);
		const patient = byOffset.get(ds.uint32('x00041200')!)!;
		expect(
			new TextDecoder()
				.decode(
					patient.byteArray.subarray(
						patient.elements['x00100010']!.dataOffset,
						patient.elements['x00100010']!.dataOffset + patient.elements['x00100010']!.length
					)
				)
				.trim()
		).toBe('Müller^Jürgen');
	});

	it('imports back into Radfolio as the same study', async () => {
		const { vault, zip } = await exported();
		const again = await runImport({
			vault,
			items: [itemFromBytes('export.zip', zip)],
			source: { kind: 'zip', label: 'export.zip' }
		});
		expect(again).toMatchObject({ imported: 0, duplicates: 7, skipped: [] });
		const fresh = await newTestVault();
		const summary = await runImport({
			vault: fresh,
			items: [itemFromBytes('export.zip', zip)],
			source: { kind: 'zip', label: 'export.zip' }
		});
		expect(summary).toMatchObject({ imported: 7, skipped: [] });
		expect(await fresh.studies.listStudies()).toHaveLength(1);
	});

	it.runIf(existsSync('/usr/bin/dcmdump'))('is read by dcmtk without complaint', async () => {
		const { zip } = await exported();
		const dir = mkdtempSync(join(tmpdir(), 'rf-dicomdir-'));
		writeFileSync(join(dir, 'DICOMDIR'), unzipSync(zip)['DICOMDIR']!);
		const dump = execFileSync('dcmdump', ['-q', join(dir, 'DICOMDIR')], { encoding: 'utf8' });
		expect(dump).toContain('Directory Record');
		expect(dump).toContain('ENCAP DOC');
	});
});
