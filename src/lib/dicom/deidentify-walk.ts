import type { DataSet, Element } from 'dicom-parser';
import type { DeidentifyResult, UidMap } from './deidentify';
import {
	ALWAYS_EMPTY_VRS,
	CLASS_UIDS,
	REMOVED_ATTRIBUTES,
	TEXT_VRS,
	isRemovedRepeatingAttribute
} from './deidentify-profile';
import type { DicomDictionary } from './dictionary';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { parseChecked } from './parse-guard';
import { implicitBodyAsImported } from './parse';
import { explicitBodyAsImplicit } from './un-vr';

/**
 * The de-identification walk (`deidentify.ts` loads it on first use).
 *
 * Every element is classified by its VR — the one the file states, and the one the DICOM data dictionary
 * (`dictionary.ts`) gives its tag, since Implicit VR files state none and UN elements hide theirs. Whichever of
 * the two calls a value a name, date, time or UID decides, so a vendor's wrong explicit VR does not keep a date.
 *
 * Edits are made in place, each value replaced by one of the same length (text by spaces, which DICOM reads as an
 * empty value; binary by zeros; a UID by a new UID of the same length), so every length and offset in the file stays
 * valid and nothing has to be re-encoded. Pixel data is never touched: text burned into an image (common in
 * ultrasound and scanned documents) can still show a name, and the share dialog says so. Report documents keep
 * their wording apart from names and dates in coded fields: a PDF's own text is not rewritten.
 */

const DEFLATED = '1.2.840.10008.1.2.1.99';
const IMPLICIT = '1.2.840.10008.1.2';
const UNDEFINED_LENGTH = 0xffffffff;

/** Read as the import reads it (a dataset without preamble or meta header included), structure checked. */
function parse(bytes: Uint8Array, vrCallback: (tag: string) => string | undefined): DataSet {
	return parseChecked(bytes, { vrCallback } as Parameters<typeof dicomParser.parseDicom>[1]);
}

