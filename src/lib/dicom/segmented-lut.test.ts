import { describe, expect, it } from 'vitest';
import { DicomError } from './errors';
import { expandSegmentedLut } from './segmented-lut';

describe('expandSegmentedLut (PS3.3 C.7.9.2)', () => {
	it('expands discrete and linear segments, a linear one ending on its value, not repeating the last', () => {
		// Discrete 10 20 30, then a line to 50 over 2 entries: 40 50.
		expect(expandSegmentedLut([0, 3, 10, 20, 30, 1, 2, 50], 16, 5)).toEqual([10, 20, 30, 40, 50]);
		// A line from 0 to 10 over 3 entries, rounded: 3 7 10.
		expect(expandSegmentedLut([0, 1, 0, 1, 3, 10], 16, 4)).toEqual([0, 3, 7, 10]);
		// Down as well as up, and flat.
		expect(expandSegmentedLut([0, 1, 100, 1, 4, 0, 1, 2, 0], 16, 7)).toEqual([
			100, 75, 50, 25, 0, 0, 0
		]);
	});

	it('expands indirect segments from their byte offset, again from the current last entry', () => {
		const data = [
			0,
			2,
			5,
			6, // at entry 0 (byte 0): discrete 5 6
			1,
			2,
			10, // at entry 4 (byte 8): a line to 10 over 2 entries
			2,
			2,
			0,
			0, // copy 2 segments from byte 0
			2,
			1,
			8,
			0 // copy 1 segment from byte 8: the line, now from 10 to 10
		];
		expect(expandSegmentedLut(data, 16, 10)).toEqual([5, 6, 8, 10, 5, 6, 8, 10, 10, 10]);
	});

	it('reads 8-bit tables, whose offsets take four bytes', () => {
		// The same segments in bytes, the indirect one copying the line (byte 4); then a pad byte, not a segment.
		const data = [0, 2, 5, 6, 1, 2, 10, 2, 1, 4, 0, 0, 0, 0];
		expect(expandSegmentedLut(data, 8, 6)).toEqual([5, 6, 8, 10, 10, 10]);
	});

	it('gives the table the length its descriptor says', () => {
		expect(expandSegmentedLut([0, 2, 1, 2], 16, 4)).toEqual([1, 2, 2, 2]);
		expect(expandSegmentedLut([0, 4, 1, 2, 3, 4], 16, 2)).toEqual([1, 2]);
	});

	/**
	 * 16-bit data: a first entry, then an indirect segment copying a group of `fan` indirect segments, each copying
	 * the next group, `groups` deep, down to `fan` copies of `leaf`: fan^groups leaves (no cycle, no deep nesting).
	 */
	function fanOut(fan: number, groups: number, leaf: number[]): number[] {
		const group = (g: number) => 7 + 4 * fan * g;
		const data = [0, 1, 0, 2, fan, group(0) * 2, 0];
		for (let g = 0; g < groups; g++) {
			for (let i = 0; i < fan; i++) data.push(2, fan, group(g + 1) * 2, 0);
		}
		for (let i = 0; i < fan; i++) data.push(...leaf);
		return data;
	}

	it('expands no more than the table holds, however the indirect segments fan out', () => {
		// 8^8 lines of 65535 entries (2.2 × 10^12) for a 65536-entry table: one line fills it.
		const table = expandSegmentedLut(fanOut(8, 8, [1, 65535, 1000]), 16, 65536);
		expect(table).toHaveLength(65536);
		expect(table[65535]).toBe(1000);
	});

	it('refuses indirect segments that expand to nothing over and over', () => {
		// The same fan-out down to empty discrete segments: no entry, 8^8 expansions to walk.
		expect(() => expandSegmentedLut(fanOut(8, 8, [0, 0]), 16, 256)).toThrow(
			/expand too many times/
		);
	});

	it.each([
		['a linear segment first', [1, 2, 10], /linear segment comes first/],
		['an unknown opcode', [0, 1, 5, 7, 1, 0], /unknown segment opcode 7/],
		['a segment past the data', [0, 9, 1, 2], /runs past the data/],
		['an indirect segment pointing nowhere', [0, 1, 5, 2, 1, 2, 0], /points to no segment/]
	])('refuses %s with a reason', (_name, data, reason) => {
		expect(() => expandSegmentedLut(data, 16, 8)).toThrow(reason);
	});
	it('a damaged table (an opcode no segment has, as the parser fuzzer made) is refused as a DicomError', () => {
		let thrown: unknown;
		try {
			expandSegmentedLut([0, 1, 7, 16385, 2, 1, 2], 16, 4);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DicomError);
		expect((thrown as DicomError).detail).toBe('segmented palette: unknown segment opcode 16385');
	});
});
