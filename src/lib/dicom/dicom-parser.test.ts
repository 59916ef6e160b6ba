import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateDataset } from './dicom-parser';

describe('inflateDataset (Deflated Explicit VR Little Endian)', () => {
	const header = new Uint8Array([1, 2, 3, 4]);

	it('puts the header before the inflated dataset', () => {
		const dataset = new Uint8Array(100_000).map((_, i) => i % 251);
		const out = inflateDataset(new Uint8Array([...header, ...deflateSync(dataset)]), 4);
		expect(out).toEqual(new Uint8Array([...header, ...dataset]));
	});

	it('stops a dataset that inflates past its limit instead of allocating it', () => {
		// Deflate packs zeros about 1000 to 1: 1 MB of file would inflate to 1 GB in the decoding worker.
		const bomb = deflateSync(new Uint8Array(8_000_000));
		expect(bomb.length).toBeLessThan(20_000);
		expect(() => inflateDataset(new Uint8Array([...header, ...bomb]), 4, 1_000_000)).toThrow(
			/inflates to more than 1000000 bytes/
		);
	});
});
