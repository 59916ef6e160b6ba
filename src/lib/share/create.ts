import { encryptShareStream, newShareKey } from '$lib/crypto';
import { UidMap, deidentify } from '$lib/dicom';
import { type Vault } from '$lib/vault';
import { type StudySummary } from '$lib/study';
import { writeBundle, type BundleEntrySource } from './bundle';
import { RelayClient, RelayClientError, type CreatedShare } from '$lib/relay';
import { shareUrl } from './link';
import { uploadStream } from './upload';

/**
 * Creating a share: the study's files are read from the vault one at a time, written into a bundle, encrypted on
 * this device with a fresh key (share stream v1) and uploaded to the relay in parts, so neither the study nor its
 * ciphertext is ever whole in memory. The key goes only into the link's fragment.
 */
export interface ShareSettings {
	expiresInSeconds: number;
	/** null: unlimited. */
	maxOpens: number | null;
	passphrase?: string;
	/** "Remove my name and IDs": PS3.15 Annex E basic profile on the copy being shared ($lib/dicom/deidentify). */
	deidentify?: boolean;
}

/** One share as the sender's vault remembers it (sealed, in the "shares" meta row, format v1 of ShareRecord). */
export interface ShareRecord {
	id: string;
	ownerToken: string;
	/** The full link, key included: only ever stored sealed in the vault. */
	url: string;
	relay: string;
	studyId: string;
	label: string;
	createdAt: string;
	expiresAt: string;
	maxOpens: number | null;
	hasPassphrase: boolean;
	deidentified?: boolean;
}

export interface ShareProgress {
	sent: number;
	total: number;
}

/** The study's files, in series order, as bundle entries streamed from the vault. */
export async function studyEntries(
	vault: Vault,
	studyId: string,
	deidentified = false
): Promise<BundleEntrySource[]> {
	const entries: BundleEntrySource[] = [];
	// One map for the whole share: a UID replaced in one file is replaced the same way in every reference to it.
	const uids = new UidMap();
	for (const series of await vault.studies.listSeries(studyId)) {
		for (const instance of await vault.studies.listInstances(series.id)) {
			entries.push({
				name: `${String(entries.length + 1).padStart(5, '0')}.dcm`,
				size: instance.size,
				open: deidentified
					? async () => {
							const { bytes } = await deidentify(
								await vault.studies.readInstance(instance.id),
								uids
							);
							return new Response(bytes as BodyInit).body!;
						}
					: () => vault.studies.streamInstance(instance.id)
			});
		}
	}
	return entries;
}

/** The encrypted share stream of a study, with `key` (for the relay, or for "Save as file"). */
export async function encryptedStudy(
	vault: Vault,
	study: StudySummary,
	key: Uint8Array,
	passphrase?: string,
	deidentified = false
): Promise<{ stream: ReadableStream<Uint8Array>; plainBytes: number }> {
	const entries = await studyEntries(vault, study.id, deidentified);
	const bundle = writeBundle(
		{
			createdAt: new Date().toISOString(),
			deidentified,
			study: {
				description: deidentified ? '' : study.study.StudyDescription,
				date: deidentified ? '' : study.study.StudyDate,
				modalities: study.modalities
			}
		},
		entries
	);
	const encrypt = await encryptShareStream(key, { passphrase: passphrase || undefined });
	return {
		stream: bundle.pipeThrough(encrypt),
		plainBytes: entries.reduce((n, e) => n + e.size, 0)
	};
}

export async function createShare(input: {
	vault: Vault;
	study: StudySummary;
	settings: ShareSettings;
	relayBase: string;
	appOrigin: string;
	label: string;
	onProgress?: (progress: ShareProgress) => void;
	signal?: AbortSignal;
}): Promise<ShareRecord> {
	const relay = new RelayClient(input.relayBase);
	const key = newShareKey();
	const { stream, plainBytes } = await encryptedStudy(
		input.vault,
		input.study,
		key,
		input.settings.passphrase,
		input.settings.deidentify
	);
	const created: CreatedShare = await relay.create(
		input.settings.expiresInSeconds,
		input.settings.maxOpens
	);
	if (plainBytes > created.maxBytes) {
		await relay.revoke(created).catch(() => {});
		await stream.cancel();
		throw new RelayClientError('too-large');
	}
	// Built before the key is wiped below; the only place the key leaves this function.
	const url = shareUrl(input.appOrigin, created.id, key);
	try {
		await uploadStream(relay, created, stream, {
			total: plainBytes,
			onProgress: input.onProgress,
			signal: input.signal
		});
	} finally {
		key.fill(0);
	}
	const now = new Date();
	return {
		id: created.id,
		ownerToken: created.ownerToken,
		url,
		relay: input.relayBase,
		studyId: input.study.id,
		label: input.label,
		createdAt: now.toISOString(),
		expiresAt: new Date(now.getTime() + input.settings.expiresInSeconds * 1000).toISOString(),
		maxOpens: input.settings.maxOpens,
		hasPassphrase: Boolean(input.settings.passphrase),
		deidentified: Boolean(input.settings.deidentify)
	};
}
