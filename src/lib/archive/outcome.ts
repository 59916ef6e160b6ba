import { VaultError, type SyncOutcome } from '$lib/vault';
import { ArchiveError } from './client';
import type { SyncResult } from './sync';

/** What one sync did, as the vault keeps it (codes and counts; $lib/messages puts it into words when shown). */
export function syncOutcome(result: SyncResult): SyncOutcome {
	const counts = {
		updatedStudies: result.updatedStudies,
		storedFiles: result.stored,
		incompleteStudies: result.incompleteStudies,
		unreadFiles: result.skipped.length
	};
	const error = result.error;
	if (result.cancelled) return { code: 'cancelled', ...counts };
	if (error instanceof ArchiveError) {
		const reason = {
			source: 'provider' as const,
			code: error.code,
			...(error.status ? { status: error.status } : {})
		};
		if (error.kind === 'unauthorized') return { code: 'revoked', ...counts, reason };
		if (error.kind === 'unavailable') return { code: 'paused', ...counts, reason };
		return { code: 'failed', ...counts, reason };
	}
	if (error instanceof VaultError)
		return { code: 'failed', ...counts, reason: { source: 'vault', code: error.code } };
	if (result.incompleteStudies || result.skipped.length) return { code: 'incomplete', ...counts };
	return { code: result.updatedStudies ? 'updated' : 'up-to-date', ...counts };
}

/** How the providers page sorts a sync: it went through, it will go on, or it needs the patient. */
export function outcomeResult(outcome: SyncOutcome): 'ok' | 'incomplete' | 'failed' {
	switch (outcome.code) {
		case 'up-to-date':
		case 'updated':
			return 'ok';
		case 'cancelled':
		case 'paused':
		case 'incomplete':
			return 'incomplete';
		default:
			return 'failed';
	}
}
