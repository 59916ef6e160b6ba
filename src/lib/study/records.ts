import type { DicomInstanceInfo, InstanceKind } from '$lib/dicom';

/**
 * The study model every part of Radfolio shares: a study, its series and instances as the vault keeps them and a
 * shared study rebuilds them in memory. They are also the sealed payloads of vault rows, as JSON inside the envelope. Each carries `v`; a reader refuses a higher v.
 * Version 1 of each is defined here.
 *
 * Row format 2 (db.ts) left these records at version 1 and changed what surrounds them: an instance row seals its
 * record with `storage` (size, chunk count, write id) beside it (rows.ts, InstanceStorage), and every record's
 * context names more of its row (session.ts, contexts). The ledger's record is defined in ledger.ts.
 */
export type SourceKind = 'cd' | 'folder' | 'files' | 'zip' | 'provider' | 'share';
export interface StudySource {
	kind: SourceKind;
	/** What the patient would call it: the file or folder name, the provider's name. */
	label: string;
	/** ISO timestamp of the import. */
	at: string;
}

export interface StudyRecord {
	v: 1;
	StudyInstanceUID: string;
	patient: DicomInstanceInfo['patient'];
	study: DicomInstanceInfo['study'];
	modalities: string[];
	bodyParts: string[];
	sources: StudySource[];
	/** False while an import is writing this study; true only when everything offered was stored. */
	complete: boolean;
	seriesCount: number;
	imageCount: number;
	reportCount: number;
	instanceCount: number;
	addedAt: string;
	updatedAt: string;
	/**
	 * The image the study opens on (added in place to v1: optional, so older records and older readers still
	 * work). Worked out with every count by refreshStudySummary, so opening the study can read and decrypt this
	 * one image at the patient's press, beside the listings rather than after them. A hint only: the viewer checks
	 * it against the listing and reads the right image if they differ (a study changed since its last recount).
	 */
	cover?: StudyCover;
}

export interface StudyCover {
	seriesId: string;
	instanceId: string;
	/** How its pixels are encoded: the viewer prepares the image before its record is listed. */
	TransferSyntaxUID: string;
}

export interface SeriesRecord {
	v: 1;
	SeriesInstanceUID: string;
	Modality: string;
	SeriesDescription: string;
	SeriesNumber: number | null;
	BodyPartExamined: string;
	Laterality: string;
}

export interface InstanceRecord {
	v: 1;
	SOPInstanceUID: string;
	SOPClassUID: string;
	TransferSyntaxUID: string;
	kind: InstanceKind;
	instance: DicomInstanceInfo['instance'];
	/** The file name it came with, for the patient's reference. */
	fileName: string;
}

/** The order series are shown in: by series number, unnumbered last; ties in storage (primary key) order. */
export const bySeriesNumber = (
	a: Pick<SeriesRecord, 'SeriesNumber'>,
	b: Pick<SeriesRecord, 'SeriesNumber'>
) => (a.SeriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.SeriesNumber ?? Number.MAX_SAFE_INTEGER);

/** The order a series' instances are shown in: by instance number, unnumbered last; ties in storage order. */
export const byInstanceNumber = (
	a: Pick<InstanceRecord, 'instance'>,
	b: Pick<InstanceRecord, 'instance'>
) =>
	(a.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER) -
	(b.instance.InstanceNumber ?? Number.MAX_SAFE_INTEGER);

/** Fills blanks in a stored study from another instance of it; never overwrites what is there. */
export function mergeStudy(
	existing: StudyRecord | undefined,
	info: DicomInstanceInfo,
	source: StudySource,
	now: string
): StudyRecord {
	const fill = <T extends Record<string, string>>(a: T, b: T): T => {
		const out = { ...a };
		for (const key of Object.keys(b) as (keyof T)[]) if (!out[key] && b[key]) out[key] = b[key];
		return out;
	};
	if (!existing) {
		return {
			v: 1,
			StudyInstanceUID: info.StudyInstanceUID,
			patient: { ...info.patient },
			study: { ...info.study },
			modalities: info.series.Modality ? [info.series.Modality] : [],
			bodyParts: info.series.BodyPartExamined ? [info.series.BodyPartExamined] : [],
			sources: [source],
			complete: false,
			seriesCount: 0,
			imageCount: 0,
			reportCount: 0,
			instanceCount: 0,
			addedAt: now,
			updatedAt: now
		};
	}
	const sameSource = existing.sources.some(
		(s) => s.kind === source.kind && s.label === source.label
	);
	return {
		...existing,
		patient: fill(existing.patient, info.patient),
		study: fill(existing.study, info.study),
		sources: sameSource ? existing.sources : [...existing.sources, source],
		complete: false,
		updatedAt: now
	};
}

export function seriesRecordFrom(info: DicomInstanceInfo): SeriesRecord {
	return {
		v: 1,
		SeriesInstanceUID: info.SeriesInstanceUID,
		Modality: info.series.Modality,
		SeriesDescription: info.series.SeriesDescription,
		SeriesNumber: info.series.SeriesNumber,
		BodyPartExamined: info.series.BodyPartExamined,
		Laterality: info.series.Laterality
	};
}

export function instanceRecordFrom(info: DicomInstanceInfo, fileName: string): InstanceRecord {
	return {
		v: 1,
		SOPInstanceUID: info.SOPInstanceUID,
		SOPClassUID: info.SOPClassUID,
		TransferSyntaxUID: info.TransferSyntaxUID,
		kind: info.kind,
		instance: { ...info.instance },
		fileName
	};
}

/** Modalities shown for a study: images first, the report pseudo-modalities (SR, DOC, OT) after. */
export function orderModalities(modalities: Iterable<string>): string[] {
	const late = new Set(['SR', 'DOC', 'OT', 'KO', 'PR']);
	const unique = [...new Set([...modalities].filter(Boolean))];
	return [...unique.filter((m) => !late.has(m)), ...unique.filter((m) => late.has(m))];
}

/** A study as listed: its record and its handle (an HMAC id in the vault, an index in a shared study). */
export type StudySummary = StudyRecord & { id: string };
/** `instanceCount` is null when the listing was asked without counts (see StudyStore.listSeries). */
export type SeriesSummary = SeriesRecord & { id: string; instanceCount: number | null };
export type InstanceSummary = InstanceRecord & { id: string; size: number };
