import { zipSync } from 'fflate';
import { concatBytes } from '../../src/lib/crypto/encoding';
import { dicomParser } from '../../src/lib/dicom/dicom-parser';
import { prng } from '../reliability/import-corpus';

/**
 * The parser fuzzer's mutations (scripts/fuzz-dicom.js): structure-aware damage to real DICOM files, each case
 * named after what was done, deterministic for a seed. The element map comes from dicom-parser reading the intact
 * seed; every mutation then edits bytes, so what reaches the app is as broken as a hostile file can be.
 */
export interface FuzzCase {
	/** Which seed, which mutation, where: enough to make the case again. */
	name: string;
	/** The path the import sees (a DICOMDIR is read as one only under that name). */
	path: string;
	bytes: Uint8Array;
}

/** Every transfer syntax the app claims to read (import) or show (viewer: displayable.ts), and a few it does not. */
export const CLAIMED_SYNTAXES = [
	'1.2.840.10008.1.2',
	'1.2.840.10008.1.2.1',
	'1.2.840.10008.1.2.1.99',
	'1.2.840.10008.1.2.2',
	'1.2.840.10008.1.2.4.50',
	'1.2.840.10008.1.2.4.51',
	'1.2.840.10008.1.2.4.57',
	'1.2.840.10008.1.2.4.70',
	'1.2.840.10008.1.2.4.80',
	'1.2.840.10008.1.2.4.81',
	'1.2.840.10008.1.2.4.90',
	'1.2.840.10008.1.2.4.91',
	'1.2.840.10008.1.2.4.201',
	'1.2.840.10008.1.2.4.202',
	'1.2.840.10008.1.2.4.203',
	'1.2.840.10008.1.2.5',
	'1.2.840.10008.1.2.4.100',
	'1.2.840.10008.1.2.4.110'
];

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UN', 'UT', 'UC', 'UR']);
const VRS = ['SQ', 'UN', 'OB', 'OW', 'US', 'UL', 'AT', 'UT', 'DS', 'IS', 'FD', 'XX', '\0\0'];

interface Mapped {
	tag: string;
	vr: string | undefined;
	/** Offset of the element's header (tag). */
	start: number;
	/** Offset of its value, and the header's length field. */
	dataOffset: number;
	lengthAt: number;
	lengthBytes: 2 | 4;
	length: number;
	depth: number;
	undefinedLength: boolean;
}

interface SeedMap {
	explicit: boolean;
	littleEndian: boolean;
	elements: Mapped[];
	encapsulated?: { dataOffset: number; fragments: { offset: number; position: number }[] };
}

type DataSetLike = ReturnType<typeof dicomParser.parseDicom>;

