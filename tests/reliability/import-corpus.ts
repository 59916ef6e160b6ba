import { zipSync } from 'fflate';
import {
	dicomdirFor,
	imageFile,
	pdfReportFile,
	srReportFile,
	studyFiles,
	syntheticStudy,
	type FixtureFile
} from '../fixtures/dicom/generate';
import { part10 } from '../fixtures/dicom/write';

/**
 * R1's hostile import corpus, generated (no file from outside the repository): mutations of valid DICOM files and
 * files that are not what they claim. Deterministic for a seed, sized by `scale` (npm test runs a slice of it;
 * `npm run test:reliability` the lot). Every case names what was done to it, so a failure says which input broke.
 */
export interface HostileCase {
	name: string;
	bytes: Uint8Array;
	/** 'skip': must be refused with a reason. 'any': may import (a harmless change) or be refused — never crash. */
	expect: 'skip' | 'any';
}

/** A small seeded PRNG (mulberry32): the same corpus for the same seed. */
export function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Offsets where one element ends and the next begins (Explicit VR Little Endian, top level), for truncation. */
export function elementBoundaries(bytes: Uint8Array): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out: number[] = [];
	let at = 132;
	const long = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UN', 'UT', 'UC', 'UR']);
	while (at + 8 <= bytes.length) {
		const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
		const headerBytes = long.has(vr) ? 12 : 8;
		const length = long.has(vr) ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
		if (length === 0xffffffff) break; // undefined length: stop at the first one (sequences, encapsulated)
		out.push(at, at + headerBytes);
		at += headerBytes + length;
	}
	return out.filter((o) => o > 0 && o < bytes.length);
}

/** Element header offsets (top level), for editing lengths and VRs in place. */
function headers(bytes: Uint8Array) {
	const b = elementBoundaries(bytes);
	const out: { at: number; vr: string }[] = [];
	for (let i = 0; i < b.length; i += 2)
		out.push({ at: b[i]!, vr: String.fromCharCode(bytes[b[i]! + 4]!, bytes[b[i]! + 5]!) });
	return out;
}

/**
 * A sequence nested `depth` deep, as raw Explicit VR Little Endian bytes with undefined lengths (built flat: the
 * fixture writer, like any recursive parser, would run out of stack).
 */
function nestedSequenceBytes(depth: number): Uint8Array {
	const open = [
		...[0x40, 0x00, 0x30, 0xa7, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff], // (0040,A730) SQ, undefined length
		...[0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff] // item, undefined length
	];
	const close = [
		...[0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0], // item delimiter
		...[0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0] // sequence delimiter
	];
	const leaf = [0x08, 0x00, 0x00, 0x01, 0x53, 0x48, 4, 0, 0x4c, 0x45, 0x41, 0x46]; // (0008,0100) SH "LEAF"
	const out = new Uint8Array(depth * (open.length + close.length) + leaf.length);
	for (let i = 0; i < depth; i++) out.set(open, i * open.length);
	out.set(leaf, depth * open.length);
	for (let i = 0; i < depth; i++)
		out.set(close, depth * open.length + leaf.length + i * close.length);
	return out;
}

