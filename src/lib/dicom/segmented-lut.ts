import { DicomError } from './errors';

/**
 * Expands Segmented Palette Color Lookup Table Data (0028,1221–1223) into the plain table it encodes (PS3.3
 * C.7.9.2). The data is a series of segments, each starting with an opcode and a length:
 *   0 discrete: `length` table entries follow;
 *   1 linear:   one value y1 follows; the table runs in a straight line from the previous entry (y0, not repeated)
 *               to y1 over `length` entries;
 *   2 indirect: a 32-bit byte offset follows (least significant word first); `length` segments starting at that
 *               offset into the data are expanded again here.
 * Entries are 16-bit words, or bytes for an 8-bit table (the third value of the descriptor).
 */
interface Segment {
	/** Index of the segment's opcode in the data. */
	at: number;
	opcode: number;
	length: number;
}

/** Far more segment expansions than any real table needs (it has at most 65536 entries), and quick to reach. */
const MAX_EXPANSIONS = 1 << 20;

function segmentsOf(data: ArrayLike<number>, bits: 8 | 16): Segment[] {
	const segments: Segment[] = [];
	const offsetEntries = bits === 8 ? 4 : 2;
	let at = 0;
	// A trailing pad entry (odd number of bytes in an 8-bit table) is not a segment.
	while (at + 1 < data.length) {
		const opcode = data[at]!;
		const length = data[at + 1]!;
		const size =
			opcode === 0 ? 2 + length : opcode === 1 ? 3 : opcode === 2 ? 2 + offsetEntries : -1;
		if (size < 0)
			throw new DicomError(
				'unreadable-header',
				`segmented palette: unknown segment opcode ${opcode}`
			);
		if (at + size > data.length)
			throw new DicomError('unreadable-header', 'segmented palette: a segment runs past the data');
		segments.push({ at, opcode, length });
		at += size;
	}
	return segments;
}

/** The byte offset an indirect segment names: two words, least significant first (two bytes each in 8-bit data). */
function indirectOffset(data: ArrayLike<number>, at: number, bits: 8 | 16): number {
	if (bits === 16) return (data[at + 2]! | (data[at + 3]! << 16)) >>> 0;
	const low = data[at + 2]! | (data[at + 3]! << 8);
	const high = data[at + 4]! | (data[at + 5]! << 8);
	return (low | (high << 16)) >>> 0;
}

export function expandSegmentedLut(
	data: ArrayLike<number>,
	bits: 8 | 16,
	entries: number
): number[] {
	const segments = segmentsOf(data, bits);
	const byStart = new Map(segments.map((s, i) => [s.at, i]));
	const out: number[] = [];
	// Indirect segments copying groups of indirect segments multiply without a cycle (8 levels of 8 make 8^8
	// copies): nothing past the table's end is expanded, and the expansions themselves are counted.
	let expansions = 0;
	const expand = (index: number, depth: number) => {
		if (out.length >= entries) return;
		if (++expansions > MAX_EXPANSIONS) {
			throw new DicomError(
				'unreadable-header',
				'segmented palette: indirect segments expand too many times'
			);
		}
		const { at, opcode, length } = segments[index]!;
		const room = entries - out.length;
		if (opcode === 0) {
			for (let i = 0; i < Math.min(length, room); i++) out.push(data[at + 2 + i]!);
		} else if (opcode === 1) {
			if (!out.length)
				throw new DicomError(
					'unreadable-header',
					'segmented palette: a linear segment comes first'
				);
			const y0 = out.at(-1)!;
			const y1 = data[at + 2]!;
			for (let i = 1; i <= Math.min(length, room); i++) {
				out.push(Math.round(y0 + ((y1 - y0) * i) / length));
			}
		} else {
			// An indirect segment may point at others but never (sanely) at itself: bound the nesting.
			if (depth > 8)
				throw new DicomError(
					'unreadable-header',
					'segmented palette: indirect segments nest too deep'
				);
			const first = byStart.get(indirectOffset(data, at, bits) / (bits / 8));
			if (first === undefined || first + length > segments.length || first === index) {
				throw new DicomError(
					'unreadable-header',
					'segmented palette: an indirect segment points to no segment'
				);
			}
			for (let i = first; i < first + length; i++) expand(i, depth + 1);
		}
	};
	for (let i = 0; i < segments.length && out.length < entries; i++) expand(i, 0);
	if (!out.length) throw new DicomError('unreadable-header', 'segmented palette: no entries');
	// A table that expands short is completed with its last entry, as values past its end are (C.7.6.3.1.5).
	while (out.length < entries) out.push(out.at(-1)!);
	return out.slice(0, entries);
}
