import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convert, dcmtkRender } from '../../../tests/fixtures/dcmtk';
import { encodeItems, part10 } from '../../../tests/fixtures/dicom/write';
import { vrPolyglot } from '../../../tests/fixtures/dicom/vr-polyglot';
import { concat, dicomParser } from './dicom-parser';
import { loadDictionary, type DicomDictionary } from './dictionary';
import { implicitBodyAsImported, parseDicomFile } from './parse';
import { parseChecked } from './parse-guard';
import { implicitBodyAsExplicit, reinterpretUnknownVRs } from './un-vr';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(join(import.meta.dirname, '../../../tests/fixtures/classes', name)));

let dictionary: DicomDictionary;
beforeAll(async () => {
	dictionary = await loadDictionary();
});

const meta = { sopClassUID: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUID: '1.2.3.4' };
const text = (s: string) => new TextEncoder().encode(s.length % 2 ? `${s} ` : s);
const u16 = (n: number) => new Uint8Array([n & 255, n >> 8]);

/** A UN element of undefined length: Implicit VR items and a sequence delimitation item. */
function unSequence(tag: number, items: Uint8Array): Uint8Array {
	const head = new Uint8Array(12);
	const view = new DataView(head.buffer);
	view.setUint16(0, tag >>> 16, true);
	view.setUint16(2, tag & 0xffff, true);
	head.set([0x55, 0x4e], 4);
	view.setUint32(8, 0xffffffff, true);
	const end = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
	return concat([head, items, end]);
}

