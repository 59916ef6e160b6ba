/**
 * The DICOM data dictionary: the Value Representation of a tag, for where a file does not say it — every element
 * of an Implicit VR Little Endian dataset, and UN ("unknown") elements of explicit ones.
 *
 * Source: the data dictionary of dcmjs (MIT; the `dcmjs/dictionary` export, its packaging of PS3.6), the version
 * the lockfile pins. `scripts/dicom-dictionary.js` turns it into `dictionary.generated.json` (a compact tag → VR
 * table, ~13 KiB gzip) on every install; the table is not committed and nothing here is written by hand. It covers
 * every public attribute dcmjs knows (retired ones, DICOS and DICONDE included), the repeating groups — (50xx,eeee)
 * curves, (60xx,eeee) overlays, (7Fxx,eeee) variable pixel data, (0020,31xx) — group lengths (gggg,0000) and private
 * creators (gggg,0010–00FF). Vendors' private attributes are not in it: a number alone cannot name one.
 *
 * The table is loaded on first use, so only the code that needs it (de-identification, for now) pays for it and
 * the timeline's bundle does not.
 */
export interface DicomDictionary {
	/** Where the table comes from, e.g. "dcmjs 0.51.1". */
	readonly source: string;
	/**
	 * The VR PS3.6 gives the tag: "DA", "SQ", …, or several as PS3.6 writes them ("OB or OW", "US or SS",
	 * "US or SS or OW") where the encoding depends on other attributes. `tag` is a number (0x00080020) or
	 * dicom-parser's "x00080020". Undefined for a tag the dictionary does not know (private attributes included).
	 */
	vrOf(tag: number | string): string | undefined;
}

type Parity = 'even' | 'odd' | 'any';
/** [group from, to, which groups, element from, to, which elements, VR], as the generator writes them. */
type Range = [number, number, Parity, number, number, Parity, string];

interface GeneratedTable {
	source: string;
	version: string;
	/** VR → its tags, each 8 hex digits, concatenated. */
	tags: Record<string, string>;
	ranges: unknown[][];
}

let loading: Promise<DicomDictionary> | undefined;

export function loadDictionary(): Promise<DicomDictionary> {
	loading ??= import('./dictionary.generated.json').then(
		(module) => buildDictionary(module.default as GeneratedTable),
		(error: unknown) => {
			// A failed chunk load (an update mid-session) should not stay failed for the whole session.
			loading = undefined;
			throw error;
		}
	);
	return loading;
}

function within(value: number, from: number, to: number, parity: Parity): boolean {
	if (value < from || value > to) return false;
	return parity === 'any' || (value % 2 === 1) === (parity === 'odd');
}

function tagNumber(tag: number | string): number | undefined {
	if (typeof tag === 'number') return Number.isInteger(tag) && tag >= 0 ? tag : undefined;
	const hex = tag.startsWith('x') ? tag.slice(1) : tag;
	return /^[0-9a-fA-F]{8}$/.test(hex) ? parseInt(hex, 16) : undefined;
}

function buildDictionary(table: GeneratedTable): DicomDictionary {
	const exact = new Map<number, string>();
	for (const [vr, tags] of Object.entries(table.tags)) {
		for (let i = 0; i + 8 <= tags.length; i += 8) exact.set(parseInt(tags.slice(i, i + 8), 16), vr);
	}
	const ranges = table.ranges as Range[];
	return {
		source: `${table.source} ${table.version}`,
		vrOf(tag) {
			const n = tagNumber(tag);
			if (n === undefined) return undefined;
			const known = exact.get(n);
			if (known) return known;
			const group = n >>> 16;
			const element = n & 0xffff;
			// The ranges do not overlap, but for group lengths (gggg,0000), which are UL in all of them.
			for (const [g1, g2, gp, e1, e2, ep, vr] of ranges) {
				if (within(group, g1, g2, gp) && within(element, e1, e2, ep)) return vr;
			}
			return undefined;
		}
	};
}
