import type { DoseCategory } from './model';

/**
 * The patient's dose history as the chart and its table show it: one row per study in date order, its estimate
 * (or none), and the running total of the estimates so far, overall and per category.
 */
export interface HistoryInput {
	id: string;
	label: string;
	/** DICOM date (YYYYMMDD); studies without one are listed last and left out of the time axis. */
	StudyDate: string;
	/** The category the study is drawn in: its first dose category, else none. */
	category: DoseCategory | null;
	mSv: number | null;
}

export interface HistoryRow extends HistoryInput {
	/** Milliseconds since the epoch, UTC; null without a usable date. */
	time: number | null;
	cumulative: number;
}

export interface History {
	rows: HistoryRow[];
	total: number;
	byCategory: Record<DoseCategory, number>;
	/** Studies with dose information but no estimate. */
	unestimated: number;
}

export function timeOf(date: string): number | null {
	if (!/^\d{8}$/.test(date)) return null;
	const t = Date.UTC(
		Number(date.slice(0, 4)),
		Number(date.slice(4, 6)) - 1,
		Number(date.slice(6, 8))
	);
	return Number.isFinite(t) ? t : null;
}

export function doseHistory(studies: HistoryInput[]): History {
	const rows = studies
		.map((s) => ({ ...s, time: timeOf(s.StudyDate), cumulative: 0 }))
		.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || a.id.localeCompare(b.id));
	const byCategory: Record<DoseCategory, number> = { ct: 0, xray: 0, mammography: 0 };
	let total = 0;
	let unestimated = 0;
	for (const row of rows) {
		if (row.mSv === null) unestimated++;
		else {
			total += row.mSv;
			if (row.category) byCategory[row.category] += row.mSv;
		}
		row.cumulative = total;
	}
	return { rows, total, byCategory, unestimated };
}
