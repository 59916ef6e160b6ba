import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	imageFile,
	pdfReportFile,
	syntheticStudy,
	dicomdirFor,
	studyFiles
} from '../../../tests/fixtures/dicom/generate';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { checkDisplayable } from './displayable';
import { DicomError } from './errors';
import { parseDicomFile } from './parse';
import { formatDicomDate, formatPersonName } from './format';

function reason(bytes: Uint8Array): string {
	try {
		parseDicomFile(bytes);
		return 'ok';
	} catch (error) {
		expect(error).toBeInstanceOf(DicomError);
		return (error as DicomError).code;
	}
}

describe('parseDicomFile', () => {
	const study = syntheticStudy(1, {
		patientName: 'Müller^Jürgen',
		description: 'Thorax über alles'
	});

	it('reads the identity, hierarchy and display fields of an image', () => {
		const info = parseDicomFile(imageFile(study, 0, 2));
		expect(info.StudyInstanceUID).toBe(study.studyUID);
		expect(info.SeriesInstanceUID).toBe(study.series[0]!.uid);
		expect(info.SOPInstanceUID).toBe(`${study.series[0]!.uid}.3`);
		expect(info.kind).toBe('image');
		expect(info.patient.PatientName).toBe('Müller^Jürgen');
		expect(info.study.StudyDescription).toBe('Thorax über alles');
		expect(info.series.Modality).toBe('CT');
		expect(info.series.BodyPartExamined).toBe('CHEST');
		expect(info.instance).toMatchObject({ InstanceNumber: 3, Rows: 8, Columns: 8 });
	});

	it('classifies an Encapsulated PDF as a report', () => {
		const info = parseDicomFile(pdfReportFile(study));
		expect(info.kind).toBe('pdf');
		expect(info.instance.DocumentTitle).toBe('Radiology report');
	});

	it('gives a reason for each kind of bad file', () => {
		const good = imageFile(study, 0, 0);
		expect(
			reason(new TextEncoder().encode('hello, this is a text file that is not DICOM at all'))
		).toBe('not-dicom');
		expect(reason(new Uint8Array(0))).toBe('not-dicom');
		expect(reason(good.subarray(0, good.length - 40))).toBe('truncated');
		expect(reason(good.subarray(0, 300))).toBe('truncated');
		expect(reason(imageFile(study, 0, 0, { pixelBytes: 16 }))).toBe('truncated');
		expect(reason(dicomdirFor(studyFiles(study)))).toBe('directory');
		const noUid = part10([[0x00100010, 'PN', 'X^Y']], {
			sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
			sopInstanceUID: ''
		});
		expect(reason(noUid)).toBe('missing-uid');
		expect(() => parseDicomFile(good, { maxBytes: 100 })).toThrow(/too-large/);
	});

	it('reads an Implicit VR dataset under an explicit header, and names the reverse', () => {
		const elements = [
			[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
			[0x00080018, 'UI', '1.2.3.4.5'],
			[0x00100010, 'PN', 'Encoding^Mismatch'],
			[0x0020000d, 'UI', '1.2.3'],
			[0x0020000e, 'UI', '1.2.3.4'],
			[0x00280010, 'US', 2],
			[0x00280011, 'US', 2],
			[0x7fe00010, 'OW', new Uint8Array(8)]
		] satisfies Parameters<typeof part10>[0];
		const meta = { sopClassUID: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUID: '1.2.3.4.5' };
		const implicitBody = part10(elements, { ...meta, transferSyntaxUID: '1.2.840.10008.1.2' });
		const explicitBody = part10(elements, meta);
		// The meta header of one with the dataset of the other (pydicom's SC_rgb_jpeg.dcm, written by highdicom
		// 0.1.0, is Implicit VR under JPEG Baseline).
		const start = (b: Uint8Array) =>
			144 + new DataView(b.buffer, b.byteOffset).getUint32(140, true);
		const swap = (head: Uint8Array, body: Uint8Array) =>
			new Uint8Array([...head.subarray(0, start(head)), ...body.subarray(start(body))]);
		const implicitUnderExplicit = swap(explicitBody, implicitBody);
		const explicitUnderImplicit = swap(implicitBody, explicitBody);
		const refusal = (bytes: Uint8Array) => {
			try {
				parseDicomFile(bytes);
			} catch (error) {
				return (error as DicomError).detail;
			}
			return 'read';
		};
		// Implicit VR under an explicit header is read as GDCM reads it; the other way round is refused for what it is.
		expect(refusal(implicitUnderExplicit)).toBe('read');
		const info = parseDicomFile(implicitUnderExplicit);
		expect(info.patient.PatientName).toBe('Encoding^Mismatch');
		expect([info.instance.Rows, info.instance.Columns, info.SeriesInstanceUID]).toEqual([
			2,
			2,
			'1.2.3.4'
		]);
		expect(refusal(explicitUnderImplicit)).toBe(
			'its dataset is written in Explicit VR, but its header says Implicit VR Little Endian'
		);
	});

	it('says so when the meta header has no transfer syntax, in words, not the parser’s', () => {
		// pydicom's meta_missing_tsyntax.dcm class: dcmtk cannot read the dataset either.
		const good = imageFile(syntheticStudy(3), 0, 0);
		const text = new TextDecoder('latin1').decode(good);
		const at = text.indexOf('\x02\x00\x10\x00UI');
		// Renumber (0002,0010) to the unused (0002,0011): same length, no transfer syntax left.
		const bytes = good.slice();
		bytes[at + 2] = 0x11;
		expect(() => parseDicomFile(bytes)).toThrow(
			expect.objectContaining({
				code: 'unreadable-header',
				detail: 'its header does not say how its data is encoded (no Transfer Syntax UID)'
			})
		);
	});

	it('reads a dataset written without preamble or meta header (implicit VR)', () => {
		// Implicit VR LE: tag, 4-byte length, value.
		const el = (group: number, element: number, value: string) => {
			const v = new TextEncoder().encode(value.length % 2 ? value + '\0' : value);
			const out = new Uint8Array(8 + v.length);
			const view = new DataView(out.buffer);
			view.setUint16(0, group, true);
			view.setUint16(2, element, true);
			view.setUint32(4, v.length, true);
			out.set(v, 8);
			return out;
		};
		const parts = [
			el(0x0008, 0x0016, '1.2.840.10008.5.1.4.1.1.4'),
			el(0x0008, 0x0018, '1.2.3.4.5'),
			el(0x0008, 0x0060, 'MR'),
			el(0x0010, 0x0010, 'RAW^DATASET'),
			el(0x0020, 0x000d, '1.2.3'),
			el(0x0020, 0x000e, '1.2.3.4')
		];
		const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
		let o = 0;
		for (const p of parts) {
			bytes.set(p, o);
			o += p.length;
		}
		const info = parseDicomFile(bytes);
		expect(info.series.Modality).toBe('MR');
		expect(info.patient.PatientName).toBe('RAW^DATASET');
	});

	it('reads a dataset written without preamble or meta header in Explicit VR Big Endian', () => {
		// pydicom's ExplVR_BigEndNoMeta.dcm, as old big-endian workstations wrote them: dcmtk reads it.
		const el = (group: number, element: number, vr: string, value: string | number) => {
			const v =
				typeof value === 'number'
					? new Uint8Array([value >> 8, value & 255])
					: new TextEncoder().encode(value.length % 2 ? value + (vr === 'UI' ? '\0' : ' ') : value);
			const out = new Uint8Array(8 + v.length);
			const view = new DataView(out.buffer);
			view.setUint16(0, group, false);
			view.setUint16(2, element, false);
			out.set(new TextEncoder().encode(vr), 4);
			view.setUint16(6, v.length, false);
			out.set(v, 8);
			return out;
		};
		const bytes = new Uint8Array(
			[
				el(0x0008, 0x0005, 'CS', 'ISO_IR 100'),
				el(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
				el(0x0008, 0x0018, 'UI', '1.2.3.4.5'),
				el(0x0008, 0x0060, 'CS', 'MR'),
				el(0x0010, 0x0010, 'PN', 'BIG^ENDIAN'),
				el(0x0020, 0x000d, 'UI', '1.2.3'),
				el(0x0020, 0x000e, 'UI', '1.2.3.4'),
				el(0x0028, 0x0010, 'US', 64)
			].flatMap((p) => [...p])
		);
		const info = parseDicomFile(bytes);
		expect(info.TransferSyntaxUID).toBe('1.2.840.10008.1.2.2');
		expect(info.patient.PatientName).toBe('BIG^ENDIAN');
		expect(info.instance.Rows).toBe(64);
	});
});

describe('parseDicomFile on odd native images (issue 16)', () => {
	const classFile = (name: string) =>
		new Uint8Array(
			readFileSync(join(import.meta.dirname, '../../../tests/fixtures/classes', name))
		);
	const ybr422 = (pixelBytes: number) =>
		part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
				[0x00080018, 'UI', '1.2.3.4'],
				[0x0020000d, 'UI', '1.2.3'],
				[0x0020000e, 'UI', '1.2.3.5'],
				[0x00280002, 'US', 3],
				[0x00280004, 'CS', 'YBR_FULL_422'],
				[0x00280010, 'US', 4],
				[0x00280011, 'US', 6],
				[0x00280100, 'US', 8],
				[0x7fe00010, 'OB', new Uint8Array(pixelBytes)]
			],
			{ sopClassUID: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUID: '1.2.3.4' }
		);

	it('imports uncompressed YBR_FULL_422, two bytes per pixel (pydicom SC_ybr_full_422_uncompressed)', () => {
		const info = parseDicomFile(classFile('ybr_full_422_uncompressed.dcm'));
		expect(info.kind).toBe('image');
		expect(info.instance).toMatchObject({
			Rows: 100,
			Columns: 100,
			SamplesPerPixel: 3,
			PhotometricInterpretation: 'YBR_FULL_422'
		});
		expect(reason(ybr422(4 * 6 * 2))).toBe('ok');
		expect(() => parseDicomFile(ybr422(4 * 6 * 2 - 2))).toThrow(
			'the image data has 46 bytes where its size needs 48'
		);
	});

	it("flags an image whose pixels are only in a vendor's private element, and says so", () => {
		const info = parseDicomFile(classFile('private_pixels_no_pixel_data.dcm'));
		expect(info.kind).toBe('other');
		expect(info.instance.privatePixels).toBe(true);
		expect(checkDisplayable({ ...info, ...info.instance })).toEqual({
			ok: false,
			reason: { code: 'private-pixels' }
		});
		// A header with a small private element and no pixels holds no image.
		const plain = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
				[0x00080018, 'UI', '1.2.3.4'],
				[0x00090010, 'LO', 'VENDOR'],
				[0x00091010, 'OB', new Uint8Array(64)],
				[0x0020000d, 'UI', '1.2.3'],
				[0x0020000e, 'UI', '1.2.3.5'],
				[0x00280010, 'US', 64],
				[0x00280011, 'US', 64]
			],
			{ sopClassUID: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUID: '1.2.3.4' }
		);
		const noImage = parseDicomFile(plain);
		expect(noImage.instance.privatePixels).toBeUndefined();
		expect(checkDisplayable({ ...noImage, ...noImage.instance })).toMatchObject({
			reason: { code: 'no-image' }
		});
	});
});

