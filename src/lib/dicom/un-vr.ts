import { concat } from './dicom-parser';
import { LONG_VRS, elementHeader, uint16Value } from './dataset-edit';
import type { DicomDictionary } from './dictionary';
import { TransferSyntax } from './uids';

/**
 * Gives UN ("unknown") elements of an Explicit VR Little Endian file their real VR from the DICOM data dictionary,
 * as PS3.5 6.2.2 tells a reader to: some anonymizers write every element as UN, SOP Class UID, Rows and Pixel Data
 * included, and dwv then reads each value as raw bytes and throws on them. An element becomes
 * - its dictionary VR, with a 2-byte length for the short VRs (the value's bytes are the same in Explicit and
 *   Implicit VR Little Endian);
 * - a sequence, when the dictionary says SQ or the UN element has an undefined length: its value is then items
 *   encoded in Implicit VR Little Endian (6.2.2), rewritten here in Explicit VR with their elements' VRs;
 * - itself, when the dictionary does not know the tag (private attributes) or a short VR could not hold the value.
 * The VRs PS3.6 leaves to other attributes ("US or SS", "OB or OW") follow Pixel Representation and Bits Allocated.
 * Everything that is not UN is copied byte for byte; a file with no UN element is returned as it came.
 */

const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
const EXPLICIT_LE = { implicit: false, littleEndian: true };
/**
 * Sequences nest a few levels in real images (functional groups: 3). Each level is walked by recursion and its
 * content copied again when re-encoded, so a file nesting deeper than this is handed on unchanged.
 */
const MAX_DEPTH = 32;
/** "US or SS" tags whose values are unsigned whatever the pixels are (PS3.3 C.7.6.3.1.5, C.11.1.1.1). */
const LUT_DESCRIPTORS = new Set([0x00281101, 0x00281102, 0x00281103, 0x00281104, 0x00283002]);

function u32(n: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, n, true);
	return out;
}

interface Element {
	tag: number;
	/** Null in implicit VR content. */
	vr: string | null;
	start: number;
	valueStart: number;
	/** End of the value: for an undefined length, where its sequence delimitation item starts. */
	valueEnd: number;
	end: number;
	undefinedLength: boolean;
}

interface Context {
	dictionary: DicomDictionary;
	bitsAllocated: number;
	pixelRepresentation: number;
}

class Walker {
	readonly #view: DataView;
	constructor(readonly bytes: Uint8Array) {
		this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}
	u16(at: number) {
		return this.#view.getUint16(at, true);
	}
	u32(at: number) {
		return this.#view.getUint32(at, true);
	}
	tag(at: number) {
		return ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0;
	}

	element(at: number, implicit: boolean, depth = 0): Element {
		const tag = this.tag(at);
		let vr: string | null = null;
		let length: number;
		let valueStart: number;
		if (implicit || tag >>> 16 === 0xfffe) {
			length = this.u32(at + 4);
			valueStart = at + 8;
		} else {
			vr = String.fromCharCode(this.bytes[at + 4]!, this.bytes[at + 5]!);
			if (!/^[A-Z]{2}$/.test(vr)) throw new Error(`not a VR at ${at}`);
			const long = LONG_VRS.has(vr);
			length = long ? this.u32(at + 8) : this.u16(at + 6);
			valueStart = at + (long ? 12 : 8);
		}
		if (length !== UNDEFINED) {
			const end = valueStart + length;
			if (end > this.bytes.length) throw new Error(`element at ${at} runs past the end`);
			return { tag, vr, start: at, valueStart, valueEnd: end, end, undefinedLength: false };
		}
		// Undefined length: a sequence (or encapsulated pixel data) up to its delimitation item. The items of a UN
		// element are in Implicit VR (PS3.5 6.2.2); those of an explicit SQ in the file's own encoding.
		const valueEnd = this.itemsEnd(valueStart, implicit || vr === 'UN', depth + 1);
		return { tag, vr, start: at, valueStart, valueEnd, end: valueEnd + 8, undefinedLength: true };
	}

	/** Where the sequence delimitation item after the items starting at `at` begins. */
	itemsEnd(at: number, implicit: boolean, depth: number): number {
		while (this.tag(at) !== SEQUENCE_END) at = this.item(at, implicit, depth).end;
		return at;
	}

