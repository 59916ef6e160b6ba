import { ArchiveError } from '$lib/archive';
import type { SkipReason } from '$lib/import';
import { locale, t, type Message } from '$lib/i18n';
import { VaultError, type VaultErrorCode } from '$lib/vault';

/** Every error code in Radfolio turned into words a patient can act on. The only place such words live. */
const VAULT: Record<VaultErrorCode, Message> = {
	'no-vault': 'There is no vault in this browser yet.',
	exists: 'This browser already has a vault.',
	locked: 'Your vault is locked. Unlock it to continue.',
	'wrong-passphrase': 'Wrong passphrase. Check it and try again.',
	damaged:
		'Some of your stored data could not be read: it was changed or damaged. Nothing partial was shown.',
	tampered:
		'Part of your vault was changed outside Radfolio (moved, cut short or replaced by an older copy), so it is not shown. Nothing partial was shown.',
	'schema-too-new': 'This was written by a newer version of Radfolio. Update Radfolio to open it.',
	quota: 'Your device is out of storage space for Radfolio. Free some space and try again.',
	'write-failed':
		'Your browser stopped saving to your vault. What was saved before is kept; try again.',
	'not-found': 'That item is no longer in your vault.',
	'backup-invalid':
		'This file is not a complete Radfolio backup: it may be cut short or changed. Nothing was restored.',
	// A vault header (in this browser, a backup file or a vault sent from another device) whose passphrase check
	// would cost more than Radfolio ever asks for: refused before trying, so no one can freeze the tab with one.
	'kdf-too-costly':
		'This vault asks for more memory to unlock than Radfolio allows, so it was not opened: it was not made by Radfolio, or it was altered.'
};

/** In English; shown through `t()`. */
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

export function errorMessage(error: unknown): string {
	if (error instanceof VaultError) return t(VAULT[error.code]);
	if (error instanceof DOMException && error.name === 'AbortError') return t('Cancelled.');
	if (error instanceof ArchiveError) {
		const text = error.message.charAt(0).toUpperCase() + error.message.slice(1);
		return /[.!?]$/.test(text) ? text : `${text}.`;
	}
	return t('Something went wrong. Your stored data is unchanged.');
}

/** "29 Nov 2026, 18:52" in the interface language, with the browser's regional conventions for it. */
export function formatDateTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return date.toLocaleString(locale.tag, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** In English; shown through `t()`. */
export const SOURCE_LABELS: Record<
	'cd' | 'folder' | 'files' | 'zip' | 'provider' | 'share',
	Message
> = {
	cd: 'From a CD',
	folder: 'From a folder',
	files: 'From files',
	zip: 'From a zip',
	provider: 'From your provider',
	share: 'Shared with you'
};

/** In English; shown through `t()` (CT and PET read the same in both languages). */
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
