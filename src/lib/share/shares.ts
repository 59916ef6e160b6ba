import { RelayClient, RelayClientError, type ShareStatus } from '$lib/relay';
import type { StudySummary } from '$lib/study';
import { chunksOf, saveStream } from '$lib/streams';
import type { Vault } from '$lib/vault';
import {
	createShare,
	encryptedStudy,
	type ShareProgress,
	type ShareRecord,
	type ShareSettings
} from './create';
import { parseShareUrl } from './link';

/** What the sender's list says of a link: the relay's count, ended for good, or unknown (the relay unreachable). */
export type ShareState = ShareStatus | 'ended' | 'unknown';

/** The limit on opens a link may have (the relay refuses others): 1 … 100, or null for no limit. */
export function validMaxOpens(value: number | null): boolean {
	return value === null || (Number.isInteger(value) && value >= 1 && value <= 100);
}

/** A share record as stored: anything else in the sealed list (a newer format, damage) is left out, not trusted. */
function isShareRecord(value: unknown): value is ShareRecord {
	const r = value as Partial<ShareRecord> | null;
	return (
		typeof r === 'object' &&
		r !== null &&
		typeof r.id === 'string' &&
		typeof r.ownerToken === 'string' &&
		typeof r.url === 'string' &&
		typeof r.relay === 'string' &&
		typeof r.studyId === 'string' &&
		typeof r.createdAt === 'string' &&
		typeof r.expiresAt === 'string' &&
		(r.maxOpens === null || typeof r.maxOpens === 'number') &&
		typeof r.hasPassphrase === 'boolean'
	);
}

/**
 * The links a patient made, as their vault remembers them (sealed ShareRecords, v1): list, create, ask the relay
 * how each is doing, revoke, and save one as a file. The share dialog only renders this.
 */
export class ShareList {
	constructor(
		readonly vault: Vault,
		/** The relay new links go to (this app's origin + /api/relay); each record keeps its own. */
		readonly relayBase: string,
		/** Where links point (this app's origin). */
		readonly appOrigin: string
	) {}

	async all(): Promise<ShareRecord[]> {
		return (await this.vault.shares()).filter(isShareRecord);
	}

	async forStudy(studyId: string): Promise<ShareRecord[]> {
		return (await this.all()).filter((s) => s.studyId === studyId);
	}

	async state(share: ShareRecord): Promise<ShareState> {
		try {
			return await new RelayClient(share.relay).status(share.id);
		} catch (error) {
			return error instanceof RelayClientError && error.code !== 'unavailable'
				? 'ended'
				: 'unknown';
		}
	}

	/** Encrypts the study, uploads it and remembers the link (only once the upload is whole). */
	async create(input: {
		study: StudySummary;
		settings: ShareSettings;
		label: string;
		onProgress?: (progress: ShareProgress) => void;
		signal?: AbortSignal;
	}): Promise<ShareRecord> {
		const share = await createShare({
			vault: this.vault,
			relayBase: this.relayBase,
			appOrigin: this.appOrigin,
			...input
		});
		// Read again just before writing: another dialog (or tab) may have added or revoked one meanwhile.
		await this.vault.saveShares([...(await this.all()), share]);
		return share;
	}

	/**
	 * Revokes on the relay, then forgets the link. A relay that says the link has already ended is no failure; one
	 * that cannot be reached is (RelayClientError 'unavailable'), and the link stays listed.
	 */
	async revoke(share: ShareRecord): Promise<void> {
		try {
			await new RelayClient(share.relay).revoke(share);
		} catch (error) {
			if (!(error instanceof RelayClientError) || error.code === 'unavailable') throw error;
		}
		await this.vault.saveShares((await this.all()).filter((s) => s.id !== share.id));
	}

	/** The same encrypted bundle, under the link's key, as a file: for any other channel, offline too. */
	async saveAsFile(
		share: ShareRecord,
		study: StudySummary,
		options: { passphrase: string; deidentified: boolean }
	): Promise<void> {
		const { key } = parseShareUrl(share.url);
		const { stream } = await encryptedStudy(
			this.vault,
			study,
			key,
			options.passphrase,
			options.deidentified
		);
		await saveStream({
			parts: chunksOf(stream),
			fileName: `shared-study-${share.id.slice(0, 8)}.rfshare`,
			type: 'application/octet-stream'
		});
	}
}
