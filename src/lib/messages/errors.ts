import { ArchiveError, type ArchiveErrorCode } from '$lib/archive';
import { CryptoError, type CryptoErrorCode } from '$lib/crypto';
import { DicomError } from '$lib/dicom';
import { t, type Message } from '$lib/i18n';
import { RelayClientError, type RelayErrorCode } from '$lib/relay';
import { ShareOpenError } from '$lib/share';
// Types only: the SMART client is loaded with a SMART connection, not with every page (bench P7).
import type { SmartError, SmartErrorCode } from '$lib/smart';
import { TransferError, type TransferErrorCode } from '$lib/transfer';
import { VaultError, isQuotaError, isStorageFailure, type VaultErrorCode } from '$lib/vault';
import { SKIP_REASONS } from './labels';
import { SHARE_OPEN_WORDS } from './share';

/**
 * Every error code in Radfolio turned into words a patient can act on: the only place such words live. Each layer
 * throws its own error class with a `code` (and typed parameters); the tables below are typed by those codes, so a
 * new code without words (in English, and through `Message` in Spanish) does not compile.
 */
export const VAULT_REASONS: Record<VaultErrorCode, Message> = {
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
	'read-failed':
		'Your browser’s storage failed to give back part of what Radfolio stored on this device. Nothing shows it was changed. Try again; if it keeps happening, restore your vault from a backup.',
	'not-found': 'That item is no longer in your vault.',
	'backup-invalid':
		'This file is not a complete Radfolio backup: it may be cut short or changed. Nothing was restored.',
	// A vault header (in this browser, a backup file or a vault sent from another device) whose passphrase check
	// would cost more than Radfolio ever asks for: refused before trying, so no one can freeze the tab with one.
	'kdf-too-costly':
		'This vault asks for more memory to unlock than Radfolio allows, so it was not opened: it was not made by Radfolio, or it was altered.'
};

const CRYPTO: Record<CryptoErrorCode, Message> = {
	truncated:
		'Some of your stored data could not be read: it was changed or damaged. Nothing partial was shown.',
	'unknown-version': 'This was written by a newer version of Radfolio. Update Radfolio to open it.',
	'decrypt-failed':
		'Some of your stored data could not be read: it was changed or damaged. Nothing partial was shown.',
	'context-mismatch':
		'Part of your vault was changed outside Radfolio (moved, cut short or replaced by an older copy), so it is not shown. Nothing partial was shown.',
	'kdf-too-costly':
		'This vault asks for more memory to unlock than Radfolio allows, so it was not opened: it was not made by Radfolio, or it was altered.',
	'bad-key': 'Something went wrong. Your stored data is unchanged.',
	'needs-passphrase': 'This shared study is protected by a passphrase.'
};

/** What a provider's answer means for the patient; `{status}` is the HTTP status when there was one. */
export const ARCHIVE_REASONS: Record<ArchiveErrorCode, Message> = {
	'enrollment-refused': 'This enrollment code is unknown, already used or expired.',
	'enrollment-throttled': 'Too many attempts. Wait a few minutes and try again.',
	revoked:
		'This provider no longer accepts this connection. Connect again with a new enrollment code.',
	'grant-ended':
		'Your approval at this provider has ended (it expired or was withdrawn). Press Reconnect to approve again; the studies already copied stay in your vault.',
	unreachable: 'The provider could not be reached.',
	'cut-off': 'The transfer was cut off.',
	busy: 'The provider is busy ({status}).',
	'bad-enrollment-answer': 'The provider answered the enrollment with something else.',
	'foreign-archive':
		'The provider pointed its archive at another server, so Radfolio did not follow it.',
	'bad-listing': 'The provider sent a list of studies Radfolio could not read.',
	refused: 'The provider answered {status}.'
};

