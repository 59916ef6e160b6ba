import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';
import { deidentify, UidMap } from './deidentify';
import { dicomParser } from './dicom-parser';
import { parseDicomFile } from './parse';

const STUDY = '1.2.826.0.1.3680043.10.1337.77';
const CT = '1.2.840.10008.5.1.4.1.1.2';

function file(instance: number, transferSyntaxUID?: string): Uint8Array {
	const sop = `${STUDY}.1.${instance}`;
	const elements: Element[] = [
		[0x00080016, 'UI', CT],
		[0x00080018, 'UI', sop],
		[0x00080020, 'DA', '20250302'],
		[0x00080030, 'TM', '101500'],
		[0x00080050, 'SH', 'ACC12345'],
		[0x00080060, 'CS', 'CT'],
		[0x00080080, 'LO', 'Saint Elsewhere Hospital'],
		[0x00080090, 'PN', 'REFERRER^ROBERTA'],
		[0x00081030, 'LO', 'CT chest'],
		[
			0x00081140,
			'SQ',
			[
				[
					[0x00081150, 'UI', CT],
					[0x00081155, 'UI', `${STUDY}.1.${instance === 1 ? 2 : 1}`]
				]
			]
		],
		[0x00100010, 'PN', 'DOE^JANE^Q'],
		[0x00100020, 'LO', 'MRN-0042-77'],
		[0x00100030, 'DA', '19610214'],
		[0x00100040, 'CS', 'F'],
		[0x00101010, 'AS', '064Y'],
		[0x00180015, 'CS', 'CHEST'],
		[0x0020000d, 'UI', STUDY],
		[0x0020000e, 'UI', `${STUDY}.1`],
		[0x00200013, 'IS', String(instance)],
		[0x00200052, 'UI', `${STUDY}.9`],
		[0x00280002, 'US', 1],
		[0x00280004, 'CS', 'MONOCHROME2'],
		[0x00280010, 'US', 2],
		[0x00280011, 'US', 2],
		[0x00280100, 'US', 16],
		[0x00280101, 'US', 12],
		[0x00280102, 'US', 11],
		[0x00280103, 'US', 0],
		[0x00290010, 'LO', 'ACME PRIVATE'],
		[0x00291010, 'LO', 'DOE JANE home 555-0100'],
		[
			0x00400275,
			'SQ',
			[
				[
					[0x00400009, 'SH', 'SPS-9981'],
					[0x00401001, 'SH', 'RP-1234']
				]
			]
		],
		[0x7fe00010, 'OW', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]
	];
	return part10(elements, { sopClassUID: CT, sopInstanceUID: sop, transferSyntaxUID });
}

const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b);

describe('deidentify (PS3.15 Annex E basic profile, in place)', () => {
	it('empties names, IDs, dates, places, descriptions, private data and removed sequences; keeps pixels and size', () => {
		const original = file(1);
		const { bytes } = deidentify(original, new UidMap());
		expect(bytes.length).toBe(original.length);
		const text = latin1(bytes);
		for (const secret of [
			'DOE',
			'JANE',
			'MRN-0042-77',
			'19610214',
			'20250302',
			'ACC12345',
			'Saint Elsewhere',
			'REFERRER',
			'CT chest',
			'064Y',
			'SPS-9981',
			'RP-1234',
			'555-0100'
		]) {
			expect(text, secret).not.toContain(secret);
		}
		const ds = dicomParser.parseDicom(bytes);
		expect(ds.string('x00100010') ?? '').toBe('');
		expect(ds.string('x00080060')).toBe('CT'); // kept: modality
		expect(ds.string('x00180015')).toBe('CHEST'); // kept: body part
		expect(ds.string('x00080016')).toBe(CT); // a class UID is not an identity
		const px = ds.elements.x7fe00010!;
		expect([...bytes.subarray(px.dataOffset, px.dataOffset + px.length)]).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8
		]);
		// Radfolio still reads it as an image of a study.
		expect(parseDicomFile(bytes)).toMatchObject({ kind: 'image', series: { Modality: 'CT' } });
	});

	it('replaces every UID with a new one of the same length, the same way across the files of a share', () => {
		const uids = new UidMap();
		const a = dicomParser.parseDicom(deidentify(file(1), uids).bytes);
		const b = dicomParser.parseDicom(deidentify(file(2), uids).bytes);
		const study = a.string('x0020000d')!;
		expect(study).not.toBe(STUDY);
		expect(study).toHaveLength(STUDY.length);
		expect(study).toMatch(/^2\.25\.[1-9][0-9]*$/);
		expect(b.string('x0020000d')).toBe(study);
		expect(b.string('x0020000e')).toBe(a.string('x0020000e'));
		expect(a.string('x00080018')).not.toBe(b.string('x00080018'));
		expect(a.string('x00020003')).toBe(a.string('x00080018')); // file meta follows the dataset
		// A reference to the other file points at that file's new UID.
		const ref = a.elements.x00081140!.items![0]!.dataSet!.string('x00081155');
		expect(ref).toBe(b.string('x00080018'));
		expect(a.elements.x00081140!.items![0]!.dataSet!.string('x00081150')).toBe(CT);
	});

	it.runIf(hasSharedDicom)('works on a real implicit VR file (PET) too', () => {
		const original = new Uint8Array(
			readFileSync(join(SHARED_DICOM, 'pt/philips_pet_implicit.dcm'))
		);
		const before = parseDicomFile(original);
		const { bytes } = deidentify(original, new UidMap());
		const after = parseDicomFile(bytes);
		expect(after.patient.PatientName).toBe('');
		expect(after.patient.PatientID).toBe('');
		expect(after.StudyInstanceUID).not.toBe(before.StudyInstanceUID);
		expect(after.StudyInstanceUID).toHaveLength(before.StudyInstanceUID.length);
		expect(latin1(bytes)).not.toContain(before.patient.PatientID);
		expect(after.series.Modality).toBe('PT');
	});

	it('refuses what it cannot edit safely rather than share it identified', () => {
		expect(() => deidentify(new Uint8Array(200), new UidMap())).toThrow();
	});
});
