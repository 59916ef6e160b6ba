import {
	BACKGROUND_MSV_PER_YEAR,
	BREAST_SOURCE,
	BREAST_WEIGHT,
	DAP_K,
	DLP_K,
	DLP_SOURCE,
	ageGroupOf,
	ctRowOf,
	phantomFor,
	type AgeGroup
} from './coefficients';
import type { DoseReading, DoseReport } from './model';
import { regionOf, type Region } from './regions';
import type { DoseSourceId } from './sources';

/**
 * Estimated effective dose for a standard-sized patient: each recorded DLP, DAP or glandular dose times its
 * published coefficient. What cannot be converted (no region, no coefficient, an unknown age, a phantom the
 * coefficient does not assume) is listed as missing and left out of the sum, never filled in.
 */
export interface EstimatePart {
	/** The event's protocol or region as recorded, for the patient to recognise it. */
	label: string;
	quantity: 'dlp' | 'dap' | 'agd';
	/** In our units (model.ts); for 'agd', the mean dose over both breasts. */
	value: number;
	k: number;
	region: Region;
	age: AgeGroup | null;
	source: DoseSourceId;
	mSv: number;
}

export type MissingCode =
	| 'age-unknown'
	| 'no-region'
	| 'no-coefficient'
	| 'phantom-mismatch'
	| 'child'
	| 'no-dlp'
	| 'no-dap'
	| 'no-agd'
	| 'not-understood';

export interface Missing {
	code: MissingCode;
	label: string;
	detail: string;
}

export interface Estimate {
	/** The sum of the parts; null when nothing could be estimated. */
	mSv: number | null;
	parts: EstimatePart[];
	missing: Missing[];
}

function estimateCt(report: DoseReport, age: AgeGroup | null, out: Estimate) {
	const events = report.events.filter((e) => e.kind === 'ct');
	if (!events.length && report.dlp) {
		out.missing.push({ code: 'no-region', label: '', detail: 'total DLP without events' });
		return;
	}
	if (events.some((e) => e.dlp !== null) && age === null) {
		out.missing.push({ code: 'age-unknown', label: '', detail: '' });
		return;
	}
	events.forEach((event, i) => {
		const label = event.protocol || event.target?.meaning || `#${i + 1}`;
		if (event.dlp === null) {
			out.missing.push({ code: 'no-dlp', label, detail: '' });
			return;
		}
		const region = regionOf(event.target);
		if (!region) {
			out.missing.push({ code: 'no-region', label, detail: event.target?.meaning ?? '' });
			return;
		}
		const row = ctRowOf(region);
		if (!row) {
			out.missing.push({ code: 'no-coefficient', label, detail: region });
			return;
		}
		const expected = phantomFor(row, age!);
		if (event.phantom && event.phantom !== expected) {
			out.missing.push({
				code: 'phantom-mismatch',
				label,
				detail: `${event.phantom}/${expected}`
			});
			return;
		}
		const k = DLP_K[row][age!];
		out.parts.push({
			label,
			quantity: 'dlp',
			value: event.dlp,
			k,
			region,
			age,
			source: DLP_SOURCE,
			mSv: k * event.dlp
		});
	});
}

function estimateXray(report: DoseReport, age: AgeGroup | null, out: Estimate) {
	const events = report.events.filter((e) => e.kind === 'xray');
	const withDap = events.filter((e) => e.dap !== null);
	if (!withDap.length) {
		if (report.dap) out.missing.push({ code: 'no-region', label: '', detail: 'total DAP' });
		else out.missing.push({ code: 'no-dap', label: '', detail: '' });
		return;
	}
	if (age === null) {
		out.missing.push({ code: 'age-unknown', label: '', detail: '' });
		return;
	}
	withDap.forEach((event, i) => {
		const label = event.protocol || event.target?.meaning || `#${i + 1}`;
		const region = regionOf(event.target);
		const coefficient = region ? DAP_K[region] : undefined;
		if (!region || !coefficient) {
			out.missing.push({
				code: region ? 'no-coefficient' : 'no-region',
				label,
				detail: event.target?.meaning ?? ''
			});
			return;
		}
		if (age !== 'adult') {
			out.missing.push({ code: 'child', label, detail: '' });
			return;
		}
		out.parts.push({
			label,
			quantity: 'dap',
			value: event.dap!,
			k: coefficient.k,
			region,
			age,
			source: coefficient.source,
			mSv: coefficient.k * event.dap!
		});
	});
}

function estimateMammography(report: DoseReport, out: Estimate) {
	const { left, right, both } = report.agd;
	if (!left && !right && !both) {
		out.missing.push({ code: 'no-agd', label: '', detail: '' });
		return;
	}
	// A value recorded for both breasts is each one's dose; otherwise a breast not imaged received none.
	const perBreast = both ? both.value : ((left?.value ?? 0) + (right?.value ?? 0)) / 2;
	out.parts.push({
		label: '',
		quantity: 'agd',
		value: perBreast,
		k: BREAST_WEIGHT,
		region: 'breast',
		age: null,
		source: BREAST_SOURCE,
		mSv: BREAST_WEIGHT * perBreast
	});
}

/** The estimate for one study from its readings; `ageYears` is the patient's age at the study, if known. */
export function estimateEffectiveDose(readings: DoseReading[], ageYears: number | null): Estimate {
	const out: Estimate = { mSv: null, parts: [], missing: [] };
	const age = ageYears === null ? null : ageGroupOf(ageYears);
	for (const reading of readings) {
		if (!reading.ok) {
			out.missing.push({ code: 'not-understood', label: '', detail: reading.problem.code });
			continue;
		}
		const { report } = reading;
		if (report.category === 'ct') estimateCt(report, age, out);
		else if (report.category === 'mammography') estimateMammography(report, out);
		else estimateXray(report, age, out);
	}
	if (out.parts.length) out.mSv = out.parts.reduce((a, p) => a + p.mSv, 0);
	return out;
}

/** Age in whole and fractional years at a study, from DICOM dates (YYYYMMDD); null when either is unusable. */
export function ageAt(birthDate: string, studyDate: string): number | null {
	const parse = (d: string) =>
		/^\d{8}$/.test(d)
			? Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))
			: NaN;
	const birth = parse(birthDate.trim());
	const study = parse(studyDate.trim());
	if (!Number.isFinite(birth) || !Number.isFinite(study) || study < birth) return null;
	return (study - birth) / (365.25 * 24 * 3600 * 1000);
}

/** `value` 0 with unit 'days' means less than one day. */
export type BackgroundSpan = { unit: 'days' | 'months' | 'years'; value: number };

/** How long natural background radiation takes to give the same effective dose (UNSCEAR 2008 average). */
export function backgroundEquivalent(mSv: number): BackgroundSpan {
	const days = (mSv / BACKGROUND_MSV_PER_YEAR) * 365.25;
	if (days < 1) return { unit: 'days', value: 0 };
	if (days < 60) return { unit: 'days', value: Math.round(days) };
	const months = days / (365.25 / 12);
	if (months < 24) return { unit: 'months', value: Math.round(months) };
	return { unit: 'years', value: Math.round((days / 365.25) * 10) / 10 };
}