	/** One item (or encapsulated fragment): its content and where it ends. */
	item(
		at: number,
		implicit: boolean,
		depth: number
	): { contentStart: number; contentEnd: number; end: number } {
		if (depth > MAX_DEPTH) throw new Error(`sequences nest deeper than ${MAX_DEPTH} levels`);
		if (this.tag(at) !== ITEM) throw new Error(`expected an item at ${at}`);
		const length = this.u32(at + 4);
		const contentStart = at + 8;
		if (length !== UNDEFINED) {
			const end = contentStart + length;
			if (end > this.bytes.length) throw new Error(`item at ${at} runs past the end`);
			return { contentStart, contentEnd: end, end };
		}
		let pos = contentStart;
		while (this.tag(pos) !== ITEM_END) pos = this.element(pos, implicit, depth).end;
		return { contentStart, contentEnd: pos, end: pos + 8 };
	}

	/** The elements from `from` to `to`. */
	elements(from: number, to: number, implicit: boolean, depth = 0): Element[] {
		const out: Element[] = [];
		for (let pos = from; pos < to;) {
			const element = this.element(pos, implicit, depth);
			out.push(element);
			pos = element.end;
		}
		return out;
	}
}

function resolveVR(tag: number, length: number, ctx: Context): string | undefined {
	const group = tag >>> 16;
	const element = tag & 0xffff;
	if (element === 0) return 'UL';
	if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? 'LO' : undefined;
	const vr = ctx.dictionary.vrOf(tag);
	if (!vr || !vr.includes(' or ')) return vr;
	if (vr === 'US or SS') {
		return LUT_DESCRIPTORS.has(tag) || ctx.pixelRepresentation !== 1 ? 'US' : 'SS';
	}
	if (vr === 'OB or OW') return tag === PIXEL_DATA && ctx.bitsAllocated <= 8 ? 'OB' : 'OW';
	// Other choices ("US or SS or OW", LUT data): a long VR holds any length and the same bytes.
	const choices = vr.split(' or ');
	return choices.find((c) => LONG_VRS.has(c)) ?? (length > 0xffff ? undefined : choices[0]);
}

function encodeItems(items: Uint8Array[]): Uint8Array {
	return concat(
		items.flatMap((content) => [
			concat([uint16Value([0xfffe, 0xe000], true), u32(content.length)]),
			content
		])
	);
}

function sequence(tag: number, items: Uint8Array[]): Uint8Array {
	const value = encodeItems(items);
	return concat([elementHeader(tag, 'SQ', value.length, EXPLICIT_LE), value]);
}

/** The item contents of a sequence element's value. */
function itemContents(walker: Walker, e: Element, implicit: boolean, depth: number) {
	const items: { contentStart: number; contentEnd: number }[] = [];
	for (let pos = e.valueStart; pos < e.valueEnd;) {
		if (e.undefinedLength && walker.tag(pos) === SEQUENCE_END) break;
		const item = walker.item(pos, implicit, depth);
		items.push(item);
		pos = item.end;
	}
	return items;
}

/** Rewrites elements of Implicit VR content (inside a UN sequence) as Explicit VR Little Endian. */
function fromImplicit(
	walker: Walker,
	from: number,
	to: number,
	ctx: Context,
	depth: number
): Uint8Array {
	return concat(
		walker.elements(from, to, true, depth).map((e) => {
			const length = e.valueEnd - e.valueStart;
			// An undefined length can only be a sequence here (PS3.5 6.2.2).
			const vr = e.undefinedLength ? 'SQ' : (resolveVR(e.tag, length, ctx) ?? 'UN');
			if (vr === 'SQ') {
				const items = itemContents(walker, e, true, depth + 1).map((i) =>
					fromImplicit(walker, i.contentStart, i.contentEnd, ctx, depth + 1)
				);
				return sequence(e.tag, items);
			}
			const value = walker.bytes.subarray(e.valueStart, e.valueEnd);
			const fits = LONG_VRS.has(vr) || length <= 0xffff;
			return concat([elementHeader(e.tag, fits ? vr : 'UN', length, EXPLICIT_LE), value]);
		})
	);
}

