// The study model shared by the vault, a shared study, the viewer and export: records, listings, the display rule.
export {
	bySeriesNumber,
	byInstanceNumber,
	instanceRecordFrom,
	mergeStudy,
	orderModalities,
	seriesRecordFrom,
	type InstanceRecord,
	type InstanceSummary,
	type SeriesRecord,
	type SeriesSummary,
	type SourceKind,
	type StudyCover,
	type StudyRecord,
	type StudySource,
	type StudySummary
} from './records';
export type { StudyContent } from './content';
export {
	coverOf,
	displayCheck,
	firstShownIndex,
	hasImages,
	openingInstance,
	shownOf,
	type NotShown
} from './display-rule';
export {
	beginOpening,
	dropOpening,
	prepareOpening,
	takeOpening,
	type FirstReads,
	type StudyOpening
} from './opening';
export { studyFragment, studyIdIn } from './address';
