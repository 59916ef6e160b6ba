import { DicomError, parseDicomFile, type DicomInstanceInfo } from '$lib/dicom';
import { StudyWriter } from '$lib/import';
import { VaultError, type ProviderConnection, type Vault } from '$lib/vault';
import { ArchiveError, DicomWebClient, firstString, tag, type DicomJson } from './client';
import { bufferAhead } from './buffer-ahead';

/**
 * How far a retrieve is read ahead of the files being stored: the download goes on while a file is parsed, sealed
 * and written (buffer-ahead.ts). 16 MiB is 1.3 s of a 100 Mbit/s link, and little next to a study's own size.
 */
const RETRIEVE_AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Sync with one provider: list the patient's studies (QIDO-RS), compare with the vault, retrieve what is missing
 * (WADO-RS) and store it through the import pipeline's writer, which writes behind the download and is flushed when
 * a study ends or the sync is cut. So a sync cut anywhere resumes where it stopped: the next run asks only for
 * instances the vault does not have (an instance lands whole with its chunks, or not at all). A
 * study is marked complete only once every instance the archive lists for it is in the vault.
 */
export interface SyncProgress {
	studiesDone: number;
	studiesTotal: number;
	/** Instances stored in this run so far. */
	instancesStored: number;
	/** 0…1, for a progress bar. */
	fraction: number;
}

export interface SyncResult {
	/** Instances newly stored. */
	stored: number;
	/** Studies that gained instances in this run. */
	updatedStudies: number;
	/** Studies the archive lists that are not yet complete in the vault after this run. */
	incompleteStudies: number;
	/** Files the archive sent that could not be stored, with the reason. */
	skipped: { reason: string; detail: string }[];
	/** Studies with files that name another patient (options.checkPatient): those files were not stored. */
	otherPatient: { studyUid: string; patientName: string; patientId: string }[];
	cancelled: boolean;
	/** Why the run stopped early, when it did. */
	error: ArchiveError | VaultError | null;
}

export interface SyncOptions {
	vault: Vault;
	connection: ProviderConnection;
	signal?: AbortSignal;
	onProgress?: (progress: SyncProgress) => void;
	now?: () => Date;
	/** The studies to sync as the caller listed them (SMART: FHIR ImagingStudy); default: the gateway's QIDO-RS. */
	studies?: StudyToSync[];
	/** Whether a file is this patient's (SMART: checked against the FHIR Patient); a file that is not is not stored. */
	checkPatient?: (info: DicomInstanceInfo) => boolean;
}

/** One study to bring into the vault, as a listing gave it. */
export interface StudyToSync {
	uid: string;
	date: string;
	instanceCount: number | null;
	/** Where it is retrieved from when not the connection's gateway (a SMART study's own WADO-RS endpoint). */
	client?: DicomWebClient;
	/**
	 * Its series and instances, when the listing gave them (FHIR ImagingStudy.series, WADO-RS metadata); null: not
	 * known, so the whole study is retrieved at once and is complete when as many instances as `instanceCount`
	 * came. Absent: listed with QIDO-RS, series by series.
	 */
	contents?: { series: string; instances: string[] }[] | null;
}
type ArchiveStudy = StudyToSync;

export async function syncProvider(options: SyncOptions): Promise<SyncResult> {
	const { vault, connection, signal } = options;
	const client = new DicomWebClient(connection.dicomWebUrl, connection.token, signal);
	const result: SyncResult = {
		stored: 0,
		updatedStudies: 0,
		incompleteStudies: 0,
		skipped: [],
		otherPatient: [],
		cancelled: false,
		error: null
	};
	const writer = new StudyWriter(vault, {
		kind: 'provider',
		label: connection.name,
		at: (options.now?.() ?? new Date()).toISOString()
	});
	let studies: ArchiveStudy[] = [];
	let done = 0;
	const report = (within = 0) =>
		options.onProgress?.({
			studiesDone: done,
			studiesTotal: studies.length,
			instancesStored: result.stored,
			fraction: studies.length ? Math.min(1, (done + within) / studies.length) : 0
		});
	try {
		studies = options.studies
			? [...options.studies]
			: (await client.studies()).map(toStudy).filter((s) => s !== null);
		// Newest first: the study the patient most likely wants is the one they just had.
		studies.sort((a, b) => b.date.localeCompare(a.date));
		report();
		for (const study of studies) {
			if (signal?.aborted) break;
			const complete = await syncStudy(
				study.client ?? client,
				vault,
				writer,
				study,
				result,
				(f) => report(f),
				signal,
				options.checkPatient
			);
			if (!complete) result.incompleteStudies++;
			done++;
			report();
		}
	} catch (error) {
		if (signal?.aborted || (error as Error)?.name === 'AbortError') result.cancelled = true;
		else if (error instanceof ArchiveError || error instanceof VaultError) result.error = error;
		else throw error;
	}
	if (signal?.aborted) result.cancelled = true;
	if (result.cancelled || result.error) {
		result.incompleteStudies = studies.length - done;
	}
	return result;
}

