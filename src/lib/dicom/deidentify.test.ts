import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { encodeItems, part10, type Element } from '../../../tests/fixtures/dicom/write';
import { vrPolyglot } from '../../../tests/fixtures/dicom/vr-polyglot';
import { deidentify, UidMap } from './deidentify';
import { loadDictionary } from './dictionary';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { parseDicomFile } from './parse';

const STUDY = '1.2.826.0.1.3680043.10.1337.77';
const CT = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const IMPLICIT = '1.2.840.10008.1.2';
const PIXELS = [1, 2, 3, 4, 5, 6, 7, 8];
const OVERLAY = [0xa5, 0x5a, 0xa5, 0x5a];
/** Not an attribute of PS3.6 (asserted below), so an Implicit VR file gives no way to tell what it holds. */
const UNKNOWN_PUBLIC_TAG = 0x00321099;

/** Every identifying value the file below holds, as its bytes spell it. */
const SECRETS = [
	'DOE',
	'JANE',
	'MRN-0042-77',
	'19610214',
	'20250302',
	'101500',
	'ACC12345',
	'Saint Elsewhere',
	'REFERRER',
	'CT chest',
	'064Y',
	'SPS-9981',
	'RP-1234',
	'555-0100',
	'ACME PRIVATE',
	// Attributes the old hand-written VR table did not know (they survived in Implicit VR files).
	'20250303', // (0008,0012) InstanceCreationDate
	'101503', // (0008,0013) InstanceCreationTime
	'20250304', // (0018,1012) DateOfSecondaryCapture
	'ASKER', // (0032,1032) RequestingPhysician
	'20250305', // (0040,0244) PerformedProcedureStepStartDate
	'101505', // (0040,0245) PerformedProcedureStepStartTime
	'CTSCAN_ROOM7', // (0040,0241) PerformedStationAETitle
	'CT THORAX SPECIAL', // (0040,0270)[0] (0032,1060) RequestedProcedureDescription
	'SPS-7777', // (0040,0270)[0] (0040,0009) ScheduledProcedureStepID
	'20250306', // (0040,0270)[0] (0040,0100)[0] (0040,0002): a date two sequences deep
	'101506', // … and its time
	'SCHEDULER', // … and a name beside them
	'ECG OF', // (5000,2500) CurveLabel
	'OVERLAYDOC', // (6002,4000) OverlayComments
	'PRIVATE NESTED', // inside a private sequence
	STUDY // every UID of the study starts with it
];

function elements(instance: number): Element[] {
	return [
		[0x00080012, 'DA', '20250303'],
		[0x00080013, 'TM', '101503'],
		[0x00080016, 'UI', CT],
		[0x00080018, 'UI', `${STUDY}.1.${instance}`],
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
		[0x00181012, 'DA', '20250304'],
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
		[0x00291020, 'SQ', [[[0x00291021, 'LO', 'PRIVATE NESTED note on DOE']]]],
		[0x00321032, 'PN', 'ASKER^ANNA'],
		[0x00400241, 'AE', 'CTSCAN_ROOM7'],
		[0x00400244, 'DA', '20250305'],
		[0x00400245, 'TM', '101505'],
		[
			0x00400270,
			'SQ',
			[
				[
					[0x0020000d, 'UI', STUDY],
					[0x00321060, 'LO', 'CT THORAX SPECIAL'],
					[0x00400009, 'SH', 'SPS-7777'],
					[
						0x00400100,
						'SQ',
						[
							[
								[0x00080060, 'CS', 'CT'],
								[0x00400002, 'DA', '20250306'],
								[0x00400003, 'TM', '101506'],
								[0x00400006, 'PN', 'SCHEDULER^SAM']
							]
						]
					]
				]
			]
		],
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
		[0x50002500, 'LO', 'ECG OF THE PATIENT'],
		[0x60000010, 'US', 2],
		[0x60000011, 'US', 2],
		[0x60000100, 'US', 1],
		[0x60003000, 'OW', new Uint8Array(OVERLAY)],
		[0x60024000, 'LT', 'Seen by OVERLAYDOC'],
		[0x7fe00010, 'OW', new Uint8Array(PIXELS)]
	];
}

function file(
	instance: number,
	transferSyntaxUID = EXPLICIT,
	options: { undefinedLengths?: boolean; extra?: Element[] } = {}
): Uint8Array {
	return part10([...elements(instance), ...(options.extra ?? [])], {
		sopClassUID: CT,
		sopInstanceUID: `${STUDY}.1.${instance}`,
		transferSyntaxUID,
		undefinedLengths: options.undefinedLengths
	});
}

