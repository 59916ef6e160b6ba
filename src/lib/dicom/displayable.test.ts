import { describe, expect, it } from 'vitest';
import { checkDisplayable, type DisplayCheckInput } from './displayable';

const ct: DisplayCheckInput = {
	kind: 'image',
	TransferSyntaxUID: '1.2.840.10008.1.2.1',
	SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
	Rows: 512,
	Columns: 512,
	NumberOfFrames: 1,
	BitsAllocated: 16,
	SamplesPerPixel: 1
};

describe('checkDisplayable', () => {
	it.each([
		['uncompressed', {}],
		['JPEG baseline', { TransferSyntaxUID: '1.2.840.10008.1.2.4.50' }],
		['JPEG lossless', { TransferSyntaxUID: '1.2.840.10008.1.2.4.70' }],
		['JPEG 2000', { TransferSyntaxUID: '1.2.840.10008.1.2.4.90' }],
		['JPEG 2000 lossy', { TransferSyntaxUID: '1.2.840.10008.1.2.4.91' }],
		['HTJ2K lossless (transcoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.4.201' }],
		['HTJ2K lossless RPCL (transcoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.4.202' }],
		['HTJ2K (transcoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.4.203' }],
		['RLE', { TransferSyntaxUID: '1.2.840.10008.1.2.5' }],
		['32-bit RLE (decoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.5', BitsAllocated: 32 }],
		['JPEG-LS (transcoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.4.80' }],
		['Deflated (transcoded first)', { TransferSyntaxUID: '1.2.840.10008.1.2.1.99' }]
	])('accepts %s', (_name, change) => {
		expect(checkDisplayable({ ...ct, ...change })).toEqual({ ok: true });
	});

	it.each([
		['a PDF report', { kind: 'pdf' as const }, { code: 'report' }],
		['an RT plan', { kind: 'other' as const }, { code: 'no-image' }],
		[
			'JPEG XL',
			{ TransferSyntaxUID: '1.2.840.10008.1.2.4.112' },
			{ code: 'no-decoder', compression: 'JPEG XL' }
		],
		[
			'JPEG 2000 Part 2 multi-component',
			{ TransferSyntaxUID: '1.2.840.10008.1.2.4.92' },
			{ code: 'no-decoder', compression: 'JPEG 2000 Part 2 multi-component lossless' }
		],
		[
			'an unknown syntax',
			{ TransferSyntaxUID: '1.2.3' },
			{ code: 'no-decoder', compression: 'transfer syntax 1.2.3' }
		],
		['no size', { Rows: 0 }, { code: 'no-size' }],
		['65535 x 65535 pixels', { Rows: 65535, Columns: 65535 }, { code: 'too-large' }],
		[
			'a segmentation (DICOM SEG)',
			{ SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4', BitsAllocated: 1 },
			{ code: 'segmentation' }
		]
	])('refuses %s with a reason', (_name, change, reason) => {
		const result = checkDisplayable({ ...ct, ...change });
		expect(result).toEqual({ ok: false, reason });
	});
});
