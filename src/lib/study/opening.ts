import { mark } from '$lib/timing';
import type { StudyContent } from './content';
import { hasImages, openingInstance } from './display-rule';
import type { InstanceSummary, SeriesSummary, StudyCover, StudySummary } from './records';

/**
 * Opening a study, begun the moment the patient presses on it rather than once its page has rendered. The
 * study's cover (the image it opens on, stored with its summary) is read and decrypted at once, beside the series
 * listing; then the first series with images is listed, and if the cover turns out stale (the study changed since
 * its last recount) the right image is read instead. The page's own rendering runs meanwhile, so the first image
 * is ready about when the viewer mounts. Everything here is a promise the study page and the viewer take over:
 * nothing is read twice.
 *
 * An opening holds one decrypted image in memory until the viewer takes it. It is dropped when another study is
 * opened, when the vault locks (`dropOpening`), or after `UNCLAIMED_MS` if no page took it (a press that became
 * a drag).
 */
export interface StudyOpening {
	readonly content: StudyContent;
	readonly studyId: string;
	/** The image the study should open on, as last recounted (a hint: see `firstSeries`). */
	readonly cover: StudyCover | undefined;
	readonly series: Promise<SeriesSummary[]>;
	/** The first series (in series order) holding images, with its instances; null when none does. */
	readonly firstSeries: Promise<{ seriesId: string; instances: InstanceSummary[] } | null>;
	/**
	 * Listings made while finding the first series with images (series order), for the page to reuse. Each
	 * listing is a fresh array: the viewer and the series panel do not share one.
	 */
	listed(seriesId: string): Promise<InstanceSummary[]> | undefined;
	/** What the viewer showing this series first gets from the opening; given once per series. */
	claim(seriesId: string): FirstReads | undefined;
	/**
	 * The first image is on screen, or will not be (failed, or no viewer opens on the cover's series): the
	 * listings a cover let wait may start. With a cover, nothing whose cost grows with the series (listing and
	 * counting its instances) runs beside the first image: it opens as fast on 1,000 slices as on 30.
	 */
	firstImageSettled(): void;
}

/** What a viewer gets from the study's opening: its series' instances, and the image read ahead. */
export interface FirstReads {
	/** Asked for once the cover is shown (or could not be): the listing starts then, not beside the cover. */
	instances(): Promise<InstanceSummary[]>;
	/** The study's cover when it is in this series: the viewer may show it before the listing arrives. */
	cover: StudyCover | undefined;
	/** The image read ahead, if it is this instance; handed over once, then forgotten. */
	takeImage(instanceId: string): Promise<Uint8Array> | undefined;
}

export const UNCLAIMED_MS = 5_000;
/** The longest listings wait for a cover to be shown (a viewer that never asks, a cover that never loads). */
export const LISTING_WAIT_MS = 1_000;

let pending: { opening: StudyOpening; timer: ReturnType<typeof setTimeout> } | null = null;

/**
 * Starts opening a study (from a press on its entry in the timeline). A second call for the same study reuses
 * the first: a press and the click that follows it start one opening.
 */
export function prepareOpening(content: StudyContent, study: StudySummary): void {
	if (pending?.opening.studyId === study.id && pending.opening.content === content) return;
	dropOpening();
	const opening = beginOpening(content, study);
	// A failed read is reported by the page that takes the opening; one nobody takes fails quietly.
	opening.firstSeries.catch(() => {});
	pending = { opening, timer: setTimeout(dropOpening, UNCLAIMED_MS) };
}

/** The opening prepared for this study if there is one (handed over once), else one begun now. */
export function takeOpening(content: StudyContent, study: StudySummary): StudyOpening {
	const prepared = pending?.opening;
	if (prepared?.studyId === study.id && prepared.content === content) {
		clearTimeout(pending!.timer);
		pending = null;
		return prepared;
	}
	return beginOpening(content, study);
}

/** Forgets a prepared opening and the image it holds (the vault locked, or nobody took it). */
export function dropOpening(): void {
	if (!pending) return;
	clearTimeout(pending.timer);
	pending = null;
}

export function beginOpening(content: StudyContent, study: StudySummary): StudyOpening {
	mark('opening-begun');
	const { cover } = study;
	let image: { instanceId: string; bytes: Promise<Uint8Array> } | null = null;
	const readAhead = (instanceId: string) => {
		const bytes = content.readInstance(instanceId);
		// Reported by the viewer when it takes the image; never an unhandled rejection meanwhile.
		bytes.then(() => mark('cover-read')).catch(() => {});
		image = { instanceId, bytes };
	};
	// The cover first: it is the one read a first image waits on, so it starts before any listing.
	if (cover) readAhead(cover.instanceId);
	const listings = new Map<string, Promise<InstanceSummary[]>>();
	let settled!: () => void;
	const firstImage = new Promise<void>((resolve) => (settled = resolve));
	// Without counts: counting a big series' instances would hold up the first image (the page counts later).
	const series = content.listSeries(study.id, { counted: false });
	void series.then(() => mark('series-listed')).catch(() => {});
	const firstSeries = (async () => {
		const list = await series;
		// However the first image ends, the listings never wait longer than this.
		if (cover) await Promise.race([firstImage, new Promise((r) => setTimeout(r, LISTING_WAIT_MS))]);
		for (const s of list) {
			const listing = content.listInstances(s.id);
			listings.set(s.id, listing);
			const instances = await listing;
			if (!hasImages(instances)) continue;
			const first = openingInstance(instances);
			if (first && first.id !== cover?.instanceId) {
				readAhead(first.id);
				// No cover yet (a study recounted by an older version) or a stale one: the next opening reads it at
				// the press. A write that fails costs only that.
				const found = {
					seriesId: s.id,
					instanceId: first.id,
					TransferSyntaxUID: first.TransferSyntaxUID
				};
				content.rememberCover?.(study.id, found).catch(() => {});
			}
			return { seriesId: s.id, instances };
		}
		return null;
	})();
	const claimed = new Set<string>();
	return {
		content,
		studyId: study.id,
		cover,
		series,
		firstSeries,
		listed: (seriesId) => listings.get(seriesId)?.then((list) => [...list]),
		firstImageSettled: () => settled(),
		claim(seriesId) {
			if (claimed.has(seriesId)) return undefined;
			claimed.add(seriesId);
			return {
				instances() {
					settled();
					return firstSeries.then((first) =>
						first?.seriesId === seriesId ? [...first.instances] : content.listInstances(seriesId)
					);
				},
				cover: cover?.seriesId === seriesId ? cover : undefined,
				takeImage(instanceId) {
					if (image?.instanceId !== instanceId) return undefined;
					const { bytes } = image;
					image = null;
					return bytes;
				}
			};
		}
	};
}