const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const valueOf = (ds: DataSet, tag: string) => {
	const element = ds.elements[tag]!;
	return [...ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length)];
};
/** Parses as the app's readers do: by the dictionary in Implicit VR files, so sequences open. */
async function parse(bytes: Uint8Array): Promise<DataSet> {
	const dictionary = await loadDictionary();
	return dicomParser.parseDicom(bytes, {
		vrCallback: (tag: string) => dictionary.vrOf(tag)
	} as Parameters<typeof dicomParser.parseDicom>[1]);
}

const ENCODINGS = [
	{ name: 'Explicit VR', transferSyntax: EXPLICIT, undefinedLengths: false },
	{ name: 'Implicit VR', transferSyntax: IMPLICIT, undefinedLengths: false },
	{ name: 'Implicit VR, undefined lengths', transferSyntax: IMPLICIT, undefinedLengths: true }
];

describe('deidentify (PS3.15 Annex E basic profile, in place)', () => {
	it.each(ENCODINGS)(
		'$name: no name, ID, date, time or UID of the original is left anywhere in the bytes, nested ones included',
		async ({ transferSyntax, undefinedLengths }) => {
			const original = file(1, transferSyntax, { undefinedLengths });
			for (const secret of SECRETS) expect(latin1(original), secret).toContain(secret);
			const { bytes } = await deidentify(original, new UidMap());
			expect(bytes.length).toBe(original.length);
			const text = latin1(bytes);
			for (const secret of SECRETS) expect(text, secret).not.toContain(secret);

			const ds = await parse(bytes);
			expect(ds.string('x00100010') ?? '').toBe('');
			expect(ds.string('x00080060')).toBe('CT'); // kept: modality
			expect(ds.string('x00180015')).toBe('CHEST'); // kept: body part
			expect(ds.string('x00080016')).toBe(CT); // a class UID is not an identity
			expect(ds.uint16('x00280010')).toBe(2); // kept: the image's geometry
			expect(valueOf(ds, 'x7fe00010')).toEqual(PIXELS); // pixel data untouched
			expect(valueOf(ds, 'x60003000')).toEqual([0, 0, 0, 0]); // overlay data: X
			// The nested structure is still there, only emptied: the two-deep item still holds its modality.
			const scheduled = ds.elements.x00400270!.items![0]!.dataSet!;
			expect(scheduled.elements.x00400100!.items![0]!.dataSet!.string('x00080060')).toBe('CT');
			// Radfolio still reads it as an image of a study.
			expect(parseDicomFile(bytes)).toMatchObject({ kind: 'image', series: { Modality: 'CT' } });
		}
	);

	it.each(ENCODINGS)(
		'$name: UIDs are replaced by new ones of the same length, the same way everywhere in a share',
		async ({ transferSyntax, undefinedLengths }) => {
			const uids = new UidMap();
			// One share may mix encodings: the second file is always Explicit VR.
			const a = await parse(
				(await deidentify(file(1, transferSyntax, { undefinedLengths }), uids)).bytes
			);
			const b = await parse((await deidentify(file(2), uids)).bytes);
			const study = a.string('x0020000d')!;
			expect(study).not.toBe(STUDY);
			expect(study).toHaveLength(STUDY.length);
			expect(study).toMatch(/^2\.25\.[1-9][0-9]*$/);
			expect(b.string('x0020000d')).toBe(study);
			expect(b.string('x0020000e')).toBe(a.string('x0020000e'));
			expect(a.string('x00080018')).not.toBe(b.string('x00080018'));
			expect(a.string('x00020003')).toBe(a.string('x00080018')); // file meta follows the dataset
			expect(a.string('x00200052')).not.toBe(`${STUDY}.9`); // FrameOfReferenceUID: U
			// A reference to the other file points at that file's new UID.
			const ref = a.elements.x00081140!.items![0]!.dataSet!;
			expect(ref.string('x00081155')).toBe(b.string('x00080018'));
			expect(ref.string('x00081150')).toBe(CT);
			// A nested copy of the study UID gets the same replacement.
			expect(a.elements.x00400270!.items![0]!.dataSet!.string('x0020000d')).toBe(study);
		}
	);

	it('empties a public attribute the dictionary does not know in an Implicit VR file, rather than guess', async () => {
		expect((await loadDictionary()).vrOf(UNKNOWN_PUBLIC_TAG)).toBeUndefined();
		const original = file(1, IMPLICIT, {
			extra: [[UNKNOWN_PUBLIC_TAG, 'LO', 'UNCLASSIFIED 19610214']]
		});
		const { bytes } = await deidentify(original, new UidMap());
		expect(latin1(bytes)).not.toContain('UNCLASSIFIED');
		const ds = await parse(bytes);
		expect(valueOf(ds, 'x00321099').every((b) => b === 0)).toBe(true);
		expect(valueOf(ds, 'x7fe00010')).toEqual(PIXELS);
	});

	it('classifies Explicit VR elements written as UN by the dictionary, sequences included', async () => {
		const original = file(1, EXPLICIT, {
			extra: [
				[0x00400250, 'UN', new TextEncoder().encode('20250307')], // PerformedProcedureStepEndDate
				[
					0x0040a370, // ReferencedRequestSequence, its items in Implicit VR as PS3.5 6.2.2 has it
					'UN',
					encodeItems(
						[
							[
								[0x00080050, 'SH', 'ACC-UN-1'],
								[0x0020000d, 'UI', STUDY],
								[0x00321032, 'PN', 'ASKER^UN'],
								[0x00402004, 'DA', '20250308']
							]
						],
						{ implicit: true }
					)
				]
			]
		});
		const { bytes } = await deidentify(original, new UidMap());
		const text = latin1(bytes);
		for (const secret of ['20250307', 'ACC-UN-1', 'ASKER^UN', '20250308', STUDY]) {
			expect(text, secret).not.toContain(secret);
		}
		const ds = await parse(bytes);
		// The study UID inside the UN sequence was replaced like the top-level one, not emptied.
		const study = ds.string('x0020000d')!;
		expect(text.split(study).length - 1).toBe(3); // top level, (0040,0270) item, UN item
		expect(valueOf(ds, 'x7fe00010')).toEqual(PIXELS);
	});

	it('keeps the item structure of a private sequence in an Implicit VR file while emptying it', async () => {
		for (const undefinedLengths of [false, true]) {
			const { bytes } = await deidentify(file(1, IMPLICIT, { undefinedLengths }), new UidMap());
			const ds = await parse(bytes);
			const at = ds.elements.x00291020!.dataOffset;
			expect([...bytes.subarray(at, at + 4)]).toEqual([0xfe, 0xff, 0x00, 0xe0]); // still an item
			expect(latin1(bytes)).not.toContain('PRIVATE NESTED');
		}
	});

	it.runIf(hasSharedDicom)('works on a real implicit VR file (PET) too', async () => {
		const original = new Uint8Array(
			readFileSync(join(SHARED_DICOM, 'pt/philips_pet_implicit.dcm'))
		);
		const before = parseDicomFile(original);
		const { bytes } = await deidentify(original, new UidMap());
		const after = parseDicomFile(bytes);
		expect(after.patient.PatientName).toBe('');
		expect(after.patient.PatientID).toBe('');
		expect(after.StudyInstanceUID).not.toBe(before.StudyInstanceUID);
		expect(after.StudyInstanceUID).toHaveLength(before.StudyInstanceUID.length);
		expect(latin1(bytes)).not.toContain(before.patient.PatientID);
		expect(after.series.Modality).toBe('PT');
		if (before.study.StudyDate) expect(latin1(bytes)).not.toContain(before.study.StudyDate);
	});

	// Debian's python3-pydicom ships pydicom's test files; used when installed, skipped otherwise.
	const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
	const pydicomFiles = [
		// Implicit VR: nested sequences (an RT plan's are three deep) and a private sequence.
		'MR_small_implicit.dcm',
		'rtplan.dcm',
		'rtdose.dcm',
		'priv_SQ.dcm',
		// Explicit VR with a sequence written as UN.
		'UN_sequence.dcm'
	]
		.map((name) => join(PYDICOM, name))
		.filter((path) => existsSync(path));
	it.runIf(pydicomFiles.length > 0)(
		'leaves no date, time or name in real files, Implicit VR and UN (pydicom test files)',
		async () => {
			const dictionary = await loadDictionary();
			for (const path of pydicomFiles) {
				const original = new Uint8Array(readFileSync(path));
				const before = await parse(original);
				// Every date, time and name at any depth, by the dictionary.
				const values: string[] = [];
				const collect = (ds: DataSet) => {
					for (const element of Object.values(ds.elements)) {
						for (const item of element.items ?? []) if (item.dataSet) collect(item.dataSet);
						const vr = dictionary.vrOf(element.tag);
						const value = ds.string(element.tag)?.trim();
						if (vr && ['DA', 'DT', 'TM', 'PN'].includes(vr) && value && value.length >= 4) {
							values.push(value);
						}
					}
				};
				collect(before);
				const { bytes } = await deidentify(original, new UidMap());
				const text = latin1(bytes);
				for (const value of values) expect(text, `${path}: ${value}`).not.toContain(value);
				await parse(bytes);
			}
		}
	);

	it('de-identifies an Implicit VR dataset under an explicit header, which the import reads', async () => {
		const elements: Element[] = [
			[0x00080016, 'UI', CT],
			[0x00080018, 'UI', `${STUDY}.1.1`],
			[0x00080020, 'DA', '20250307'],
			[0x00100010, 'PN', 'MISMATCH^PATIENT'],
			[0x0020000d, 'UI', STUDY],
			[0x0020000e, 'UI', `${STUDY}.1`],
			[0x00280010, 'US', 2],
			[0x00280011, 'US', 2],
			[0x7fe00010, 'OW', new Uint8Array(PIXELS)]
		];
		const meta = { sopClassUID: CT, sopInstanceUID: `${STUDY}.1.1` };
		const implicitFile = part10(elements, { ...meta, transferSyntaxUID: IMPLICIT });
		const explicitFile = part10(elements, { ...meta, transferSyntaxUID: EXPLICIT });
		const start = (b: Uint8Array) =>
			144 + new DataView(b.buffer, b.byteOffset).getUint32(140, true);
		// The explicit file's meta header over the implicit file's dataset.
		const mismatched = new Uint8Array([
			...explicitFile.subarray(0, start(explicitFile)),
			...implicitFile.subarray(start(implicitFile))
		]);
		expect(parseDicomFile(mismatched).patient.PatientName).toBe('MISMATCH^PATIENT');
		const { bytes } = await deidentify(mismatched, new UidMap());
		const text = latin1(bytes);
		for (const secret of ['MISMATCH^PATIENT', '20250307', STUDY])
			expect(text).not.toContain(secret);
		// Same length and layout as stored (a share announces each file's size), and it still reads.
		expect(bytes.length).toBe(mismatched.length);
		expect(parseDicomFile(bytes).instance.Rows).toBe(2);
		// The same over encapsulated (JPEG Baseline) pixel data: the committed class file.
		const jpeg = new Uint8Array(
			readFileSync(
				join(import.meta.dirname, '../../../tests/fixtures/classes/implicit_body_jpeg_baseline.dcm')
			)
		);
		const shared = (await deidentify(jpeg, new UidMap())).bytes;
		expect(shared.length).toBe(jpeg.length);
		expect(parseDicomFile(shared).instance.Columns).toBe(100);
	});

	it('de-identifies the dataset the import read, not another reading of the same bytes', async () => {
		// Explicit VR as its header says (what the import and the recipient read), but also readable as one Implicit
		// VR Pixel Data element, which the walk leaves alone (tests/fixtures/dicom/vr-polyglot.ts).
		const file = vrPolyglot(
			[
				[0x00080016, 'UI', CT],
				[0x00080018, 'UI', `${STUDY}.1.1`],
				[0x00080020, 'DA', '20250307'],
				[0x00100010, 'PN', 'POLYGLOT^PATIENT'],
				[0x00100020, 'LO', 'MRN-POLY-1'],
				[0x0020000d, 'UI', STUDY],
				[0x0020000e, 'UI', `${STUDY}.1`]
			],
			{ sopClassUID: CT, sopInstanceUID: `${STUDY}.1.1` }
		);
		expect(parseDicomFile(file).patient.PatientName).toBe('POLYGLOT^PATIENT');
		const { bytes } = await deidentify(file, new UidMap());
		const read = parseDicomFile(bytes);
		expect(read.patient.PatientName).toBe('');
		expect(read.patient.PatientID).toBe('');
		const text = latin1(bytes);
		for (const secret of ['POLYGLOT^PATIENT', 'MRN-POLY-1', '20250307', STUDY])
			expect(text).not.toContain(secret);
	});

	it('refuses what it cannot edit safely rather than share it identified', async () => {
		await expect(deidentify(new Uint8Array(200), new UidMap())).rejects.toThrow(DicomError);
	});
});
