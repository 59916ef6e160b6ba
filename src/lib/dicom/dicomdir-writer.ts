/**
 * Writes a DICOMDIR (PS3.10 §8, PS3.3 F.3-F.5) for a set of files laid out as on a CD (IHE PDI), so a physician's
 * PACS or desktop viewer imports an exported study directly. Explicit VR Little Endian, UTF-8 text, items of
 * defined length, so record offsets can be computed exactly before writing.
 *
 * Hierarchy: PATIENT → STUDY → SERIES → IMAGE / SR DOCUMENT / ENCAP DOC. Offsets (0004,1200/1202/1400/1420) are
 * byte positions from the start of the file, as PS3.10 requires; readers such as dcm4che follow them.
 */
export interface DicomdirFile {
	/** Path components on the medium, e.g. ["DICOM", "PA000001", "ST000001", "SE000001", "IM000001"]. */
	fileId: string[];
	SOPClassUID: string;
	SOPInstanceUID: string;
	TransferSyntaxUID: string;
	kind: 'image' | 'pdf' | 'sr' | 'other';
	InstanceNumber: number | null;
	PatientID: string;
	PatientName: string;
	StudyInstanceUID: string;
	StudyDate: string;
	StudyTime: string;
	StudyDescription: string;
	StudyID: string;
	AccessionNumber: string;
	SeriesInstanceUID: string;
	Modality: string;
	SeriesNumber: number | null;
	DocumentTitle: string;
	ContentDate: string;
}

import { concat } from './dicom-parser';

type Value = string | number | Uint8Array;
type Element = [tag: number, vr: string, value: Value];

const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR']);
const utf8 = new TextEncoder();

function encodeValue(vr: string, value: Value): Uint8Array {
	if (value instanceof Uint8Array) return value;
	if (vr === 'UL' || vr === 'US') {
		const out = new Uint8Array(vr === 'UL' ? 4 : 2);
		const view = new DataView(out.buffer);
		if (vr === 'UL') view.setUint32(0, value as number, true);
		else view.setUint16(0, value as number, true);
		return out;
	}
	const bytes = utf8.encode(String(value));
	if (bytes.length % 2 === 0) return bytes;
	return concat([bytes, new Uint8Array([vr === 'UI' ? 0 : 0x20])]);
}

function encodeElement([tag, vr, value]: Element): Uint8Array {
	const body = encodeValue(vr, value);
	const head = new Uint8Array(LONG.has(vr) ? 12 : 8);
	const view = new DataView(head.buffer);
	view.setUint16(0, tag >>> 16, true);
	view.setUint16(2, tag & 0xffff, true);
	head[4] = vr.charCodeAt(0);
	head[5] = vr.charCodeAt(1);
	if (LONG.has(vr)) view.setUint32(8, body.length, true);
	else view.setUint16(6, body.length, true);
	return concat([head, body]);
}

function encodeDataset(elements: Element[]): Uint8Array {
	return concat(
		elements
			.filter(([, , v]) => v !== '' && v !== undefined)
			.sort((a, b) => a[0] - b[0])
			.map(encodeElement)
	);
}

function item(body: Uint8Array): Uint8Array {
	const head = new Uint8Array(8);
	const view = new DataView(head.buffer);
	view.setUint16(0, 0xfffe, true);
	view.setUint16(2, 0xe000, true);
	view.setUint32(4, body.length, true);
	return concat([head, body]);
}

interface DirRecord {
	type: string;
	elements: Element[];
	children: DirRecord[];
	next: number;
	lower: number;
	offset: number;
}