/** Rewrites explicit elements: UN ones as above, sequences whose items hold UN elements; null when none changed. */
function fromExplicit(
	walker: Walker,
	elements: Element[],
	ctx: Context,
	depth = 0
): Uint8Array | null {
	let changed = false;
	const parts = elements.map((e) => {
		const raw = walker.bytes.subarray(e.start, e.end);
		const length = e.valueEnd - e.valueStart;
		if (e.vr === 'SQ') {
			const contents = itemContents(walker, e, false, depth + 1);
			const items = contents.map((i) =>
				fromExplicit(
					walker,
					walker.elements(i.contentStart, i.contentEnd, false, depth + 1),
					ctx,
					depth + 1
				)
			);
			if (items.every((i) => i === null)) return raw;
			changed = true;
			return sequence(
				e.tag,
				items.map(
					(i, n) => i ?? walker.bytes.subarray(contents[n]!.contentStart, contents[n]!.contentEnd)
				)
			);
		}
		if (e.vr !== 'UN') return raw;
		if (e.tag === PIXEL_DATA && e.undefinedLength) {
			// Encapsulated pixel data (fragments) written as UN: OB, as PS3.5 A.4 has it.
			changed = true;
			const value = walker.bytes.subarray(e.valueStart, e.end);
			return concat([elementHeader(e.tag, 'OB', UNDEFINED, EXPLICIT_LE), value]);
		}
		const vr = e.undefinedLength ? 'SQ' : resolveVR(e.tag, length, ctx);
		if (vr === 'SQ') {
			changed = true;
			const items = itemContents(walker, e, true, depth + 1).map((i) =>
				fromImplicit(walker, i.contentStart, i.contentEnd, ctx, depth + 1)
			);
			return sequence(e.tag, items);
		}
		if (!vr || vr === 'UN' || (!LONG_VRS.has(vr) && length > 0xffff)) return raw;
		changed = true;
		return concat([
			elementHeader(e.tag, vr, length, EXPLICIT_LE),
			walker.bytes.subarray(e.valueStart, e.valueEnd)
		]);
	});
	return changed ? concat(parts) : null;
}

/**
 * Syntaxes whose dataset is Explicit VR Little Endian as written: that one and every encapsulated (compressed)
 * one. Not Implicit VR (no UN there), Big Endian (a UN value keeps the byte order of its real VR) or Deflated
 * (the dataset is compressed; transcode.ts inflates it).
 */
const isExplicitLittleEndian = (uid: string) =>
	uid.startsWith('1.2.840.10008.1.2.') &&
	uid !== TransferSyntax.ExplicitVRBigEndian &&
	uid !== TransferSyntax.DeflatedExplicitVRLittleEndian;

const isPart10 = (b: Uint8Array) =>
	b.length > 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;

/** The copy of `bytes` with its UN elements re-encoded, or `bytes` itself when it has none to re-encode. */
export function reinterpretUnknownVRs(bytes: Uint8Array, dictionary: DicomDictionary): Uint8Array {
	if (!isPart10(bytes)) return bytes;
	try {
		const walker = new Walker(bytes);
		let metaEnd = 132;
		while (metaEnd + 8 <= bytes.length && walker.u16(metaEnd) === 0x0002) {
			metaEnd = walker.element(metaEnd, false).end;
		}
		const meta = walker.elements(132, metaEnd, false);
		const syntax = meta.find((e) => e.tag === 0x00020010);
		const uid = syntax
			? new TextDecoder().decode(bytes.subarray(syntax.valueStart, syntax.valueEnd))
			: '';
		if (!isExplicitLittleEndian(uid.replace(/[\0 ]+$/, ''))) return bytes;

		const dataset = walker.elements(metaEnd, bytes.length, false);
		const u16Of = (tag: number) => {
			const e = dataset.find((d) => d.tag === tag);
			return e && e.valueEnd - e.valueStart >= 2 ? walker.u16(e.valueStart) : 0;
		};
		const ctx: Context = {
			dictionary,
			bitsAllocated: u16Of(0x00280100),
			pixelRepresentation: u16Of(0x00280103)
		};
		const metaOut = fromExplicit(
			walker,
			meta.filter((e) => e.tag !== 0x00020000),
			ctx
		);
		const datasetOut = fromExplicit(walker, dataset, ctx);
		if (!metaOut && !datasetOut) return bytes;
		// A re-encoded meta group needs its group length again.
		const metaBytes = metaOut
			? concat([elementHeader(0x00020000, 'UL', 4, EXPLICIT_LE), u32(metaOut.length), metaOut])
			: bytes.subarray(132, metaEnd);
		return concat([bytes.subarray(0, 132), metaBytes, datasetOut ?? bytes.subarray(metaEnd)]);
	} catch {
		// A structure this walker cannot follow: hand the file on unchanged, as before.
		return bytes;
	}
}

