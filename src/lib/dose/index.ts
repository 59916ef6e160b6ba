// Radiation dose: dose reports and image headers read by code, effective dose estimated with named sources.
// Pure: imports only $lib/dicom's public index and its own files.
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