const RECORD_TYPE = {
	image: 'IMAGE',
	other: 'IMAGE',
	sr: 'SR DOCUMENT',
	pdf: 'ENCAP DOC'
} as const;
/** Fresh UIDs under 2.25 (UUID-derived, PS3.5 B.2): no organisation root needed. */
export function uuidUid(): string {
	const hex = crypto.randomUUID().replace(/-/g, '');
	return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

function buildTree(files: DicomdirFile[]): DirRecord[] {
	const record = (type: string, elements: Element[]): DirRecord => ({
		type,
		elements,
		children: [],
		next: 0,
		lower: 0,
		offset: 0
	});
	const patients = new Map<string, DirRecord>();
	const studies = new Map<string, DirRecord>();
	const series = new Map<string, DirRecord>();
	for (const f of files) {
		const patientKey = `${f.PatientID}\u0000${f.PatientName}`;
		let patient = patients.get(patientKey);
		if (!patient) {
			patient = record('PATIENT', [
				[0x00100010, 'PN', f.PatientName],
				[0x00100020, 'LO', f.PatientID || 'UNKNOWN']
			]);
			patients.set(patientKey, patient);
		}
		let study = studies.get(f.StudyInstanceUID);
		if (!study) {
			study = record('STUDY', [
				[0x00080020, 'DA', f.StudyDate],
				[0x00080030, 'TM', f.StudyTime],
				[0x00080050, 'SH', f.AccessionNumber],
				[0x00081030, 'LO', f.StudyDescription],
				[0x0020000d, 'UI', f.StudyInstanceUID],
				[0x00200010, 'SH', f.StudyID]
			]);
			studies.set(f.StudyInstanceUID, study);
			patient.children.push(study);
		}
		let s = series.get(f.SeriesInstanceUID);
		if (!s) {
			s = record('SERIES', [
				[0x00080060, 'CS', f.Modality || 'OT'],
				[0x0020000e, 'UI', f.SeriesInstanceUID],
				[0x00200011, 'IS', f.SeriesNumber ?? '']
			]);
			series.set(f.SeriesInstanceUID, s);
			study.children.push(s);
		}
		const leaf: Element[] = [
			[0x00041500, 'CS', f.fileId.join('\\')],
			[0x00041510, 'UI', f.SOPClassUID],
			[0x00041511, 'UI', f.SOPInstanceUID],
			[0x00041512, 'UI', f.TransferSyntaxUID],
			[0x00200013, 'IS', f.InstanceNumber ?? 1]
		];
		if (f.kind === 'pdf' || f.kind === 'sr') {
			leaf.push([0x00080023, 'DA', f.ContentDate || f.StudyDate]);
		}
		if (f.kind === 'pdf') {
			leaf.push([0x00420010, 'ST', f.DocumentTitle || 'Report']);
			leaf.push([0x00420012, 'LO', 'application/pdf']);
		}
		s.children.push(record(RECORD_TYPE[f.kind], leaf));
	}
	return [...patients.values()];
}

function flatten(roots: DirRecord[]): DirRecord[] {
	const out: DirRecord[] = [];
	const walk = (list: DirRecord[]) => {
		for (const r of list) {
			out.push(r);
			walk(r.children);
		}
	};
	walk(roots);
	return out;
}

function encodeRecord(r: DirRecord): Uint8Array {
	return item(
		encodeDataset([
			[0x00041400, 'UL', r.next],
			[0x00041410, 'US', 0xffff],
			[0x00041420, 'UL', r.lower],
			[0x00041430, 'CS', r.type],
			...r.elements
		])
	);
}

export function buildDicomdir(files: DicomdirFile[], fileSetId = 'RADFOLIO'): Uint8Array {
	const roots = buildTree(files);
	const records = flatten(roots);
	const instanceUid = uuidUid();

	const metaBody = encodeDataset([
		[0x00020001, 'OB', new Uint8Array([0, 1])],
		[0x00020002, 'UI', '1.2.840.10008.1.3.10'],
		[0x00020003, 'UI', instanceUid],
		[0x00020010, 'UI', '1.2.840.10008.1.2.1'],
		[0x00020012, 'UI', '2.25.329800735698586629295641978511506172918'],
		[0x00020013, 'SH', 'RADFOLIO']
	]);
	const preamble = new Uint8Array(132);
	preamble.set(utf8.encode('DICM'), 128);
	const meta = concat([preamble, encodeElement([0x00020000, 'UL', metaBody.length]), metaBody]);

	const head = (first: number, last: number) =>
		encodeDataset([
			[0x00041130, 'CS', fileSetId],
			[0x00041200, 'UL', first],
			[0x00041202, 'UL', last],
			[0x00041212, 'US', 0]
		]);
	// Sizes do not depend on offset values (fixed-size UL), so one pass places every record.
	const headLength = head(0, 0).length;
	const sequenceHeaderLength = 12;
	let position = meta.length + headLength + sequenceHeaderLength;
	const encoded = records.map(encodeRecord);
	records.forEach((r, i) => {
		r.offset = position;
		position += encoded[i]!.length;
	});
	const link = (list: DirRecord[]) => {
		list.forEach((r, i) => {
			r.next = list[i + 1]?.offset ?? 0;
			r.lower = r.children[0]?.offset ?? 0;
			link(r.children);
		});
	};
	link(roots);
	const items = concat(records.map(encodeRecord));
	const sequence = concat([
		new Uint8Array([0x04, 0x00, 0x20, 0x12]),
		utf8.encode('SQ'),
		new Uint8Array([0, 0]),
		encodeValue('UL', items.length),
		items
	]);
	const first = roots[0]?.offset ?? 0;
	const last = roots[roots.length - 1]?.offset ?? 0;
	// (0008,0005) sorts after the (0004,xxxx) group, so it follows the record sequence.
	const charset = encodeElement([0x00080005, 'CS', 'ISO_IR 192']);
	return concat([meta, head(first, last), sequence, charset]);
}
