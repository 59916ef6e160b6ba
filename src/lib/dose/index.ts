// Radiation dose: dose reports and image headers read by code, effective dose estimated with named sources.
// The reading and the sums are pure (they import only $lib/dicom); format.ts and the components here put them into
// words ($lib/i18n). Components that read the vault are in $lib/components/dose.
export type {
	CtEvent,
	DoseCategory,
	DoseEvent,
	DoseReading,
	DoseReport,
	NotUnderstood,
	NotUnderstoodCode,
	XrayEvent
} from './model';
export { isDoseReport, readDoseReport } from './rdsr';
export { reportsFromHeaders } from './header';
export {
	ageAt,
	backgroundEquivalent,
	estimateEffectiveDose,
	type BackgroundSpan,
	type Estimate,
	type EstimatePart,
	type Missing,
	type MissingCode
} from './estimate';
export {
	BACKGROUND_MSV_PER_YEAR,
	BACKGROUND_SOURCE,
	ageGroupOf,
	type AgeGroup
} from './coefficients';
export { regionOf, type Region } from './regions';
export { DOSE_SOURCES, type DoseSourceId } from './sources';
export {
	forgetDoses,
	mayHaveDose,
	usesXrays,
	studyDose,
	type DoseContent,
	type DoseStudy,
	type StudyDose
} from './study-dose';
export { doseHistory, type History, type HistoryInput, type HistoryRow } from './history';
export { UNIT_LABELS } from './units';
export {
	CATEGORY_NAMES,
	MISSING_TEXT,
	NOT_UNDERSTOOD_TEXT,
	REGION_NAMES,
	backgroundText,
	formatMsv,
	formatNumber
} from './format';
