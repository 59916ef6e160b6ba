import { DEFAULT_KDF, type KdfParams } from '$lib/crypto';
import { VaultError } from './errors';
import type { StudyCover } from '$lib/study';
import type { Vault } from './vault';

/**
 * "Change passphrase and re-encrypt": the vault copied into a new, empty database under a new master key — so new
 * record, id and backup keys — and the new passphrase. Changing the passphrase alone rewraps the same master key,
 * which a backup made before (with the old passphrase) still gives away; after this, that key opens none of the new
 * database's rows nor any backup made from it. It still opens the old backups themselves: they hold what they held.
 *
 * Every row is read and checked as any reader checks it (a row changed outside Radfolio stops the copy: 'tampered'
 * is thrown and nothing is adopted) and written new, in row format 2 with fresh chunks and write ids. Row ids
 * come from the id key, so each is worked out again from its DICOM UID, and what names an id follows: a study's
 * cover, a share's study. The caller switches to the target only once this resolved (VaultManager.adopt, as after a
 * restore) and holds imports and syncs meanwhile; on failure the target is left without a vault.
 */
export async function reencryptVault(input: {
	source: Vault;
	target: Vault;
	/** The current passphrase: checked before anything is written. */
	passphrase: string;
	next: string;
	kdf?: KdfParams;
	/** File bytes copied so far. */
	onProgress?: (bytes: number) => void;
}): Promise<void> {
	const { source, target } = input;
	if (!input.next) throw new RangeError('empty passphrase');
	if ((await target.state()) !== 'none') throw new VaultError('exists');
	// Wrong passphrase: refused here, nothing written.
	(await source.masterKey(input.passphrase)).fill(0);
	await target.create(input.next, input.kdf ?? DEFAULT_KDF);
	try {
		await copyEverything(source, target, input.onProgress);
	} catch (error) {
		await target.destroy().catch(() => {});
		throw error;
	}
}

async function copyEverything(source: Vault, target: Vault, onProgress?: (bytes: number) => void) {
	const to = target.session;
	await target.saveSettings(await source.settings());
	await target.saveProviders(await source.providers());
	const studyIds = new Map<string, string>();
	const writer = target.studies.instanceWriter();
	let copied = 0;
	for (const study of await source.studies.listStudies()) {
		const { id: oldStudyId, cover, ...record } = study;
		const studyId = to.id('study', record.StudyInstanceUID);
		const newIds = new Map<string, string>();
		for (const series of await source.studies.listSeries(oldStudyId, { counted: false })) {
			const { id: oldSeriesId, instanceCount: _count, ...seriesRecord } = series;
			const seriesId = to.id('series', seriesRecord.SeriesInstanceUID);
			newIds.set(oldSeriesId, seriesId);
			await target.studies.putSeries(seriesId, studyId, seriesRecord);
			for (const instance of await source.studies.listInstances(oldSeriesId)) {
				const { id: oldId, size, ...instanceRecord } = instance;
				const id = to.id('instance', instanceRecord.SOPInstanceUID);
				newIds.set(oldId, id);
				// Read whole and checked; handed to the writer, which may give it to a worker without a copy.
				const bytes = await source.studies.readInstance(oldId);
				await writer.put({ id, seriesId, studyId, record: instanceRecord, bytes, owned: true });
				onProgress?.((copied += size));
			}
		}
		await writer.flush();
		const moved = cover && movedCover(cover, newIds);
		// Last, as an import does: the study is listed once everything under it is stored.
		await target.studies.putStudy(studyId, { ...record, ...(moved && { cover: moved }) });
		studyIds.set(oldStudyId, studyId);
	}
	// Shares are opaque to the vault ($lib/share's ShareRecord, v1) except for the study they name.
	const shares = await source.shares();
	await target.saveShares(
		shares.map((share) => {
			const studyId = (share as { studyId?: unknown } | null)?.studyId;
			return typeof studyId === 'string' && studyIds.has(studyId)
				? { ...(share as object), studyId: studyIds.get(studyId) }
				: share;
		})
	);
}

/** The cover under the new ids; none when it named something not copied (a stale hint: recounted later). */
function movedCover(cover: StudyCover, ids: Map<string, string>): StudyCover | undefined {
	const seriesId = ids.get(cover.seriesId);
	const instanceId = ids.get(cover.instanceId);
	return seriesId && instanceId ? { ...cover, seriesId, instanceId } : undefined;
}