export function deidentifyWith(
	input: Uint8Array,
	uids: UidMap,
	dictionary: DicomDictionary
): DeidentifyResult {
	// An Implicit VR dataset under an explicit header (which the import reads) is walked as what its header says,
	// UN elements and all (un-vr.ts), then given its own layout back: same length, as a share announces it. Only
	// when the import reads it so: a file that also reads as it is stored is de-identified as stored.
	const asExplicit = implicitBodyAsImported(input);
	const out = (asExplicit ?? input).slice();
	// Implicit VR files do not say which elements are sequences: the dictionary does, so nested items are walked.
	const vrCallback = (tag: string) => dictionary.vrOf(tag);
	let dataSet: DataSet;
	try {
		dataSet = parse(out, vrCallback);
	} catch {
		// A file that uses a public tag against the dictionary (a sequence where PS3.6 has text) parses with
		// dicom-parser's own guess instead, which peeks for an item; the walk below still classifies each
		// element by the dictionary, and empties whatever disagrees with it.
		try {
			dataSet = parse(out, () => undefined);
		} catch {
			throw new DicomError('unreadable-header', 'cannot de-identify a file that does not parse');
		}
	}
	const transferSyntax = dataSet.string('x00020010')?.replace(/\0/g, '').trim();
	if (transferSyntax === DEFLATED) {
		// The dataset is compressed: in-place edits are impossible, and sharing it identified is not an option.
		throw new DicomError('unreadable-header', 'a deflated file cannot be de-identified here');
	}
	const implicitFile = transferSyntax === IMPLICIT;
	let changed = 0;

	const fill = (element: Element, byte: number) => {
		out.fill(byte, element.dataOffset, element.dataOffset + element.length);
		changed++;
	};

	const replaceUids = (element: Element) => {
		const text = new TextDecoder('latin1').decode(
			out.subarray(element.dataOffset, element.dataOffset + element.length)
		);
		const values = text.replace(/[\0 ]+$/, '').split('\\');
		// UIDs under the DICOM root name classes, transfer syntaxes and coding schemes, never an instance: kept.
		const mapped = values.map((v) => (v && !v.startsWith('1.2.840.10008.') ? uids.replace(v) : v));
		const bytes = new TextEncoder().encode(mapped.join('\\'));
		out.fill(0, element.dataOffset, element.dataOffset + element.length);
		out.set(bytes.subarray(0, element.length), element.dataOffset);
		changed++;
	};

	/**
	 * The items of a sequence dicom-parser left unopened: a private one in an Implicit VR file (it drops their
	 * items), and a UN element of defined length that holds a sequence (PS3.5 6.2.2: encoded as Implicit VR Little
	 * Endian). Opening them lets the walk empty each value and keep the item structure, so the file still parses
	 * for software that knows what the sequence is. Undefined when the value is not a sequence after all.
	 */
	const unopenedItems = (
		element: Element,
		dictionaryVr: string | undefined
	): Element[] | undefined => {
		const implicitValue = implicitFile || element.vr === undefined || element.vr === 'UN';
		if (!implicitValue || !element.length || element.length === UNDEFINED_LENGTH) return undefined;
		const at = element.dataOffset;
		const startsWithItem =
			out[at] === 0xfe && out[at + 1] === 0xff && out[at + 2] === 0x00 && out[at + 3] === 0xe0;
		// A value the dictionary types as something else is never read as items, whatever its first bytes.
		if (dictionaryVr !== 'SQ' && (dictionaryVr !== undefined || !startsWithItem)) return undefined;
		try {
			const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, out, at);
			const sequence: Element = { tag: element.tag, length: element.length, dataOffset: at };
			// Typed as returning a string, but dicom-parser takes undefined as "guess" (readDicomElementImplicit).
			dicomParser.readSequenceItemsImplicit(
				stream,
				sequence,
				vrCallback as (tag: string) => string
			);
			return sequence.items;
		} catch {
			return undefined;
		}
	};

	/** `wipe`: inside a private element or a sequence the profile removes — empty every value in it. */
	const walk = (ds: DataSet, wipe: boolean) => {
		for (const element of Object.values(ds.elements)) {
			const tag = element.tag.slice(1).toUpperCase();
			const n = parseInt(tag, 16);
			const group = n >>> 16;
			if (group === 0xfffe) continue; // item and delimitation tags: structure, not values
			// Odd groups are private (and 0001–0007 illegal): emptied whole, as the basic profile does.
			const isPrivate = group % 2 === 1;
			const dictionaryVr = isPrivate ? undefined : dictionary.vrOf(n);
			const fileVr = element.vr && element.vr !== 'UN' && !implicitFile ? element.vr : undefined;
			const vrs = [fileVr, dictionaryVr];
			// A public tag neither the file nor the dictionary can type (a retired or too-new attribute in an
			// Implicit VR file) might hold anything, a date included: it is emptied rather than the file refused,
			// since refusing would keep the patient from sharing the whole study over one attribute, while
			// emptying loses only that attribute. Either way nothing unclassified leaves the device.
			const unclassified = !isPrivate && !fileVr && !dictionaryVr;
			const removed = REMOVED_ATTRIBUTES.has(tag) || isRemovedRepeatingAttribute(group, n & 0xffff);
			const items = element.items ?? unopenedItems(element, dictionaryVr);
			if (items) {
				// A sequence where the dictionary has none is a use of the tag it cannot vouch for: emptied.
				const misused = !isPrivate && dictionaryVr !== undefined && dictionaryVr !== 'SQ';
				const inner = wipe || isPrivate || removed || unclassified || misused;
				for (const item of items) if (item.dataSet) walk(item.dataSet, inner);
				continue;
			}
			if (n === 0x7fe00010 || element.fragments || element.encapsulatedPixelData) continue;
			if (!element.length || element.length === UNDEFINED_LENGTH) continue;
			if (vrs.includes('UI') && !CLASS_UIDS.has(tag)) replaceUids(element);
			else if (vrs.includes('UI')) continue;
			else if (
				wipe ||
				isPrivate ||
				removed ||
				unclassified ||
				vrs.includes('SQ') || // a sequence that did not open as one: its bytes, whatever they are
				vrs.some((vr) => vr !== undefined && ALWAYS_EMPTY_VRS.has(vr))
			) {
				// Text is emptied with spaces (DICOM's padding: an empty value); anything else with zeros.
				const vr = fileVr ?? dictionaryVr;
				fill(element, vr && TEXT_VRS.has(vr) ? 0x20 : 0);
			}
		}
	};
	walk(dataSet, false);
	return { bytes: asExplicit ? explicitBodyAsImplicit(out) : out, changed };
}
