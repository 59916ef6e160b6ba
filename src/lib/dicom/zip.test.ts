import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { studyFiles, syntheticStudy, zipOf } from '../../../tests/fixtures/dicom/generate';
import { DicomError } from './errors';
import { DEFAULT_ZIP_LIMITS, looksLikeZip, readZip, type ZipEntry } from './zip';
import { piecewise } from '../../../tests/fixtures/streams';

const streamOf = (bytes: Uint8Array, chunk = 1000) => piecewise(bytes, chunk);

async function collect(stream: ReadableStream<Uint8Array>, limits = DEFAULT_ZIP_LIMITS) {
	const out: ZipEntry[] = [];
	for await (const entry of readZip(stream, limits)) out.push(entry);
	return out;
}

describe('readZip', () => {
	const files = studyFiles(syntheticStudy(3, { pdfReport: true }));

	it('streams every file out, nested folders included, byte for byte', async () => {
		const zip = zipOf(files, 'export/patient/');
		expect(looksLikeZip(zip)).toBe(true);
		const entries = await collect(streamOf(zip));
		expect(entries.map((e) => e.path)).toEqual(files.map((f) => `export/patient/${f.path}`));
		entries.forEach((e, i) => expect(e.bytes).toEqual(files[i]!.bytes));
	});

	it('reads stored (uncompressed) entries too', async () => {
		const zip = zipSync({ 'a.dcm': files[0]!.bytes }, { level: 0 });
		const entries = await collect(streamOf(zip, 7));
		expect(entries[0]!.bytes).toEqual(files[0]!.bytes);
	});

	it('refuses a zip bomb by ratio', async () => {
		const zeros = new Uint8Array(8 * 1024 * 1024);
		const zip = zipSync({ 'bomb.dcm': zeros }, { level: 9 });
		const limits = { ...DEFAULT_ZIP_LIMITS, ratioGraceBytes: 1024 * 1024, maxRatio: 100 };
		await expect(collect(streamOf(zip, 64 * 1024), limits)).rejects.toMatchObject({
			code: 'zip-bomb'
		});
	});

	it('refuses an entry past the size limit and an archive past the total limit', async () => {
		const zip = zipSync({ 'a.dcm': new Uint8Array(4096), 'b.dcm': new Uint8Array(4096) });
		await expect(
			collect(streamOf(zip), { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 1000 })
		).rejects.toBeInstanceOf(DicomError);
		await expect(
			collect(streamOf(zip), { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 6000 })
		).rejects.toMatchObject({ code: 'zip-bomb' });
	});

	it('says a cut-off zip is damaged, after the whole entries before the cut', async () => {
		const zip = zipOf(files);
		const cut = zip.subarray(0, Math.floor(zip.length / 2));
		const got: ZipEntry[] = [];
		let failure: unknown = null;
		try {
			for await (const entry of readZip(streamOf(cut))) got.push(entry);
		} catch (error) {
			failure = error;
		}
		expect(failure).toMatchObject({ code: 'zip-damaged' });
		expect(got.length).toBeGreaterThan(0);
		expect(got.length).toBeLessThan(files.length);
		got.forEach((e, i) => expect(e.bytes).toEqual(files[i]!.bytes));
	});

	it('does not mistake DICOM for a zip', () => {
		expect(looksLikeZip(files[0]!.bytes)).toBe(false);
	});
});
