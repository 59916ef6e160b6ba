import { readDoseHeader, readStructuredReport, type DoseHeader } from '$lib/dicom';
import { ageAt, estimateEffectiveDose, type Estimate } from './estimate';
import { reportsFromHeaders } from './header';
import type { DoseCategory, DoseReading } from './model';
import { isDoseReportClass, readDoseReport } from './rdsr';

/**
 * One study's dose, worked out on demand from its stored files: every dose report among its structured reports
 * (read whole: they are small), or, when it has none, the dose fields of its images' headers. Nothing is stored:
 * results are kept in memory, per study and version, for the page's life.
 */

/** What the dose reader needs of a study store (the vault's StudyStore, or a shared study, fits). */
export interface DoseContent {
	listSeries(
		studyId: string,
		options?: { counted?: boolean }
	): Promise<{ id: string; Modality: string }[]>;
	listInstances(seriesId: string): Promise<{ id: string; kind: string; SOPClassUID: string }[]>;
	readInstance(instanceId: string): Promise<Uint8Array>;
}

export interface DoseStudy {
	id: string;
	/** Changes whenever the study's content may have (e.g. its updatedAt and instance count). */
	version: string;
	StudyDate: string;
	PatientBirthDate: string;
	modalities: string[];
}

export interface StudyDose {
	/** Dose reports first; image headers only when the study has none. */
	origin: 'rdsr' | 'header' | 'none';
	/** One per dose report (understood or not), or per category found in the headers. */
	readings: (DoseReading & { instanceId: string | null })[];
	estimate: Estimate;
	categories: DoseCategory[];
	/** Patient's age at the study in years, when both dates are known. */
	age: number | null;
}

/** Modalities that use ionising radiation and whose images may carry dose fields. */
const IONISING = new Set(['CT', 'CR', 'DX', 'MG', 'XA', 'RF', 'PX', 'IO', 'DF']);
/** Images read per study for header doses: each projection image is one exposure; a CT series needs one. */
const MAX_HEADER_READS = 60;

/** True when a study was made (at least partly) with X-rays. */
export function usesXrays(modalities: string[]): boolean {
	return modalities.some((m) => IONISING.has(m));
}

/** True when a study may hold dose information (an ionising modality, or a structured report). */
export function mayHaveDose(modalities: string[]): boolean {
	return modalities.some((m) => IONISING.has(m) || m === 'SR');
}

async function readHeaders(content: DoseContent, studyId: string): Promise<DoseHeader[]> {
	const headers: DoseHeader[] = [];
	let budget = MAX_HEADER_READS;
	for (const series of await content.listSeries(studyId, { counted: false })) {
		if (!IONISING.has(series.Modality)) continue;
		const images = (await content.listInstances(series.id)).filter((i) => i.kind === 'image');
		// A CT series' images share one acquisition: its first image stands for it.
		const chosen = series.Modality === 'CT' ? images.slice(0, 1) : images;
		for (const image of chosen) {
			if (budget-- <= 0) return headers;
			try {
				headers.push(readDoseHeader(await content.readInstance(image.id)));
			} catch {
				// An unreadable header gives no dose; the viewer reports the file itself.
			}
		}
	}
	return headers;
}

async function compute(content: DoseContent, study: DoseStudy): Promise<StudyDose> {
	const readings: StudyDose['readings'] = [];
	const eventsSeen = new Set<string>();
	for (const series of await content.listSeries(study.id, { counted: false })) {
		for (const instance of await content.listInstances(series.id)) {
			if (instance.kind !== 'sr') continue;
			let reading: DoseReading | null;
			try {
				reading = readDoseReport(readStructuredReport(await content.readInstance(instance.id)));
			} catch (error) {
				// Only a file stored as a dose report is a dose report Radfolio could not read.
				reading = isDoseReportClass(instance.SOPClassUID)
					? {
							ok: false,
							problem: { code: 'unreadable', detail: String((error as Error)?.message ?? error) }
						}
					: null;
			}
			if (!reading) continue;
			if (reading.ok) {
				// The same irradiation events in a second report (a copy, an enhanced twin) count once.
				const uids = reading.report.events.map((e) => e.uid).filter(Boolean);
				if (uids.length && uids.every((uid) => eventsSeen.has(uid))) continue;
				for (const uid of uids) eventsSeen.add(uid);
			}
			readings.push({ ...reading, instanceId: instance.id });
		}
	}
	let origin: StudyDose['origin'] = readings.length ? 'rdsr' : 'none';
	if (!readings.length && study.modalities.some((m) => IONISING.has(m))) {
		const reports = reportsFromHeaders(await readHeaders(content, study.id));
		for (const report of reports) readings.push({ ok: true, report, instanceId: null });
		if (reports.length) origin = 'header';
	}
	const age = ageAt(study.PatientBirthDate, study.StudyDate);
	const categories = [...new Set(readings.flatMap((r) => (r.ok ? [r.report.category] : [])))];
	return { origin, readings, estimate: estimateEffectiveDose(readings, age), categories, age };
}

const cache = new Map<string, Promise<StudyDose>>();

/** The study's dose, computed once per study version while the page lives (a failure is not kept). */
export function studyDose(input: { content: DoseContent; study: DoseStudy }): Promise<StudyDose> {
	const key = `${input.study.id}\u0000${input.study.version}`;
	let pending = cache.get(key);
	if (!pending) {
		pending = compute(input.content, input.study);
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return pending;
}

/** Forgets every computed dose (on lock: they are patient data). */
export function forgetDoses(): void {
	cache.clear();
}
