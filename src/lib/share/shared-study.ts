import { DicomError, parseDicomFile, type DicomInstanceInfo } from '$lib/dicom';
import {
	instanceRecordFrom,
	mergeStudy,
	orderModalities,
	seriesRecordFrom,
	type InstanceSummary,
	type SeriesSummary,
	type StudySummary
} from '$lib/study';
import { type StudyContent } from '$lib/study';
import type { BundleFile } from './bundle';

/**
 * A shared study held in memory after it was downloaded and verified: the same summaries the vault gives, so the
 * recipient sees it in the same viewer. Ids are local to this page.
 */
export class SharedStudy implements StudyContent {
	readonly study: StudySummary;
	readonly files: BundleFile[];
	readonly #series = new Map<string, SeriesSummary>();
	readonly #instances = new Map<string, InstanceSummary[]>();
	readonly #bytes = new Map<string, Uint8Array>();

	constructor(files: BundleFile[], label = 'Shared link') {
		this.files = files;
		const at = new Date().toISOString();
		const source = { kind: 'share' as const, label, at };
		let record: ReturnType<typeof mergeStudy> | undefined;
		const seriesIds = new Map<string, string>();
		files.forEach((file, i) => {
			let info: DicomInstanceInfo;
			try {
				info = parseDicomFile(file.bytes);
			} catch (error) {
				if (error instanceof DicomError) return; // the sender's vault held it, but it is no image or report
				throw error;
			}
			record = mergeStudy(record, info, source, at);
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
				.push({ ...instanceRecordFrom(info, file.name), id, size: file.bytes.length });
			const series = this.#series.get(seriesId)!;
			series.instanceCount = (series.instanceCount ?? 0) + 1;
			this.#bytes.set(id, file.bytes);
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
		const bytes = this.#bytes.get(id);
		if (!bytes) throw new Error('no such file in this share');
		return bytes;
	}
}
