import type { ArchiveErrorCode } from '$lib/archive';
import { t, tn, type Message } from '$lib/i18n';
import type { SyncOutcome, VaultErrorCode } from '$lib/vault';
import { ARCHIVE_REASONS, VAULT_REASONS } from './errors';

/** A stored reason code in words; a code this version does not know (a newer Radfolio wrote it) in general words. */
function reasonText(reason: NonNullable<SyncOutcome['reason']>): string {
	const table: Record<string, Message> =
		reason.source === 'provider' ? ARCHIVE_REASONS : VAULT_REASONS;
	const known = Object.hasOwn(table, reason.code)
		? table[reason.code as ArchiveErrorCode & VaultErrorCode]
		: undefined;
	if (!known) return t('something went wrong');
	// A sentence of its own, used here as the end of another one.
	const text = t(known, { status: reason.status ?? '—' }).replace(/\.$/, '');
	return text.charAt(0).toLowerCase() + text.slice(1);
}

/** One sync in words, in the interface language of the moment it is shown. */
export function syncOutcomeText(outcome: SyncOutcome): string {
	const gained = outcome.updatedStudies
		? tn(outcome.updatedStudies, '{n} study updated ({files})', '{n} studies updated ({files})', {
				files: tn(outcome.storedFiles, '{n} new file', '{n} new files')
			})
		: t('no new studies');
	const reason = outcome.reason ? reasonText(outcome.reason) : t('something went wrong');
	switch (outcome.code) {
		case 'cancelled':
			return t('Cancelled — {gained} so far', { gained });
		case 'revoked':
			// A SMART grant that ended is reconnected at the provider, not with a code.
			return outcome.reason?.code === 'grant-ended'
				? t(ARCHIVE_REASONS['grant-ended'])
				: t(
						'This provider no longer accepts this connection. Connect again with a new enrollment code.'
					);
		case 'paused':
			return t('Stopped: {reason}. It will resume by itself — {gained} so far', {
				reason,
				gained
			});
		case 'failed':
			return t('Failed: {reason}', { reason });
		case 'incomplete': {
			const still = tn(
				outcome.incompleteStudies,
				'{gained}; {n} study still incomplete',
				'{gained}; {n} studies still incomplete',
				{ gained }
			);
			const unread = outcome.unreadFiles
				? ' ' +
					tn(outcome.unreadFiles, '({n} file could not be read)', '({n} files could not be read)')
				: '';
			return still + unread;
		}
		case 'updated':
			return gained;
		default:
			return t('Up to date');
	}
}

/** A provider's last sync as the providers page and the sync panel show it: outcome in words, or older text. */
export function lastSyncText(lastSync: { outcome?: SyncOutcome; message?: string }): string {
	return lastSync.outcome ? syncOutcomeText(lastSync.outcome) : (lastSync.message ?? '');
}
