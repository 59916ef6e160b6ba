import type { Message } from '$lib/i18n';
import type { SkipReason } from '$lib/import';
import type { SourceKind } from '$lib/study';

/** Why a file was not imported; shown through `t()`. */
export const SKIP_REASONS: Record<SkipReason, Message> = {
	'not-dicom': 'not a DICOM file',
	truncated: 'the file is truncated',
	'unreadable-header': 'unreadable header',
	'missing-uid': 'the file has no study, series or image identifier',
	directory: 'a disc index (DICOMDIR)',
	'too-large': 'too large to import',
	'zip-bomb': 'the zip expands to an unsafe size',
	'zip-damaged': 'the zip is damaged',
	'missing-file': 'listed on the disc index but missing from the disc',
	'read-failed': 'could not be read',
	'storage-failed': 'could not be stored'
};

/** Where a study came from; shown through `t()`. */
export const SOURCE_LABELS: Record<SourceKind, Message> = {
	cd: 'From a CD',
	folder: 'From a folder',
	files: 'From files',
	zip: 'From a zip',
	provider: 'From your provider',
	share: 'Shared with you'
};

/** Shown through `t()` (CT and PET read the same in both languages). */
export const MODALITY_NAMES: Record<string, Message> = {
	CT: 'CT',
	MR: 'MRI',
	US: 'Ultrasound',
	CR: 'X-ray',
	DX: 'X-ray',
	XA: 'Angiography',
	MG: 'Mammogram',
	PT: 'PET',
	NM: 'Nuclear medicine',
	OT: 'Other',
	SR: 'Report',
	DOC: 'Report'
};