export function hostileCorpus(options: { seed: number; scale: number }): HostileCase[] {
	const random = prng(options.seed);
	const study = syntheticStudy(777, {
		description: 'Fuzz base',
		series: [{ uid: '1.2.826.0.1.3680043.10.1337.777.1', description: 'Axial', count: 3 }]
	});
	const bases: [string, Uint8Array][] = [
		['ct', imageFile(study, 0, 0)],
		['pdf', pdfReportFile(study)],
		['sr', srReportFile(study)]
	];
	const cases: HostileCase[] = [];
	const add = (name: string, bytes: Uint8Array, expect: HostileCase['expect']) =>
		cases.push({ name, bytes, expect });

	// Truncation at every element boundary (header start and value start) of each base file.
	for (const [label, base] of bases) {
		for (const cut of elementBoundaries(base))
			add(`truncated-${label}-at-${cut}`, base.slice(0, cut), 'any');
		add(`truncated-${label}-mid-preamble`, base.slice(0, 100), 'skip');
		add(`truncated-${label}-last-byte`, base.slice(0, base.length - 1), 'any');
	}

	// Random byte flips, in the header area and anywhere.
	const flips = 40 * options.scale;
	for (let i = 0; i < flips; i++) {
		const [label, base] = bases[i % bases.length]!;
		const bytes = base.slice();
		const count = 1 + Math.floor(random() * 8);
		const span = i % 2 ? bytes.length : Math.min(bytes.length, 600);
		for (let k = 0; k < count; k++) bytes[Math.floor(random() * span)] = Math.floor(random() * 256);
		add(`flipped-${label}-${i}`, bytes, 'any');
	}

	// Absurd lengths: every element's length field set to huge, odd, or past the end.
	for (const [label, base] of bases) {
		for (const [k, { at, vr }] of headers(base).entries()) {
			if (k % Math.max(1, Math.round(4 / options.scale)) !== 0) continue;
			for (const length of [0xfffffff0, 0x7fffffff, base.length * 3 + 1]) {
				const bytes = base.slice();
				const view = new DataView(bytes.buffer);
				if (['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UN', 'UT', 'UC', 'UR'].includes(vr)) {
					view.setUint32(at + 8, length >>> 0, true);
				} else view.setUint16(at + 6, length & 0xffff, true);
				add(`length-${label}-${at}-${length}`, bytes, 'any');
			}
		}
	}

	// Wrong VRs: each element's VR replaced by another (or by garbage).
	const vrs = ['SQ', 'UN', 'OB', 'US', 'XX', '\u0000\u0000', 'UT', 'AT'];
	for (const [label, base] of bases) {
		for (const [k, { at }] of headers(base).entries()) {
			if (k % Math.max(1, Math.round(3 / options.scale)) !== 0) continue;
			const vr = vrs[Math.floor(random() * vrs.length)]!;
			const bytes = base.slice();
			bytes[at + 4] = vr.charCodeAt(0);
			bytes[at + 5] = vr.charCodeAt(1);
			add(`vr-${label}-${at}-${vr.replace(/\0/g, '0')}`, bytes, 'any');
		}
	}

	// Huge dimensions over tiny pixel data, and a frame count that would need terabytes.
	const hugeStudy = syntheticStudy(778, {
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.778.1',
				description: 'Huge',
				count: 1,
				rows: 65535,
				columns: 65535
			}
		]
	});
	add('huge-dimensions-tiny-pixels', imageFile(hugeStudy, 0, 0, { pixelBytes: 64 }), 'any');

	// Deeply nested sequences (a recursive parser's stack), at a few depths.
	for (const depth of [64, 1000, 5000 * Math.min(2, options.scale)]) {
		const head = part10(
			[
				[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'],
				[0x00080018, 'UI', `1.2.826.0.1.3680043.10.1337.779.${depth}`],
				[0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1337.779'],
				[0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1337.779.1']
			],
			{
				sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
				sopInstanceUID: `1.2.826.0.1.3680043.10.1337.779.${depth}`
			}
		);
		const nested = nestedSequenceBytes(depth);
		const bytes = new Uint8Array(head.length + nested.length);
		bytes.set(head);
		bytes.set(nested, head.length);
		add(`nested-sequences-${depth}`, bytes, 'any');
	}

	// Not DICOM at all.
	add('zero-bytes', new Uint8Array(0), 'skip');
	add('one-byte', new Uint8Array([0x44]), 'skip');
	add('text-file', new TextEncoder().encode('These are my notes about the scan.\n'), 'skip');
	add(
		'png-header',
		new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
		'skip'
	);
	const noise = new Uint8Array(4096 * options.scale);
	for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
	add('random-noise', noise, 'skip');
	const dicmOnly = new Uint8Array(132);
	dicmOnly.set([0x44, 0x49, 0x43, 0x4d], 128);
	add('preamble-and-magic-only', dicmOnly, 'skip');

	// A zip bomb: one entry of zeros that deflates ~1000:1 (the test sets the zip limits below its size).
	add(
		'zip-bomb',
		zipSync({ 'bomb.dcm': new Uint8Array(8 * 1024 * 1024 * options.scale) }, { level: 9 }),
		'skip'
	);
	// A zip whose one entry is damaged after its local header.
	const good = zipSync({ 'a.dcm': bases[0]![1] }, { level: 0 });
	const damaged = good.slice();
	for (let i = 40; i < 140; i++) damaged[i] = 0xff;
	add('zip-damaged-entry', damaged, 'any');
	add('zip-cut-short', good.slice(0, Math.floor(good.length / 2)), 'any');
	return cases;
}

/** A disc whose DICOMDIR lists files that are missing and files outside the disc (path traversal). */
export function hostileDisc(): {
	files: FixtureFile[];
	listedMissing: number;
	listedOutside: number;
} {
	const study = syntheticStudy(780, {
		description: 'Disc with holes',
		series: [{ uid: '1.2.826.0.1.3680043.10.1337.780.1', description: 'Axial', count: 4 }]
	});
	const files = studyFiles(study, 1);
	const outside: FixtureFile[] = [
		{ path: '../OUTSIDE/IM1', bytes: new Uint8Array(0) },
		{ path: '../../etc/passwd', bytes: new Uint8Array(0) }
	];
	const present = files.slice(1);
	return {
		files: [{ path: 'DICOMDIR', bytes: dicomdirFor([...files, ...outside]) }, ...present],
		listedMissing: 1,
		listedOutside: outside.length
	};
}