describe('display formats', () => {
	it.each([
		['DOE^JANE', 'JANE DOE'],
		['Yamada^Tarou=山田^太郎=やまだ^たろう', 'Tarou Yamada'],
		['SMITH^JOHN^Q^DR^JR', 'DR JOHN Q SMITH, JR'],
		['', '']
	])('formats the person name %s', (pn, shown) => expect(formatPersonName(pn)).toBe(shown));

	it.each([
		['20240115', '2024-01-15'],
		['2024.01.15', '2024-01-15'],
		['', ''],
		['2024', '']
	])('formats the date %s', (da, shown) => expect(formatDicomDate(da)).toBe(shown));
});

describe.runIf(hasSharedDicom)('the public corpus in ../shared/dicom', () => {
	const brokenFiles = () =>
		readFileSync(join(SHARED_DICOM, 'bad/BROKEN.tsv'), 'utf8')
			.trim()
			.split('\n')
			.slice(1)
			.map((line) => line.split('\t')[0]!);

	it.each(['ct', 'mr', 'us', 'xr', 'mg', 'pt', 'reports'])('reads every file under %s/', (dir) => {
		const files = readdirSync(join(SHARED_DICOM, dir), { recursive: true, withFileTypes: true })
			.filter((d) => d.isFile())
			.map((d) => join(d.parentPath, d.name));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) {
			const info = parseDicomFile(new Uint8Array(readFileSync(file)));
			expect(info.StudyInstanceUID, file).toMatch(/^[0-9.]+$/);
		}
	});

	it('names the character sets of the charset CD correctly', () => {
		const read = (name: string) =>
			parseDicomFile(
				new Uint8Array(readFileSync(join(SHARED_DICOM, 'cd-dicomdir/clunie_charsets', name)))
			).patient.PatientName;
		expect(read('SCSGREEK')).toContain('Διονυσιος');
		expect(read('SCSRUSS')).toContain('Люкceмбypг');
		expect(read('SCSH31')).toContain('山田');
	});

	it('refuses the files whose defects make them unreadable, with a reason', () => {
		const broken = brokenFiles();
		const refused = broken.filter((path) => {
			const r = reason(new Uint8Array(readFileSync(join(SHARED_DICOM, path))));
			return r !== 'ok';
		});
		// The Acuson file is damaged only in a way pydicom and dicom-parser both tolerate: it stays importable.
		expect(refused).toEqual(broken.filter((p) => !p.includes('us_acuson_65f_bad_item_delimiter')));
	});
});