const KNOWN_VR = /^(A[EST]|C[S]|D[AST]|F[DL]|IS|L[OT]|O[BDFLVW]|PN|S[HLQSTV]|TM|U[CILNRSTV])$/;

/**
 * A Part 10 file whose dataset is written in Implicit VR Little Endian under a meta header that says Explicit VR
 * Little Endian or an encapsulated syntax (pydicom's SC_rgb_jpeg.dcm, written by highdicom 0.1.0; GDCM and pydicom
 * read it, dcmtk does not), rewritten as what its header says: every element UN with its value as it was (the
 * items of an undefined-length one stay Implicit VR, as PS3.5 6.2.2 has UN sequences), Pixel Data OB or OW. The
 * import reads it so; the viewer then gives the UN elements their VRs (reinterpretUnknownVRs). Null when the file
 * is not one (its first dataset element has a VR) or its elements do not fit together. The stored file is never
 * changed.
 */
export function implicitBodyAsExplicit(bytes: Uint8Array): Uint8Array | null {
	if (!isPart10(bytes)) return null;
	try {
		const walker = new Walker(bytes);
		let metaEnd = 132;
		while (metaEnd + 8 <= bytes.length && walker.u16(metaEnd) === 0x0002) {
			metaEnd = walker.element(metaEnd, false).end;
		}
		const syntax = walker.elements(132, metaEnd, false).find((e) => e.tag === 0x00020010);
		const uid = syntax
			? new TextDecoder().decode(bytes.subarray(syntax.valueStart, syntax.valueEnd))
			: '';
		if (!isExplicitLittleEndian(uid.replace(/[\0 ]+$/, ''))) return null;
		if (metaEnd + 8 > bytes.length) return null;
		if (KNOWN_VR.test(String.fromCharCode(bytes[metaEnd + 4]!, bytes[metaEnd + 5]!))) return null;
		const elements = walker.elements(metaEnd, bytes.length, true);
		const bitsAllocated = elements.find((e) => e.tag === 0x00280100);
		const wide = bitsAllocated ? walker.u16(bitsAllocated.valueStart) > 8 : false;
		const parts: Uint8Array[] = [bytes.subarray(0, metaEnd)];
		for (const e of elements) {
			const vr = e.tag === PIXEL_DATA ? (e.undefinedLength || !wide ? 'OB' : 'OW') : 'UN';
			const length = e.undefinedLength ? UNDEFINED : e.valueEnd - e.valueStart;
			parts.push(
				elementHeader(e.tag, vr, length, EXPLICIT_LE),
				bytes.subarray(e.valueStart, e.end)
			);
		}
		return concat(parts);
	} catch {
		return null;
	}
}

/**
 * The inverse of implicitBodyAsExplicit, for a copy edited in place (de-identification keeps every length): each
 * top-level element's header back to Implicit VR, so the result has the stored file's layout and length (a share
 * announces each file's size before its bytes).
 */
export function explicitBodyAsImplicit(bytes: Uint8Array): Uint8Array {
	const walker = new Walker(bytes);
	let metaEnd = 132;
	while (metaEnd + 8 <= bytes.length && walker.u16(metaEnd) === 0x0002) {
		metaEnd = walker.element(metaEnd, false).end;
	}
	const parts: Uint8Array[] = [bytes.subarray(0, metaEnd)];
	for (const e of walker.elements(metaEnd, bytes.length, false)) {
		const length = e.undefinedLength ? UNDEFINED : e.valueEnd - e.valueStart;
		parts.push(
			elementHeader(e.tag, 'UN', length, { implicit: true, littleEndian: true }),
			bytes.subarray(e.valueStart, e.end)
		);
	}
	return concat(parts);
}