describe('reinterpretUnknownVRs', () => {
	it('gives every public element of an all-UN file its dictionary VR and keeps every value', () => {
		const stored = fixture('un_all_elements_explicit_le.dcm');
		const out = reinterpretUnknownVRs(stored, dictionary);
		const ds = dicomParser.parseDicom(out);
		const vr = (tag: string) => ds.elements[tag]?.vr;
		expect(vr('x00080016')).toBe('UI');
		expect(vr('x00100010')).toBe('PN');
		expect(vr('x00280010')).toBe('US');
		expect(vr('x00281052')).toBe('DS');
		// "US or SS" follows Pixel Representation (1 here), "OB or OW" Bits Allocated (16).
		expect(vr('x00280120')).toBe('SS');
		expect(vr('x7fe00010')).toBe('OW');
		// Private: the creator is LO by definition, the rest stays UN (no dictionary names it).
		expect(vr('x00090010')).toBe('LO');
		expect(vr('x00091001')).toBe('UN');
		// The undefined-length UN sequence, its items read as Implicit VR and written as Explicit VR.
		const sequence = ds.elements['x00101002']!;
		expect(sequence.vr).toBe('SQ');
		expect(sequence.items!.map((i) => i.dataSet!.string('x00100020'))).toEqual([
			'ABCD1234',
			'1234ABCD'
		]);
		expect(sequence.items![0]!.dataSet!.elements['x00100022']!.vr).toBe('CS');
		const pixels = (b: Uint8Array, d = dicomParser.parseDicom(b)) =>
			b.subarray(d.elements['x7fe00010']!.dataOffset, d.elements['x7fe00010']!.dataOffset + 32768);
		expect(pixels(out)).toEqual(pixels(stored));
		// dcmtk shows the copy as it shows the stored file read through its own dictionary (+uc).
		const reference = dcmtkRender(convert('dcmconv', ['+uc'], stored), ['+Wm']);
		expect(dcmtkRender(out, ['+Wm']).rgb).toEqual(reference.rgb);
	});

	it('leaves the import and the viewer copy reading the same header', () => {
		const stored = fixture('un_all_elements_explicit_le.dcm');
		const imported = parseDicomFile(stored);
		expect(imported).toEqual(parseDicomFile(reinterpretUnknownVRs(stored, dictionary)));
		expect(imported).toMatchObject({
			kind: 'image',
			SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
			instance: { Rows: 128, Columns: 128, BitsAllocated: 16, SamplesPerPixel: 1 }
		});
	});

	it('rewrites UN sequences of defined length, nested ones, and UN elements inside explicit sequences', () => {
		const referenced = encodeItems(
			[
				[
					[0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
					[0x0040a170, 'SQ', [[[0x00080100, 'SH', '121320']]]]
				]
			],
			{ implicit: true }
		);
		const file = part10(
			[
				// Defined length: the value is Implicit VR items all the same (PS3.5 6.2.2).
				[0x00082112, 'UN', referenced],
				// An explicit sequence whose item holds a UN element.
				[0x00089215, 'SQ', [[[0x00080100, 'UN', text('113040')]]]],
				[0x0020000d, 'UI', '1.2.3'],
				[0x00280010, 'UN', u16(4)]
			],
			meta
		);
		const ds = dicomParser.parseDicom(reinterpretUnknownVRs(file, dictionary));
		const source = ds.elements['x00082112']!;
		expect(source.vr).toBe('SQ');
		const item = source.items![0]!.dataSet!;
		expect(item.string('x00081150')).toBe('1.2.840.10008.5.1.4.1.1.7');
		expect(item.elements['x0040a170']!.vr).toBe('SQ');
		expect(item.elements['x0040a170']!.items![0]!.dataSet!.string('x00080100')).toBe('121320');
		const derivation = ds.elements['x00089215']!.items![0]!.dataSet!;
		expect(derivation.elements['x00080100']!.vr).toBe('SH');
		expect(derivation.string('x00080100')).toBe('113040');
		expect(ds.elements['x00280010']!.vr).toBe('US');
		expect(ds.uint16('x00280010')).toBe(4);
	});

	it('reads a UN element of undefined length as a sequence, and UN encapsulated pixel data as OB', () => {
		const items = encodeItems([[[0x00100020, 'LO', 'ID-1']]], { implicit: true });
		const fragments = concat([
			new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0]),
			new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 4, 0, 0, 0, 0xff, 0xd8, 0xff, 0xd9])
		]);
		const body = part10([[0x00100010, 'PN', 'A^B']], {
			...meta,
			transferSyntaxUID: '1.2.840.10008.1.2.4.50'
		});
		const file = concat([body, unSequence(0x00101002, items), unSequence(0x7fe00010, fragments)]);
		const ds = dicomParser.parseDicom(reinterpretUnknownVRs(file, dictionary));
		expect(ds.elements['x00101002']!.vr).toBe('SQ');
		expect(ds.elements['x00101002']!.items![0]!.dataSet!.string('x00100020')).toBe('ID-1');
		const pixels = ds.elements['x7fe00010']!;
		expect(pixels.vr).toBe('OB');
		expect(pixels.encapsulatedPixelData).toBe(true);
		expect(pixels.fragments!.map((f) => f.length)).toEqual([4]);
	});

	it('keeps what it cannot place, and returns a file with nothing to re-encode as it came', () => {
		const long = new Uint8Array(70_000).fill(0x41);
		const file = part10(
			[
				[0x00091010, 'UN', text('private')],
				// A short VR (LO) cannot hold 70,000 bytes: it stays UN.
				[0x00081030, 'UN', long],
				[0x00100010, 'UN', text('A^B')]
			],
			meta
		);
		const ds = dicomParser.parseDicom(reinterpretUnknownVRs(file, dictionary));
		expect(ds.elements['x00091010']!.vr).toBe('UN');
		expect(ds.elements['x00081030']!.vr).toBe('UN');
		expect(ds.elements['x00081030']!.length).toBe(70_000);
		expect(ds.elements['x00100010']!.vr).toBe('PN');
		const onlyPrivate = part10([[0x00091010, 'UN', text('private')]], meta);
		expect(reinterpretUnknownVRs(onlyPrivate, dictionary)).toBe(onlyPrivate);
		const implicit = part10([[0x00100010, 'PN', 'A^B']], {
			...meta,
			transferSyntaxUID: '1.2.840.10008.1.2'
		});
		expect(reinterpretUnknownVRs(implicit, dictionary)).toBe(implicit);
	});

	/** A file whose UN sequence nests `depth` undefined-length sequences around `elements` empty elements. */
	function nestedUn(depth: number, elements: number): Uint8Array {
		const le32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
		const item = new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]);
		const itemEnd = new Uint8Array([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]);
		const sequenceEnd = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
		// (0010,0020) of length 0, Implicit VR.
		let inner: Uint8Array = new Uint8Array(elements * 8);
		for (let i = 0; i < elements; i++) inner.set([0x10, 0, 0x20, 0], i * 8);
		for (let d = 1; d < depth; d++) {
			const head = concat([new Uint8Array([0x08, 0, 0x15, 0x11]), le32(0xffffffff)]);
			inner = concat([head, item, inner, itemEnd, sequenceEnd]);
		}
		return concat([
			part10([[0x00100010, 'PN', 'A^B']], meta),
			unSequence(0x00081115, concat([item, inner, itemEnd]))
		]);
	}

	it('hands on unchanged a file whose sequences nest deeper than any image', () => {
		// 200 levels: the walk recursed with each level, walked and copied the inside again at each (1.8 s for a
		// 170 KB file; up to the stack's limit, thousands of levels, a 2 MB file would take minutes).
		const file = nestedUn(200, 100);
		expect(reinterpretUnknownVRs(file, dictionary)).toBe(file);
	});

	it('re-encodes a UN meta element and gives the meta group its new length', () => {
		const file = part10([[0x00100010, 'PN', 'A^B']], meta);
		// Rewrite (0002,0013) SH as UN: 12-byte header instead of 8, group length 4 larger.
		const at = file.findIndex(
			(_, i) => file[i] === 2 && file[i + 1] === 0 && file[i + 2] === 0x13 && file[i + 3] === 0
		);
		const length = file[at + 6]! | (file[at + 7]! << 8);
		const head = new Uint8Array([2, 0, 0x13, 0, 0x55, 0x4e, 0, 0, length, 0, 0, 0]);
		const unMeta = concat([file.subarray(0, at), head, file.subarray(at + 8)]);
		const groupLength = new DataView(unMeta.buffer).getUint32(140, true);
		new DataView(unMeta.buffer).setUint32(140, groupLength + 4, true);
		const ds = dicomParser.parseDicom(reinterpretUnknownVRs(unMeta, dictionary));
		expect(ds.elements['x00020013']!.vr).toBe('SH');
		expect(ds.string('x00020013')).toBe('RADFOLIO_TEST');
		expect(ds.string('x00100010')).toBe('A^B');
	});
});

