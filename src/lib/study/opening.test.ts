import { afterEach, describe, expect, it, vi } from 'vitest';
import { type InstanceSummary, type SeriesSummary, type StudySummary } from './records';
import type { StudyContent } from './content';
import {
	LISTING_WAIT_MS,
	UNCLAIMED_MS,
	beginOpening,
	dropOpening,
	prepareOpening,
	takeOpening
} from './opening';

const image = (id: string, InstanceNumber: number) =>
	({
		id,
		size: 1,
		kind: 'image',
		TransferSyntaxUID: '1.2.840.10008.1.2.1',
		SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
		fileName: id,
		instance: { InstanceNumber, Rows: 8, Columns: 8, NumberOfFrames: 1 }
	}) as unknown as InstanceSummary;

/** A study store that answers at once and notes every read, in order. */
function content(instances: Record<string, InstanceSummary[]>) {
	const reads: string[] = [];
	const remembered: unknown[] = [];
	const store: StudyContent = {
		listSeries: async (studyId) => {
			reads.push(`series ${studyId}`);
			return Object.keys(instances).map((id) => ({ id }) as SeriesSummary);
		},
		listInstances: async (seriesId) => {
			reads.push(`list ${seriesId}`);
			return instances[seriesId] ?? [];
		},
		readInstance: async (id) => {
			reads.push(`read ${id}`);
			return new TextEncoder().encode(id);
		},
		rememberCover: async (_studyId, found) => {
			remembered.push(found);
		}
	};
	return { store, reads, remembered };
}

const ct = { ct: ['a', 'b', 'c'].map((id, i) => image(id, i + 1)) };
const study = (cover?: StudySummary['cover']) => ({ id: 's1', cover }) as StudySummary;
const cover = { seriesId: 'ct', instanceId: 'b', TransferSyntaxUID: '1.2.840.10008.1.2.1' };

afterEach(() => {
	dropOpening();
	vi.useRealTimers();
});

describe('opening a study', () => {
	it('reads the cover before any listing, and lists the series only once the viewer asks', async () => {
		const { store, reads, remembered } = content(ct);
		const opening = beginOpening(store, study(cover));
		expect(reads).toEqual(['read b', 'series s1']);
		const reads1 = opening.claim('ct')!;
		expect(new TextDecoder().decode(await reads1.takeImage('b'))).toBe('b');
		// Handed over once.
		expect(reads1.takeImage('b')).toBeUndefined();
		await new Promise((r) => setTimeout(r, 10));
		expect(reads).toEqual(['read b', 'series s1']);
		expect((await reads1.instances()).map((i) => i.id)).toEqual(['a', 'b', 'c']);
		expect(reads).toEqual(['read b', 'series s1', 'list ct']);
		// A second viewer of the same series gets nothing from the opening: it lists afresh.
		expect(opening.claim('ct')).toBeUndefined();
		// The cover was right: nothing to remember.
		expect(remembered).toEqual([]);
	});

	it('reads the right image when the cover is stale, and never waits forever for a viewer', async () => {
		vi.useFakeTimers();
		const { store, reads, remembered } = content(ct);
		const stale = { ...cover, instanceId: 'gone' };
		const opening = beginOpening(store, study(stale));
		await vi.advanceTimersByTimeAsync(LISTING_WAIT_MS);
		expect(await opening.firstSeries).toMatchObject({ seriesId: 'ct' });
		expect(reads).toEqual(['read gone', 'series s1', 'list ct', 'read b']);
		// Kept for the next opening.
		expect(remembered).toEqual([cover]);
		expect(opening.claim('ct')!.takeImage('b')).toBeDefined();
	});

	it('without a cover, lists at once, reads the middle image of the first series with images and keeps it as the cover', async () => {
		const { store, reads, remembered } = content({ sr: [{ ...image('r', 1), kind: 'sr' }], ...ct });
		const opening = beginOpening(store, study());
		expect(await opening.firstSeries).toMatchObject({ seriesId: 'ct' });
		expect(reads).toEqual(['series s1', 'list sr', 'list ct', 'read b']);
		// A study recounted by an older version has no cover: the one found is kept for the next opening.
		expect(remembered).toEqual([cover]);
		expect((await opening.listed('sr'))?.map((i) => i.id)).toEqual(['r']);
	});

	it('is begun once by a press and its click, handed to the page once, and dropped if nobody takes it', async () => {
		vi.useFakeTimers();
		const { store, reads } = content(ct);
		prepareOpening(store, study(cover));
		prepareOpening(store, study(cover));
		expect(reads.filter((r) => r === 'read b')).toHaveLength(1);
		const taken = takeOpening(store, study(cover));
		expect(takeOpening(store, study(cover))).not.toBe(taken);

		prepareOpening(store, study(cover));
		await vi.advanceTimersByTimeAsync(UNCLAIMED_MS);
		const before = reads.length;
		takeOpening(store, study(cover));
		// Dropped: the page begins its own (the cover is read again).
		expect(reads.slice(before)).toEqual(['read b', 'series s1']);
	});
});
