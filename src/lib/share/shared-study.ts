import { DicomError } from '$lib/dicom';
import {
	instanceRecordFrom,
	mergeStudy,
	orderModalities,
	seriesRecordFrom,
	type InstanceSummary,
	type SeriesSummary,
	type StudyContent,
	type StudySummary
} from '$lib/study';
import type { BundleFile } from './bundle';
import { dicomInfo, type SpooledFile } from './spool-bundle';

/** Where a shared study's verified files are: a spool (a received share) or memory (tests, small bundles). */
export interface SharedFiles {
	read(file: number): Promise<Uint8Array>;
	stream(file: number): ReadableStream<Uint8Array>;
	/** Lets the files go (the spool removed); reads fail afterwards. */
	remove(): Promise<void>;
}

/** One file of the share, as "Save to my Radfolio" reads it: one at a time, from where it is kept. */
export interface SharedEntry {
	name: string;
	size: number;
	bytes(): Promise<Uint8Array>;
	stream(): ReadableStream<Uint8Array>;
}

/**
 * A shared study after it was downloaded and verified: the same summaries the vault gives, so the recipient sees
 * it in the same viewer, and each file read on demand from where it is kept (the page's spool), never all at
 * once. Ids are local to this page.
 */
export class SharedStudy implements StudyContent {
	readonly study: StudySummary;
	readonly #files: SpooledFile[];
	readonly #source: SharedFiles;
	readonly #series = new Map<string, SeriesSummary>();
	readonly #instances = new Map<string, InstanceSummary[]>();
	/** Instance id → index of its file in the bundle. */
	readonly #fileOf = new Map<string, number>();

	constructor(files: SpooledFile[], source: SharedFiles, label = 'Shared link') {
		this.#files = files;
		this.#source = source;
		const at = new Date().toISOString();
		const origin = { kind: 'share' as const, label, at };
		let record: ReturnType<typeof mergeStudy> | undefined;
		const seriesIds = new Map<string, string>();
		files.forEach((file, i) => {
			const { info } = file;
			if (!info) return; // the sender's vault held it, but it is no image or report
			record = mergeStudy(record, info, origin, at);
			let seriesId = seriesIds.get(info.SeriesInstanceUID);
			if (!seriesId) {
				seriesId = `series-${seriesIds.size}`;
				seriesIds.set(info.SeriesInstanceUID, seriesId);
				this.#series.set(seriesId, { ...seriesRecordFrom(info), id: seriesId, instanceCount: 0 });
				this.#instances.set(seriesId, []);
			}
			const id = `instance-${i}`;
			this.#instances
				.get(seriesId)!
				.push({ ...instanceRecordFrom(info, file.name), id, size: file.size });
			const series = this.#series.get(seriesId)!;
			series.instanceCount = (series.instanceCount ?? 0) + 1;
			this.#fileOf.set(id, i);
		});
		if (!record) throw new DicomError('not-dicom', 'the shared study holds no DICOM file');
		const all = [...this.#instances.values()].flat();
		this.study = {
			...record,
			id: 'shared',
			modalities: orderModalities([...this.#series.values()].map((s) => s.Modality)),
			seriesCount: this.#series.size,
			instanceCount: all.length,
			imageCount: all.filter((i) => i.kind === 'image').length,
			reportCount: all.filter((i) => i.kind === 'pdf' || i.kind === 'sr').length,
			complete: true
		};
	}

	/** A study from files held in memory (small bundles, tests). */
	static fromMemory(files: BundleFile[], label?: string): SharedStudy {
		const spooled = files.map((f) => ({
			name: f.name,
			size: f.bytes.length,
			info: dicomInfo(f.bytes)
		}));
		const source: SharedFiles = {
			read: async (i) => files[i]!.bytes,
			stream: (i) => new Response(files[i]!.bytes as BodyInit).body!,
			remove: async () => {}
		};
		return new SharedStudy(spooled, source, label);
	}

	/** Every file of the share, DICOM or not, in bundle order, each read when asked for. */
	entries(): SharedEntry[] {
		return this.#files.map((file, i) => ({
			name: file.name,
			size: file.size,
			bytes: () => this.#source.read(i),
			stream: () => this.#source.stream(i)
		}));
	}

	/** Lets the files go (the study was saved into the vault, or the page is leaving). */
	remove(): Promise<void> {
		return this.#source.remove();
	}

	async listSeries(): Promise<SeriesSummary[]> {
		return [...this.#series.values()].sort(
			(a, b) =>
				(a.SeriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.SeriesNumber ?? Number.MAX_SAFE_INTEGER)
		);
	}

	async listInstances(seriesId: string): Promise<InstanceSummary[]> {
		return [...(this.#instances.get(seriesId) ?? [])].sort(
			(a, b) =>
				(a.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER) -
				(b.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER)
		);
	}

	async readInstance(id: string): Promise<Uint8Array> {
		const file = this.#fileOf.get(id);
		if (file === undefined) throw new Error('no such file in this share');
		return this.#source.read(file);
	}

	/** A file as a stream (the study's download as a zip reads it so). */
	streamInstance(id: string): ReadableStream<Uint8Array> {
		const file = this.#fileOf.get(id);
		if (file === undefined) throw new Error('no such file in this share');
		return this.#source.stream(file);
	}
}
