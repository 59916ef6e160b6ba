import type { DoseHeader } from '$lib/dicom';
import type { CtEvent, DoseReport, Laterality, Total, XrayEvent } from './model';
import { BODY_PART_SCHEME } from './regions';

/**
 * A study without a dose report, read from its images' own dose fields (dicom/dose-header.ts). CT headers give
 * CTDIvol but no DLP, so no effective dose is estimated from them (estimate.ts says so); projection images may
 * give dose-area product (dGy·cm² by definition of the attribute), entrance dose, and the breast's organ dose.
 * Returns one report per category found, none when no image recorded a dose.
 */
const PROJECTION = new Set(['CR', 'DX', 'MG', 'XA', 'RF', 'PX', 'IO', 'DF']);

function bodyPart(header: DoseHeader) {
	const value = header.BodyPartExamined.toUpperCase();
	return value ? { value, scheme: BODY_PART_SCHEME, meaning: header.BodyPartExamined } : null;
}

function laterality(value: string): Laterality | null {
	return value === 'L' ? 'left' : value === 'R' ? 'right' : value === 'B' ? 'both' : null;
}

function sum(values: (number | null)[]): Total | null {
	if (!values.length || values.some((v) => v === null)) return null;
	return { value: values.reduce<number>((a, v) => a + v!, 0), from: 'sum' };
}

export function reportsFromHeaders(headers: DoseHeader[]): DoseReport[] {
	const out: DoseReport[] = [];
	// Reconstructions of one acquisition share its Irradiation Event UID: one event each.
	const seen = new Set<string>();
	const ct: CtEvent[] = [];
	for (const h of headers) {
		if (h.Modality !== 'CT' || h.CTDIvol === null) continue;
		const key = h.IrradiationEventUID || `series:${h.SeriesInstanceUID}`;
		if (seen.has(key)) continue;
		seen.add(key);
		ct.push({
			kind: 'ct',
			uid: h.IrradiationEventUID,
			protocol: h.SeriesDescription,
			target: bodyPart(h),
			ctdiVol: h.CTDIvol,
			dlp: null,
			phantom: null
		});
	}
	if (ct.length)
		out.push({
			category: 'ct',
			origin: 'header',
			procedure: '',
			events: ct,
			dlp: null,
			dap: null,
			doseRP: null,
			agd: {}
		});
	for (const category of ['xray', 'mammography'] as const) {
		const events: XrayEvent[] = headers
			.filter(
				(h) =>
					PROJECTION.has(h.Modality) &&
					(h.Modality === 'MG') === (category === 'mammography') &&
					(h.AreaDoseProduct !== null || h.EntranceDoseInmGy !== null || h.OrganDose !== null)
			)
			.map((h) => ({
				kind: 'xray',
				uid: h.IrradiationEventUID,
				protocol: h.SeriesDescription,
				target: bodyPart(h),
				dap: h.AreaDoseProduct === null ? null : h.AreaDoseProduct * 0.1,
				doseRP: h.EntranceDoseInmGy,
				agd:
					h.OrganDose !== null && h.OrganExposed.toUpperCase() === 'BREAST'
						? h.OrganDose * 100
						: null,
				laterality: laterality(h.ImageLaterality),
				view: h.ViewPosition
			}));
		if (!events.length) continue;
		const agd: DoseReport['agd'] = {};
		for (const side of ['left', 'right', 'both'] as const) {
			const total = sum(events.filter((e) => e.laterality === side).map((e) => e.agd));
			if (total) agd[side] = total;
		}
		out.push({
			category,
			origin: 'header',
			procedure: '',
			events,
			dlp: null,
			dap: sum(events.map((e) => e.dap)),
			doseRP: sum(events.map((e) => e.doseRP)),
			agd
		});
	}
	return out;
}