function mapSeed(bytes: Uint8Array): SeedMap | null {
	let dataSet: DataSetLike;
	try {
		dataSet = dicomParser.parseDicom(bytes);
	} catch {
		try {
			dataSet = dicomParser.parseDicom(bytes, { TransferSyntaxUID: '1.2.840.10008.1.2' });
		} catch {
			return null;
		}
	}
	const syntax = (dataSet.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
	const explicitBody = syntax !== '1.2.840.10008.1.2';
	const littleEndian = syntax !== '1.2.840.10008.1.2.2';
	const elements: Mapped[] = [];
	const walk = (ds: DataSetLike, depth: number) => {
		for (const element of Object.values(ds.elements)) {
			const meta = element.tag.startsWith('x0002');
			const explicit = meta || explicitBody;
			const vr = explicit ? element.vr : undefined;
			const long = !explicit || LONG_VRS.has(vr ?? '');
			const headerBytes = explicit ? (long ? 12 : 8) : 8;
			const start = element.dataOffset - headerBytes;
			if (start < 0) continue;
			elements.push({
				tag: element.tag,
				vr,
				start,
				dataOffset: element.dataOffset,
				lengthAt: element.dataOffset - (long ? 4 : 2),
				lengthBytes: long ? 4 : 2,
				length: element.length,
				depth,
				undefinedLength: Boolean(element.hadUndefinedLength)
			});
			for (const item of element.items ?? []) if (item.dataSet) walk(item.dataSet, depth + 1);
		}
	};
	walk(dataSet, 0);
	elements.sort((a, b) => a.start - b.start);
	const pixel = dataSet.elements['x7fe00010'];
	const encapsulated = pixel?.encapsulatedPixelData
		? {
				dataOffset: pixel.dataOffset,
				fragments: (pixel.fragments ?? []).map((f) => ({ offset: f.offset, position: f.position }))
			}
		: undefined;
	return { explicit: explicitBody, littleEndian, elements, encapsulated };
}

function setLength(bytes: Uint8Array, e: Mapped, length: number, littleEndian: boolean) {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const le = e.tag.startsWith('x0002') || littleEndian;
	if (e.lengthBytes === 4) view.setUint32(e.lengthAt, length >>> 0, le);
	else view.setUint16(e.lengthAt, length & 0xffff, le);
}

const u16 = (n: number) => [n & 255, (n >> 8) & 255];
const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

/**
 * Replaces a top-level element's value (its length field follows; the meta group's length too, for a meta
 * element), so a field can claim anything and the file stays otherwise well formed.
 */
function withValue(
	bytes: Uint8Array,
	map: SeedMap,
	tag: string,
	value: Uint8Array
): Uint8Array | null {
	const e = map.elements.find((x) => x.tag === tag && x.depth === 0);
	if (!e || e.undefinedLength) return null;
	const padded =
		value.length % 2 ? concatBytes(value, new Uint8Array([tag === 'x00020010' ? 0 : 0x20])) : value;
	if (e.lengthBytes === 2 && padded.length > 0xffff) return null;
	const out = concatBytes(
		bytes.subarray(0, e.dataOffset),
		padded,
		bytes.subarray(e.dataOffset + e.length)
	);
	setLength(out, e, padded.length, map.littleEndian);
	if (tag.startsWith('x0002')) {
		const group = map.elements.find((x) => x.tag === 'x00020000');
		if (group) {
			const view = new DataView(out.buffer);
			view.setUint32(
				group.dataOffset,
				view.getUint32(group.dataOffset, true) + padded.length - e.length,
				true
			);
		}
	}
	return out;
}

/** Inserts bytes (whole elements) just before the pixel data, or at the end. */
function insertBeforePixels(bytes: Uint8Array, map: SeedMap, block: Uint8Array): Uint8Array {
	const pixel = map.elements.find((e) => e.tag === 'x7fe00010' && e.depth === 0);
	const at = pixel ? pixel.start : bytes.length;
	return concatBytes(bytes.subarray(0, at), block, bytes.subarray(at));
}

/** `depth` nested undefined-length sequences, closed properly or not at all. */
export function nestedSequences(depth: number, closed: boolean, explicit: boolean): Uint8Array {
	const sq = explicit
		? [...u16(0x0040), ...u16(0xa730), 0x53, 0x51, 0, 0, ...u32(0xffffffff)]
		: [...u16(0x0040), ...u16(0xa730), ...u32(0xffffffff)];
	const item = [...u16(0xfffe), ...u16(0xe000), ...u32(0xffffffff)];
	const close = [
		...u16(0xfffe),
		...u16(0xe00d),
		0,
		0,
		0,
		0,
		...u16(0xfffe),
		...u16(0xe0dd),
		0,
		0,
		0,
		0
	];
	const open = [...sq, ...item];
	const out = new Uint8Array(depth * open.length + (closed ? depth * close.length : 0));
	for (let i = 0; i < depth; i++) out.set(open, i * open.length);
	if (closed)
		for (let i = 0; i < depth; i++) out.set(close, depth * open.length + i * close.length);
	return out;
}

/** Mutations of one seed; `budget` caps the randomised ones (truncations are all element boundaries). */
export function* mutationsOf(
	seedName: string,
	bytes: Uint8Array,
	options: { seed: number; budget: number }
): Generator<FuzzCase> {
	const random = prng(options.seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
	const isDir = /(^|\/)DICOMDIR$/i.test(seedName);
	const path = isDir ? 'DICOMDIR' : `${seedName.replace(/[^\w.-]+/g, '_')}`;
	const make = (what: string, b: Uint8Array | null): FuzzCase | null =>
		b ? { name: `${seedName}#${what}`, path, bytes: b } : null;
	// The seed as it is, first: its cost sets the time its mutations may take (main.ts).
	yield { name: `${seedName}#intact`, path, bytes };
	const map = mapSeed(bytes);
	const cases: (FuzzCase | null)[] = [];
	const emit = function* () {
		for (const c of cases.splice(0)) if (c) yield c;
	};

	// Truncation at every element boundary (header start and value start), nested elements included.
	if (map) {
		const cuts = new Set<number>();
		for (const e of map.elements) cuts.add(e.start).add(e.dataOffset);
		for (const f of map.encapsulated?.fragments ?? [])
			cuts.add(map.encapsulated!.dataOffset + f.offset);
		const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
		const step = Math.max(1, Math.ceil(sorted.length / (options.budget * 2)));
		for (let i = 0; i < sorted.length; i += step)
			cases.push(make(`cut@${sorted[i]}`, bytes.slice(0, sorted[i])));
	}
	for (const at of [0, 1, 64, 128, 131, 132, 140])
		cases.push(make(`cut@${at}`, bytes.slice(0, at)));
	yield* emit();

	// Random bit flips, in the header area and anywhere.
	for (let i = 0; i < options.budget; i++) {
		const b = bytes.slice();
		const span = i % 2 ? b.length : Math.min(b.length, 1024);
		const flips = 1 + Math.floor(random() * 8);
		for (let k = 0; k < flips; k++)
			b[Math.floor(random() * span)]! ^= 1 << Math.floor(random() * 8);
		cases.push(make(`flip#${i}`, b));
	}
	yield* emit();
	if (!map) return;
	const elements = map.elements;
	const sample = (n: number) =>
		Array.from({ length: Math.min(n, elements.length) }, () => pick(elements));

	// Lengths: undefined, huge, odd, past the end, zero.
	for (const e of sample(options.budget)) {
		for (const length of [
			0xffffffff,
			0xfffffff0,
			0x7fffffff,
			bytes.length * 3 + 1,
			e.length + 1,
			0
		]) {
			if (e.lengthBytes === 2 && length > 0xffff && length !== 0xffffffff) continue;
			const b = bytes.slice();
			setLength(b, e, length, map.littleEndian);
			cases.push(make(`len:${e.tag}@${e.start}=${length}`, b));
		}
	}
	yield* emit();

	// VR changes (explicit VR only: implicit has none to change).
	if (map.explicit) {
		for (const e of sample(options.budget).filter((x) => x.vr !== undefined)) {
			const vr = pick(VRS);
			const b = bytes.slice();
			b[e.start + 4] = vr.charCodeAt(0);
			b[e.start + 5] = vr.charCodeAt(1);
			cases.push(make(`vr:${e.tag}@${e.start}=${vr.replace(/\0/g, '0')}`, b));
		}
	}
	yield* emit();

	// Undefined-length sequences without their delimiters: a sequence cut where its items end, or left open.
	for (const e of elements
		.filter((x) => x.vr === 'SQ' || x.undefinedLength)
		.slice(0, options.budget)) {
		const b = bytes.slice();
		setLength(b, e, 0xffffffff, map.littleEndian);
		cases.push(make(`sq-undefined:${e.tag}@${e.start}`, b));
		if (e.undefinedLength)
			cases.push(make(`sq-open-end:${e.tag}@${e.start}`, bytes.slice(0, e.dataOffset + e.length)));
	}
	for (const depth of [200, 10_000]) {
		for (const closed of [true, false]) {
			const block = nestedSequences(depth, closed, map.explicit);
			cases.push(
				make(`nested-${depth}-${closed ? 'closed' : 'open'}`, insertBeforePixels(bytes, map, block))
			);
		}
	}
	yield* emit();

	// The transfer syntax swapped for each one the app claims.
	for (const syntax of CLAIMED_SYNTAXES) {
		cases.push(
			make(`ts=${syntax}`, withValue(bytes, map, 'x00020010', new TextEncoder().encode(syntax)))
		);
	}
	yield* emit();

	// Image size fields claiming gigabytes.
	const us = (n: number) => new Uint8Array(map.littleEndian ? u16(n) : u16(n).reverse());
	const text = (s: string) => new TextEncoder().encode(s);
	const sizes: [string, Uint8Array][] = [
		['x00280010', us(65535)],
		['x00280011', us(65535)],
		['x00280010', us(0)],
		['x00280100', us(64)],
		['x00280100', us(1)],
		['x00280100', us(0)],
		['x00280101', us(40)],
		['x00280002', us(65535)],
		['x00280002', us(3)],
		['x00280008', text('2147483647')],
		['x00280008', text('-5')],
		['x00280008', text('1e9')],
		['x00280004', text('YBR_FULL_422')],
		['x00280004', text('PALETTE COLOR')],
		['x00280006', us(1)]
	];
	for (const [tag, value] of sizes) {
		cases.push(
			make(`set:${tag}=${Array.from(value).join('.')}`, withValue(bytes, map, tag, value))
		);
	}
	let huge: Uint8Array | null = bytes;
	for (const [tag, value] of [
		['x00280010', us(65535)],
		['x00280011', us(65535)],
		['x00280008', text('65535')]
	] as const) {
		huge = huge && withValue(huge, mapSeed(huge) ?? map, tag, value);
	}
	cases.push(make('set:gigabytes', huge));
	yield* emit();

	// Encapsulated pixel data: offset table and fragment lengths pointing past the end.
	if (map.encapsulated) {
		const { dataOffset, fragments } = map.encapsulated;
		const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
		for (const claim of [0xfffffff0, bytes.length * 2, 3]) {
			// Offset table item (the first item, at the pixel value's start) given entries past the end.
			const b = bytes.slice();
			const botLength = view(b).getUint32(dataOffset + 4, true);
			if (botLength >= 4) view(b).setUint32(dataOffset + 8, claim, true);
			cases.push(make(`bot-entry=${claim}`, b));
			const c = bytes.slice();
			view(c).setUint32(dataOffset + 4, claim, true);
			cases.push(make(`bot-length=${claim}`, c));
			for (const f of fragments.slice(0, 3)) {
				const d = bytes.slice();
				view(d).setUint32(dataOffset + f.offset + 8 + 4, claim, true);
				cases.push(make(`fragment@${f.offset}-length=${claim}`, d));
			}
		}
		// An offset table that names many frames, for a file whose header says as many.
		const frames = 4096;
		const bot = new Uint8Array(frames * 4);
		for (let i = 0; i < frames; i++) bot.set(u32(i * 8), i * 4);
		const botLength = view(bytes).getUint32(dataOffset + 4, true);
		const withBot = concatBytes(
			bytes.subarray(0, dataOffset),
			new Uint8Array([...u16(0xfffe), ...u16(0xe000), ...u32(bot.length)]),
			bot,
			bytes.subarray(dataOffset + 8 + botLength)
		);
		const m = mapSeed(withBot);
		cases.push(
			make('bot-4096-frames', m && withValue(withBot, m, 'x00280008', text(String(frames))))
		);
		// The codestream's own header (JPEG markers, RLE segment table, J2K SIZ): damage where decoders trust it.
		const first = fragments[0];
		if (first) {
			const start = dataOffset + first.offset + 8;
			for (let i = 0; i < options.budget; i++) {
				const b = bytes.slice();
				const flips = 1 + Math.floor(random() * 4);
				for (let k = 0; k < flips; k++) {
					b[start + Math.floor(random() * Math.min(128, b.length - start))]! ^=
						1 << Math.floor(random() * 8);
				}
				cases.push(make(`codestream-flip#${i}`, b));
			}
			// RLE (PS3.5 G.3.1): a segment count, then 15 offsets into the frame.
			const segments = view(bytes).getUint32(start, true);
			if (segments >= 1 && segments <= 15) {
				for (const [field, value] of [
					[0, 0],
					[0, 16],
					[0, 0x7fffffff],
					[1, 0xfffffff0],
					[1, 0x7ffffff0],
					[1, 0],
					[2, 0xfffffff0],
					[2, 0x7ffffff0],
					[2, 8],
					[segments, 0x7ffffff0]
				] as const) {
					const b = bytes.slice();
					view(b).setUint32(start + field * 4, value, true);
					cases.push(make(`rle-header[${field}]=${value}`, b));
				}
			}
		}
		// No sequence delimiter after the last fragment.
		cases.push(make('fragments-no-delimiter', bytes.slice(0, bytes.length - 8)));
	}
	yield* emit();

	// DICOMDIR: record offsets pointing back at themselves or at the start.
	if (isDir) {
		for (const e of elements
			.filter((x) => ['x00041400', 'x00041420', 'x00041200', 'x00041202'].includes(x.tag))
			.slice(0, options.budget)) {
			for (const target of [e.start - 8, 0, 0xfffffff0]) {
				const b = bytes.slice();
				new DataView(b.buffer).setUint32(e.dataOffset, target >>> 0, true);
				cases.push(make(`dir-offset:${e.tag}@${e.start}=${target}`, b));
			}
		}
	}
	yield* emit();

	// Splices: this seed's head with a random tail of itself (elements repeated, out of order).
	for (let i = 0; i < Math.ceil(options.budget / 4); i++) {
		const a = pick(elements);
		const z = pick(elements);
		cases.push(
			make(
				`splice:${a.start}+${z.start}`,
				concatBytes(bytes.subarray(0, a.start), bytes.subarray(z.start))
			)
		);
	}
	yield* emit();
}

/** Zips of seeds, whole and damaged: entry sizes claiming gigabytes, truncated, bombs. */
export function* zipCases(
	seeds: { name: string; bytes: Uint8Array }[],
	seed: number
): Generator<FuzzCase> {
	const random = prng(seed);
	const files: Record<string, Uint8Array> = {};
	for (const s of seeds.slice(0, 4)) files[`DICOM/${s.name.replace(/[^\w.-]+/g, '_')}`] = s.bytes;
	for (const level of [0, 6] as const) {
		const zip = zipSync(files, { level });
		const z = `zip-l${level}`;
		yield { name: `${z}#whole`, path: `${z}.zip`, bytes: zip };
		const view = new DataView(zip.buffer);
		const locals: number[] = [];
		const centrals: number[] = [];
		for (let i = 0; i + 4 <= zip.length; i++) {
			const sig = view.getUint32(i, true);
			if (sig === 0x04034b50) locals.push(i);
			if (sig === 0x02014b50) centrals.push(i);
		}
		for (const claim of [0xffffffff, 0xfffffff0, 0x7fffffff, 0]) {
			for (const [field, at] of [
				['local-compressed', 18],
				['local-size', 22],
				['local-name-length', 26],
				['local-extra-length', 28]
			] as const) {
				for (const l of locals.slice(0, 2)) {
					const b = zip.slice();
					const v = new DataView(b.buffer);
					if (at >= 26) v.setUint16(l + at, claim & 0xffff, true);
					else v.setUint32(l + at, claim, true);
					yield { name: `${z}#${field}@${l}=${claim}`, path: `${z}.zip`, bytes: b };
				}
			}
			for (const c of centrals.slice(0, 2)) {
				const b = zip.slice();
				new DataView(b.buffer).setUint32(c + 24, claim, true);
				yield { name: `${z}#central-size@${c}=${claim}`, path: `${z}.zip`, bytes: b };
			}
		}
		// Data-descriptor flag set without a descriptor (sizes then come "later", never).
		for (const l of locals.slice(0, 2)) {
			const b = zip.slice();
			b[l + 6]! |= 0x08;
			yield { name: `${z}#descriptor-flag@${l}`, path: `${z}.zip`, bytes: b };
		}
		for (let i = 0; i < 20; i++) {
			const cut = Math.floor(random() * zip.length);
			yield { name: `${z}#cut@${cut}`, path: `${z}.zip`, bytes: zip.slice(0, cut) };
			const b = zip.slice();
			for (let k = 0; k < 4; k++)
				b[Math.floor(random() * b.length)]! ^= 1 << Math.floor(random() * 8);
			yield { name: `${z}#flip${i}`, path: `${z}.zip`, bytes: b };
		}
	}
	// A bomb: 512 MiB of zeros in one entry (about 0.5 MB deflated).
	const zeros = new Uint8Array(64 * 1024 * 1024);
	const bomb = zipSync(
		{ 'a.dcm': zeros, 'b.dcm': zeros, 'c.dcm': zeros, 'd.dcm': zeros },
		{ level: 9 }
	);
	yield { name: 'zip-bomb#4x64MiB', path: 'bomb.zip', bytes: bomb };
}