/** Connecting by SMART on FHIR ($lib/smart): discovery, the sign-in at the provider, the token exchange. */
const SMART: Record<SmartErrorCode, Message> = {
	'bad-address': 'Enter the provider’s FHIR address, starting with https://.',
	'not-smart':
		'That address does not offer SMART on FHIR sign-in. Check the FHIR address your provider gave you.',
	'no-imaging': 'This provider does not offer imaging studies to apps (SMART Imaging Access).',
	unreachable:
		'The provider could not be reached. Check your connection. If it keeps happening, the Radfolio server you use may need to allow this provider’s address.',
	'no-launch':
		'This sign-in was not started here, or it took too long. Start again from Providers.',
	'state-mismatch':
		'The answer from the provider does not belong to the sign-in Radfolio started, so it was refused. Start again from Providers.',
	denied: 'The provider did not give access (you declined, or it refused). Nothing was connected.',
	'token-refused': 'The provider refused to finish the sign-in. Start again from Providers.',
	'no-patient': 'The provider did not say whose records these are, so nothing was connected.',
	'no-imaging-scope':
		'The access you allowed does not include your imaging studies, so nothing was connected.'
};

/** The relay as the sender meets it (creating, listing, revoking links). */
const RELAY: Record<RelayErrorCode, Message> = {
	expired: 'This link has expired.',
	gone: 'This link has ended: it was revoked, or opened as many times as allowed.',
	'not-found': 'This link is no longer available.',
	'open-ended': 'The download took too long and was stopped. Try again.',
	'too-large': 'This study is larger than the sharing service accepts.',
	unavailable:
		'The sharing service could not be reached, or is busy. Check your connection and try again in a moment.',
	refused: 'The sharing service refused the request ({status}).',
	full: 'The sharing service is full right now, so no link was made. Try again later, or use “Save as file”.',
	quota:
		'You have shared a lot from this connection today, so no link was made. Try again tomorrow, or use “Save as file”.',
	busy: 'Someone else is opening this link right now. If that is not you on another device, the link may have reached someone else: tell the sender. Otherwise try again in a few minutes.'
};

const TRANSFER: Record<TransferErrorCode, Message> = {
	'mailbox-changed':
		'The pairing was changed on the way, so nothing was sent. Someone may be trying to get your vault: start again, and check the code on both screens.',
	'not-answered': 'No device has answered yet.',
	'unreadable-offer':
		'The other device sent something this version of Radfolio cannot read. Update Radfolio on both devices and start again.'
};

const params = (status: number | null) => ({ status: status ?? '—' });

/** Any error, in words for the patient. Errors without a code (bugs) get a calm sentence, never a stack. */
export function errorMessage(error: unknown): string {
	if (error instanceof VaultError) return t(VAULT_REASONS[error.code]);
	if (error instanceof DOMException && error.name === 'AbortError') return t('Cancelled.');
	if (error instanceof ArchiveError) return t(ARCHIVE_REASONS[error.code], params(error.status));
	if (isSmartError(error)) return t(SMART[error.code]);
	if (error instanceof RelayClientError) return t(RELAY[error.code], params(error.status));
	if (error instanceof ShareOpenError) return t(SHARE_OPEN_WORDS[error.code]);
	if (error instanceof TransferError) return t(TRANSFER[error.code]);
	if (error instanceof CryptoError) return t(CRYPTO[error.code]);
	if (error instanceof DicomError)
		return t('This file could not be used: {reason}.', { reason: t(SKIP_REASONS[error.code]) });
	// A full disk reached from a path that did not name it (a transfer, a backup, a spool): still a full disk.
	if (isQuotaError(error)) return t(VAULT_REASONS.quota);
	// The browser's storage failing under any path (a spool, a backup, a transfer): not the data, not 'unchanged'.
	if (isStorageFailure(error)) return t(VAULT_REASONS['read-failed']);
	return t('Something went wrong. Your stored data is unchanged.');
}

/** A SmartError, known by its name and a code this table has (the class itself stays in the SMART client's chunk). */
function isSmartError(error: unknown): error is SmartError {
	return (
		error instanceof Error &&
		error.name === 'SmartError' &&
		Object.hasOwn(SMART, (error as { code?: unknown }).code as string)
	);
}
