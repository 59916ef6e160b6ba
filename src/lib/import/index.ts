export { runImport, DEFAULT_MAX_FILE_BYTES } from './pipeline';
export type {
	ImportOptions,
	ImportProgress,
	ImportSummary,
	SkippedFile,
	SkipReason
} from './pipeline';
export { planImport, type ImportPlan } from './plan';
export { itemFromBytes, itemFromFile, type ImportItem } from './sources';
export { StudyWriter } from './study-writer';