/** A study's series and their instances, by QIDO-RS (the gateway's listing). */
async function listByQido(client: DicomWebClient, study: string) {
	const listed: { series: string; instances: string[] }[] = [];
	for (const series of await client.series(study)) {
		const seriesUid = firstString(series, tag.SeriesInstanceUID);
		if (!seriesUid) continue;
		const instances = (await client.instances(study, seriesUid))
			.map((i) => firstString(i, tag.SOPInstanceUID))
			.filter((u): u is string => !!u);
		listed.push({ series: seriesUid, instances });
	}
	return listed;
}

function toStudy(item: DicomJson): ArchiveStudy | null {
	const uid = firstString(item, tag.StudyInstanceUID);
	if (!uid) return null;
	const count = Number(firstString(item, tag.NumberOfStudyRelatedInstances));
	return {
		uid,
		date: firstString(item, tag.StudyDate) ?? '',
		instanceCount: Number.isFinite(count) && count > 0 ? count : null
	};
}

/** Returns whether the study is complete in the vault afterwards. */
async function syncStudy(
	client: DicomWebClient,
	vault: Vault,
	writer: StudyWriter,
	study: ArchiveStudy,
	result: SyncResult,
	progress: (fraction: number) => void,
	signal: AbortSignal | undefined,
	checkPatient?: (info: DicomInstanceInfo) => boolean
): Promise<boolean> {
	const session = vault.session;
	const studyId = session.id('study', study.uid);
	const existing = await vault.studies.getStudy(studyId);
	// A study already complete with as many instances as the archive counts needs no per-series listing.
	if (
		existing?.complete &&
		study.instanceCount !== null &&
		existing.instanceCount === study.instanceCount
	) {
		return true;
	}
	// Contents not listed: the whole study in one retrieve, each file checked to be of this study. One complete in
	// the vault with no count to compare is not asked for again.
	const whole = study.contents === null;
	if (whole && existing?.complete && study.instanceCount === null) return true;
	const wanted: { series: string; missing: string[]; total: number }[] = [];
	const stored = await vault.studies.instanceIds();
	for (const { series: seriesUid, instances: sops } of study.contents ??
		(whole ? [] : await listByQido(client, study.uid))) {
		const missing: string[] = [];
		for (const sop of sops) {
			if (!stored.has(session.id('instance', sop))) missing.push(sop);
		}
		wanted.push({ series: seriesUid, missing, total: sops.length });
	}
	const toFetch = wanted.reduce((n, w) => n + w.missing.length, 0);
	let fetched = 0;
	let added = 0;
	/** Instances of this study that came in a whole-study retrieve, stored before or now. */
	let received = 0;
	let foreign = false;
	const store = async (bytes: Uint8Array, expected: Set<string> | null) => {
		let info: DicomInstanceInfo;
		try {
			info = parseDicomFile(bytes);
		} catch (error) {
			result.skipped.push({
				reason: error instanceof DicomError ? error.code : 'unreadable',
				detail: error instanceof DicomError ? error.detail : String(error)
			});
			return;
		}
		// Only what was asked for, of this study: an archive answer never adds anything else.
		if (info.StudyInstanceUID !== study.uid || (expected && !expected.has(info.SOPInstanceUID))) {
			result.skipped.push({
				reason: 'unexpected',
				detail: 'the archive sent an instance not asked for'
			});
			return;
		}
		expected?.delete(info.SOPInstanceUID);
		// Another person's file is never merged into this patient's history: held back, and the study flagged.
		if (checkPatient && !checkPatient(info)) {
			if (!foreign) {
				result.otherPatient.push({
					studyUid: study.uid,
					patientName: info.patient.PatientName,
					patientId: info.patient.PatientID
				});
			}
			foreign = true;
			return;
		}
		received++;
		// Each part is a buffer of its own (the multipart parser joins a part's pieces into a new one).
		if (await writer.write(info, bytes, `${info.SOPInstanceUID}.dcm`, { owned: true })) {
			added++;
			result.stored++;
		}
		fetched++;
		progress(toFetch ? fetched / toFetch : 1);
	};
	try {
		if (whole) {
			for await (const bytes of client.retrieve(study.uid)) await store(bytes, null);
		}
		for (const { series, missing, total } of wanted) {
			if (!missing.length) continue;
			const expected = new Set(missing);
			if (missing.length === total) {
				// Nothing of this series yet: one streamed retrieve for all of it.
				for await (const bytes of bufferAhead(
					client.retrieve(study.uid, series),
					RETRIEVE_AHEAD_BYTES
				))
					await store(bytes, expected);
			} else {
				// Resuming: only the instances still missing, one at a time.
				for (const sop of missing) {
					if (signal?.aborted) break;
					for await (const bytes of client.retrieve(study.uid, series, sop))
						await store(bytes, expected);
				}
			}
		}
	} catch (error) {
		// Cut off: what arrived stays (counted on the timeline), and the study stays marked incomplete.
		if (added && vault.unlocked) {
			result.updatedStudies++;
			await writer.finishStudy(studyId, false);
		}
		throw error;
	}
	if (added) result.updatedStudies++;
	const complete = whole
		? !foreign && received > 0 && (study.instanceCount === null || received >= study.instanceCount)
		: !foreign && fetched === toFetch && (toFetch > 0 || !!existing);
	if (added || (existing && existing.complete !== complete)) {
		await writer.finishStudy(studyId, complete);
	}
	return complete;
}
