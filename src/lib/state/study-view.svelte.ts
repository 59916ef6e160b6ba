import {
	hasImages,
	takeOpening,
	type FirstReads,
	type InstanceSummary,
	type SeriesSummary,
	type StudyContent,
	type StudyOpening,
	type StudySummary
} from '$lib/study';

/** What the study view needs of the viewer module, loaded on demand (dwv stays out of the timeline's bundle). */
export interface ThumbnailRenderer {
	renderThumbnail(content: StudyContent, seriesId: string): Promise<string | null>;
}

/**
 * One study on screen (from the vault or a share): its series, which one the viewer shows, the files each holds,
 * the reports, and the thumbnails. It owns the opening the timeline began when the patient pressed on the study
 * (takeOpening): the viewer opens on the cover's series with its image read ahead, before any listing; listings
 * and thumbnails follow, never competing with the first image. `close()` ends it: nothing it reads afterwards
 * reaches the screen (one guard instead of one per step). The component only renders this.
 */
export class StudyView {
	#series = $state.raw<SeriesSummary[]>([]);
	#reports = $state.raw<InstanceSummary[]>([]);
	#imageSeriesIds = $state.raw<string[]>([]);
	#selectedId = $state<string | null>(null);
	#thumbnails = $state.raw<Record<string, string>>({});
	/** Files per series, from the listings (the series listing comes without counts: see the opening). */
	#counts = $state.raw<Record<string, number>>({});
	#error = $state.raw<unknown>(null);
	#opening: StudyOpening | null = null;
	#closed = false;
	#firstImageShown!: () => void;
	readonly #firstImage = new Promise<void>((resolve) => (this.#firstImageShown = resolve));
	#selected = $derived(this.#series.find((s) => s.id === this.#selectedId) ?? null);

	constructor(
		readonly content: StudyContent,
		readonly study: StudySummary,
		readonly thumbnails: () => Promise<ThumbnailRenderer>
	) {}

	get series() {
		return this.#series;
	}
	get reports() {
		return this.#reports;
	}
	get selected() {
		return this.#selected;
	}
	get selectedId() {
		return this.#selectedId;
	}
	get thumbnailUrls() {
		return this.#thumbnails;
	}
	/** How many files a series holds: from its summary when counted, else from its listing once made. */
	fileCount(series: SeriesSummary): number | undefined {
		return series.instanceCount ?? this.#counts[series.id];
	}
	/** Why listing the study failed, if it did ($lib/messages says it). */
	get error() {
		return this.#error;
	}

	/** What the viewer showing this series first gets from the opening (given once per series). */
	firstReads(seriesId: string): FirstReads | undefined {
		return this.#opening?.claim(seriesId);
	}

	/** The viewer's first image is on screen, or will not be: thumbnails may start. */
	firstImageSettled(): void {
		this.#firstImageShown();
	}

	/** Shows a series with images in the viewer; false for one without (the page then shows its reports). */
	select(series: SeriesSummary): boolean {
		// Another series chosen before the first image: the listings need not wait for it.
		this.#opening?.firstImageSettled();
		if (!this.#imageSeriesIds.includes(series.id)) return false;
		this.#selectedId = series.id;
		return true;
	}

	close(): void {
		this.#closed = true;
		this.#firstImageShown();
	}

	async open(): Promise<void> {
		try {
			await this.#open();
		} catch (error) {
			if (!this.#closed) this.#error = error;
		}
	}

	async #open() {
		const opening = takeOpening(this.content, this.study);
		this.#opening = opening;
		// A listing that fails fails `series` too, which is reported below; never an unhandled rejection.
		opening.firstSeries.catch(() => {});
		const list = await opening.series;
		if (this.#closed) return;
		this.#series = list;
		const coverSeries = list.find((s) => s.id === opening.cover?.seriesId);
		if (coverSeries) {
			this.#imageSeriesIds = [coverSeries.id];
			this.#selectedId = coverSeries.id;
		} else opening.firstImageSettled();
		// The first series with images decides (the cover's, unless the study changed since its recount) …
		const first = await opening.firstSeries;
		if (this.#closed) return;
		// … unless the patient chose another series meanwhile.
		if (first && (this.#selectedId === null || this.#selectedId === coverSeries?.id)) {
			this.#imageSeriesIds = [first.seriesId];
			this.#selectedId = first.seriesId;
		}
		const reports: InstanceSummary[] = [];
		const withImages: string[] = [];
		for (const s of list) {
			const instances = await (opening.listed(s.id) ?? this.content.listInstances(s.id));
			if (this.#closed) return;
			this.#counts = { ...this.#counts, [s.id]: instances.length };
			reports.push(...instances.filter((i) => i.kind === 'pdf' || i.kind === 'sr'));
			if (hasImages(instances)) {
				withImages.push(s.id);
				this.#imageSeriesIds = [...withImages];
			}
		}
		this.#reports = reports;
		// Thumbnails wait for the viewer's first image: they would compete with it for the same workers.
		if (this.#selectedId) await this.#firstImage;
		if (this.#closed) return;
		const { renderThumbnail } = await this.thumbnails();
		for (const seriesId of withImages) {
			const url = await renderThumbnail(this.content, seriesId);
			if (this.#closed) return;
			if (url) this.#thumbnails = { ...this.#thumbnails, [seriesId]: url };
		}
	}
}
