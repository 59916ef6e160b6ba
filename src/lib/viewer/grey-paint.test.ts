import {
	createImage,
	createView,
	DicomParser,
	Index,
	WindowLevel,
	type Image,
	type View
} from 'dwv';
import { describe, expect, it } from 'vitest';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';
import { paintGrey } from './grey-paint';

/**
 * paintGrey must paint exactly what dwv paints (a patient's image may not change by one grey level for being
 * faster): each case here is painted by dwv's own View.generateImageData and by paintGrey, and every byte compared.
 */
interface Slice {
	bitsAllocated: 8 | 16;
	bitsStored: number;
	signed?: boolean;
	photometric?: 'MONOCHROME1' | 'MONOCHROME2';
	rescale?: { slope: number; intercept: number };
	voiFunction?: string;
	/** The stored words, as written (bits above BitsStored included). */
	values: number[];
	z?: number;
}

const SIZE = 16;

function file(slice: Slice): ArrayBuffer {
	const bytes = new Uint8Array(SIZE * SIZE * (slice.bitsAllocated / 8));
	const view = new DataView(bytes.buffer);
	slice.values.forEach((v, i) => {
		if (slice.bitsAllocated === 8) view.setUint8(i, v & 0xff);
		else view.setUint16(i * 2, v & 0xffff, true);
	});
	const elements: Element[] = [
		[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.128'],
		[0x00080018, 'UI', '1.2.826.0.1.3680043.10.1337.77.1'],
		[0x00080060, 'CS', 'PT'],
		[0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1337.77'],
		[0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1337.77.2'],
		[0x00200032, 'DS', `0\\0\\${slice.z ?? 0}`],
		[0x00200037, 'DS', '1\\0\\0\\0\\1\\0'],
		[0x00280002, 'US', 1],
		[0x00280004, 'CS', slice.photometric ?? 'MONOCHROME2'],
		[0x00280010, 'US', SIZE],
		[0x00280011, 'US', SIZE],
		[0x00280030, 'DS', '1\\1'],
		[0x00280100, 'US', slice.bitsAllocated],
		[0x00280101, 'US', slice.bitsStored],
		[0x00280102, 'US', slice.bitsStored - 1],
		[0x00280103, 'US', slice.signed ? 1 : 0],
		...(slice.voiFunction ? ([[0x00281056, 'CS', slice.voiFunction]] as Element[]) : []),
		...(slice.rescale
			? ([
					[0x00281052, 'DS', String(slice.rescale.intercept)],
					[0x00281053, 'DS', String(slice.rescale.slope)]
				] as Element[])
			: []),
		[0x7fe00010, slice.bitsAllocated === 8 ? 'OB' : 'OW', bytes]
	];
	const out = part10(elements, {
		sopClassUID: '1.2.840.10008.5.1.4.1.1.128',
		sopInstanceUID: '1.2.826.0.1.3680043.10.1337.77.1'
	});
	return out.slice().buffer;
}

function parsed(slice: Slice) {
	const parser = new DicomParser();
	parser.parse(file(slice));
	const elements = parser.getDicomElements();
	return { elements, image: createImage(elements) };
}

function viewOf(slice: Slice, extra: Slice[] = []): { view: View; image: Image } {
	const { elements, image } = parsed(slice);
	// As dwv's loader says how many files make the volume, so appendSlice makes room for them.
	(image.getMeta() as { numberOfFiles?: number }).numberOfFiles = 1 + extra.length;
	for (const other of extra) image.appendSlice(parsed(other).image);
	return { view: createView(elements, image), image };
}

/** A deterministic spread of words: every bit pattern region, the extremes, and values past BitsStored. */
function words(seed: number, bitsAllocated: 8 | 16): number[] {
	let x = seed;
	const max = 2 ** bitsAllocated;
	return Array.from({ length: SIZE * SIZE }, (_, i) => {
		if (i < 4) return [0, 1, max - 1, max / 2][i]!;
		x = (x * 1103515245 + 12345) >>> 0;
		return x % max;
	});
}

const blank = (): ImageData =>
	({ data: new Uint8ClampedArray(SIZE * SIZE * 4), width: SIZE, height: SIZE }) as ImageData;

function both(view: View, index?: Index): { dwv: number[]; ours: number[] } {
	const fromDwv = blank();
	view.generateImageData(fromDwv, (index ?? view.getCurrentIndex())!);
	const ours = blank();
	// Garbage first: paintGrey must write every byte.
	ours.data.fill(123);
	expect(paintGrey(view, ours, index)).toBe(true);
	return { dwv: [...fromDwv.data], ours: [...ours.data] };
}

const cases: [string, Slice, [number, number]][] = [
	[
		'unsigned 12 in 16, no rescale',
		{ bitsAllocated: 16, bitsStored: 12, values: words(1, 16) },
		[1000, 1500]
	],
	[
		'signed 16, CT rescale',
		{
			bitsAllocated: 16,
			bitsStored: 16,
			signed: true,
			rescale: { slope: 1, intercept: -1024 },
			values: words(2, 16)
		},
		[40, 400]
	],
	[
		'signed 12 in 16, fractional rescale',
		{
			bitsAllocated: 16,
			bitsStored: 12,
			signed: true,
			rescale: { slope: 0.37, intercept: 12.5 },
			values: words(3, 16)
		},
		[100, 700]
	],
	[
		'unsigned 16, PET-like slope',
		{
			bitsAllocated: 16,
			bitsStored: 16,
			rescale: { slope: 3.7e-2, intercept: 0 },
			values: words(4, 16)
		},
		[900, 1800]
	],
	[
		'8-bit MONOCHROME1',
		{ bitsAllocated: 8, bitsStored: 8, photometric: 'MONOCHROME1', values: words(5, 8) },
		[128, 200]
	],
	['8-bit, width 1', { bitsAllocated: 8, bitsStored: 8, values: words(6, 8) }, [128, 1]],
	[
		'LINEAR_EXACT',
		{ bitsAllocated: 16, bitsStored: 12, voiFunction: 'LINEAR_EXACT', values: words(7, 16) },
		[2000, 3000]
	],
	[
		'SIGMOID',
		{ bitsAllocated: 16, bitsStored: 12, voiFunction: 'SIGMOID', values: words(8, 16) },
		[2000, 1000]
	],
	[
		'an unknown VOI function (dwv: linear)',
		{ bitsAllocated: 16, bitsStored: 12, voiFunction: 'CUBIC', values: words(9, 16) },
		[2000, 1000]
	]
];

describe('paintGrey paints what dwv paints', () => {
	it.each(cases)('%s', (_, slice, [center, width]) => {
		const { view } = viewOf(slice);
		view.setWindowLevel(new WindowLevel(center, width));
		const { dwv, ours } = both(view);
		expect(new Set(dwv.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(1);
		expect(ours).toEqual(dwv);
	});

	it('over many windows on a fractional rescale (levels decided at their edges, as dwv rounds)', () => {
		const { view } = viewOf({
			bitsAllocated: 16,
			bitsStored: 16,
			signed: true,
			rescale: { slope: 0.1, intercept: -0.3 },
			values: words(16, 16)
		});
		let x = 7;
		for (let k = 0; k < 200; k++) {
			x = (x * 1103515245 + 12345) >>> 0;
			const center = (x % 6000) / 10 - 300;
			const width = 1 + (x % 997) / 7;
			view.setWindowLevel(new WindowLevel(center, width));
			const { dwv, ours } = both(view);
			expect(ours).toEqual(dwv);
		}
	});

	it('under another colour map, and after the window moves (the table is rebuilt)', () => {
		const { view } = viewOf({ bitsAllocated: 16, bitsStored: 12, values: words(10, 16) });
		view.setColourMap('hot');
		view.setWindowLevel(new WindowLevel(1500, 2000));
		let { dwv, ours } = both(view);
		expect(ours).toEqual(dwv);
		view.setWindowLevel(new WindowLevel(500, 300));
		({ dwv, ours } = both(view));
		expect(ours).toEqual(dwv);
	});

	it('each slice of a volume, at the index asked for', () => {
		const first = { bitsAllocated: 16 as const, bitsStored: 12, values: words(11, 16), z: 0 };
		const second = { bitsAllocated: 16 as const, bitsStored: 12, values: words(12, 16), z: 5 };
		const { view } = viewOf(first, [second]);
		view.setWindowLevel(new WindowLevel(2000, 2500));
		const a = both(view, new Index([0, 0, 0]));
		const b = both(view, new Index([0, 0, 1]));
		expect(a.ours).toEqual(a.dwv);
		expect(b.ours).toEqual(b.dwv);
		expect(a.ours).not.toEqual(b.ours);
	});

	it('declines what dwv must paint itself (slices with different rescales); a view with no window yet gets dwv’s first preset', () => {
		const first = {
			bitsAllocated: 16 as const,
			bitsStored: 12,
			values: words(13, 16),
			rescale: { slope: 1, intercept: 0 },
			z: 0
		};
		const second = { ...first, values: words(14, 16), rescale: { slope: 2, intercept: 0 }, z: 5 };
		const { view, image } = viewOf(first, [second]);
		expect(image.isConstantRSI()).toBe(false);
		view.setWindowLevel(new WindowLevel(2000, 2500));
		expect(paintGrey(view, blank())).toBe(false);
		// Never windowed: asking for its window (as paintGrey does) makes dwv choose its first preset, as its own
		// painting would on this call; the pixels are dwv's.
		const fresh = viewOf({ bitsAllocated: 16, bitsStored: 12, values: words(15, 16) }).view;
		const ours = blank();
		expect(paintGrey(fresh, ours)).toBe(true);
		const other = viewOf({ bitsAllocated: 16, bitsStored: 12, values: words(15, 16) }).view;
		const dwv = blank();
		other.generateImageData(dwv, other.getCurrentIndex()!);
		expect([...ours.data]).toEqual([...dwv.data]);
	});
});
