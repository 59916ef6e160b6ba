import { describe, expect, it } from 'vitest';
import type { InstanceKind } from '$lib/dicom';
import { coverOf, hasImages, openingInstance, shownOf } from './display-rule';
import type { InstanceSummary } from './records';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const JPEG_XL = '1.2.840.10008.1.2.4.110';

function instance(
	id: string,
	kind: InstanceKind = 'image',
	TransferSyntaxUID = EXPLICIT_LE
): InstanceSummary {
	return {
		v: 1,
		id,
		size: 1000,
		SOPInstanceUID: `1.2.${id}`,
		SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
		TransferSyntaxUID,
		kind,
		instance: {
			InstanceNumber: null,
			Rows: 512,
			Columns: 512,
			NumberOfFrames: 1,
			ImageLaterality: '',
			ViewPosition: '',
			DocumentTitle: '',
			ContentDate: ''
		},
		fileName: `${id}.dcm`
	} as InstanceSummary;
}

describe('which image a study opens on', () => {
	it('opens a series on its middle image among those the viewer can show', () => {
		const series = ['a', 'b', 'c', 'd', 'e'].map((id) => instance(id));
		expect(openingInstance(series)?.id).toBe('c');
		// An image without a decoder is left out, with its reason; the middle is taken among the rest.
		const mixed = [instance('x', 'image', JPEG_XL), ...series.slice(0, 4)];
		const { shown, notShown } = shownOf(mixed);
		expect(shown.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
		expect(notShown).toEqual([
			{ name: 'x.dcm', reason: { code: 'no-decoder', compression: 'JPEG XL lossless' } }
		]);
		expect(openingInstance(mixed)?.id).toBe('c');
	});

	it('takes the first series holding images, skipping reports, and says nothing for a study without any', () => {
		const report = { id: 'sr', instances: [instance('r1', 'sr'), instance('r2', 'pdf')] };
		const ct = { id: 'ct', instances: ['a', 'b', 'c'].map((id) => instance(id)) };
		expect(hasImages(report.instances)).toBe(false);
		// Reports are not images the viewer failed to show: they are not among its reasons.
		expect(shownOf(report.instances).notShown).toEqual([]);
		expect(coverOf([report, ct])).toEqual({
			seriesId: 'ct',
			instanceId: 'b',
			TransferSyntaxUID: EXPLICIT_LE
		});
		expect(coverOf([report])).toBeUndefined();
		// The first series with images opens even if none can be shown (it shows why): no cover then.
		const undecodable = { id: 'xl', instances: [instance('x', 'image', JPEG_XL)] };
		expect(coverOf([undecodable, ct])).toBeUndefined();
	});
});