describe('an Implicit VR body under an explicit header, for the viewer', () => {
	it('is read as the import read it: a file that reads both ways shows the image whose size the import checked', () => {
		// As stored (what the import lists and checks against the viewer's size cap): a 1 × 1 RLE image. Read as
		// Implicit VR, the same bytes say 65,535 × 65,535 × 4 bytes a pixel, 16 GiB for the RLE decoder to allocate.
		const file = vrPolyglot(
			[
				[0x00080016, 'UI', meta.sopClassUID],
				[0x00080018, 'UI', meta.sopInstanceUID],
				[0x0020000d, 'UI', '1.2.3'],
				[0x0020000e, 'UI', '1.2.3.1'],
				[0x00280010, 'US', 1],
				[0x00280011, 'US', 1],
				[0x00280100, 'US', 8]
			],
			{ ...meta, transferSyntaxUID: '1.2.840.10008.1.2.5' },
			[
				[0x00280010, 'US', 65535],
				[0x00280011, 'US', 65535],
				[0x00280100, 'US', 32]
			]
		);
		expect(implicitBodyAsExplicit(file), 'the file reads both ways').not.toBeNull();
		const imported = parseDicomFile(file).instance;
		expect([imported.Rows, imported.Columns, imported.BitsAllocated]).toEqual([1, 1, 8]);
		// What prepare.worker.ts reads before any decoder runs.
		const viewer = parseChecked(
			reinterpretUnknownVRs(implicitBodyAsImported(file) ?? file, dictionary)
		);
		expect([
			viewer.uint16('x00280010'),
			viewer.uint16('x00280011'),
			viewer.uint16('x00280100')
		]).toEqual([1, 1, 8]);
	});

	it('still reads the class file written so (highdicom 0.1.0) as its header says', () => {
		const file = fixture('implicit_body_jpeg_baseline.dcm');
		const read = implicitBodyAsImported(file);
		expect(read).not.toBeNull();
		expect(parseChecked(reinterpretUnknownVRs(read!, dictionary)).uint16('x00280011')).toBe(100);
	});
});
