import { describe, expect, it } from 'vitest';
import type { InstanceSummary, SeriesSummary, StudyContent, StudySummary } from '$lib/study';
import { StudyView } from './study-view.svelte';

const file = (id: string, kind: InstanceSummary['kind'], n: number) =>
	({
		id,
		size: 1,
		kind,
		TransferSyntaxUID: '1.2.840.10008.1.2.1',
		SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
		fileName: id,
		instance: { InstanceNumber: n, Rows: 8, Columns: 8, NumberOfFrames: 1 }
	}) as unknown as InstanceSummary;

const listing: Record<string, InstanceSummary[]> = {
	scout: [file('s1', 'image', 1)],
	axial: ['a', 'b', 'c'].map((id, i) => file(id, 'image', i + 1)),
	report: [file('r', 'sr', 1)]
};

function store(reads: string[] = []): StudyContent {
	return {
		listSeries: async () => Object.keys(listing).map((id) => ({ id }) as SeriesSummary),
		listInstances: async (seriesId) => {
			reads.push(`list ${seriesId}`);
			return listing[seriesId] ?? [];
		},
		readInstance: async (id) => {
			reads.push(`read ${id}`);
			return new Uint8Array([1]);
		}
	};
}

const study = {
	id: 'st',
	cover: { seriesId: 'axial', instanceId: 'b', TransferSyntaxUID: '1.2.840.10008.1.2.1' }
} as unknown as StudySummary;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('StudyView', () => {
	it('opens on the cover’s series, lists files and reports, and draws thumbnails only after the first image', async () => {
		const drawn: string[] = [];
		const view = new StudyView(store(), study, async () => ({
			renderThumbnail: async (_content, seriesId) => {
				drawn.push(seriesId);
				return `thumb:${seriesId}`;
			}
		}));
		const opened = view.open();
		await tick();
		expect(view.selected?.id).toBe('axial');
		expect(view.series.map((s) => s.id)).toEqual(['scout', 'axial', 'report']);
		// The viewer takes the opening's reads for its series once, with the cover's image read ahead.
		const reads = view.firstReads('axial');
		expect(reads?.takeImage('b')).toBeInstanceOf(Promise);
		expect(view.firstReads('axial')).toBeUndefined();
		await tick();
		expect(drawn).toEqual([]);
		view.firstImageSettled();
		await opened;
		expect(view.reports.map((r) => r.id)).toEqual(['r']);
		expect(view.fileCount({ id: 'axial', instanceCount: null } as SeriesSummary)).toBe(3);
		expect(drawn).toEqual(['scout', 'axial']);
		expect(view.thumbnailUrls).toEqual({ scout: 'thumb:scout', axial: 'thumb:axial' });
	});

	it('selects only series with images; a report series is left to the page', async () => {
		const view = new StudyView(store(), study, async () => ({ renderThumbnail: async () => null }));
		view.firstImageSettled();
		await view.open();
		expect(view.select({ id: 'scout' } as SeriesSummary)).toBe(true);
		expect(view.selected?.id).toBe('scout');
		expect(view.select({ id: 'report' } as SeriesSummary)).toBe(false);
		expect(view.selected?.id).toBe('scout');
	});

	it('once closed, shows nothing it reads afterwards (another study was opened)', async () => {
		let release!: () => void;
		const slow: StudyContent = {
			...store(),
			listSeries: async () => {
				await new Promise<void>((r) => (release = r));
				return [{ id: 'axial' } as SeriesSummary];
			}
		};
		const view = new StudyView(slow, { id: 'other' } as StudySummary, async () => ({
			renderThumbnail: async () => 'x'
		}));
		const opened = view.open();
		await tick();
		view.close();
		release();
		await opened;
		expect(view.series).toEqual([]);
		expect(view.selected).toBeNull();
	});

	it('keeps a listing failure for the page to put into words', async () => {
		const failing: StudyContent = {
			...store(),
			listSeries: async () => {
				throw new Error('gone');
			}
		};
		const view = new StudyView(failing, { id: 'x' } as StudySummary, async () => ({
			renderThumbnail: async () => null
		}));
		await view.open();
		expect(view.error).toBeInstanceOf(Error);
	});
});
