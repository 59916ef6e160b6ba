import type { DicomInstanceInfo } from '$lib/dicom';
import { type InstanceWriter, type Vault } from '$lib/vault';
import {
	instanceRecordFrom,
	mergeStudy,
	seriesRecordFrom,
	type StudyRecord,
	type StudySource
} from '$lib/study';

/**
 * Stores parsed DICOM instances in the vault for one import or sync: each study it touches is marked incomplete
 * before its first new instance lands, and only the caller, knowing whether everything arrived, marks it complete.
 */
export class StudyWriter {
	readonly #vault: Vault;
	readonly #source: StudySource;
	/** This run's own write queue: files are sealed and written behind the reading. */
	readonly #instances: InstanceWriter;
	readonly #studies = new Map<string, StudyRecord>();
	readonly #series = new Set<string>();
	/** Studies this writer brought into the vault (none of their rows were there before it). */
	readonly #created = new Set<string>();
	/** Instance ids in the vault, read once: a per-file lookup would wait behind the writes in flight. */
	#known: Set<string> | null = null;
	/** Instances this writer handed to the vault, in order. */
	readonly #accepted: string[] = [];

	constructor(vault: Vault, source: StudySource) {
		this.#vault = vault;
		this.#source = source;
		this.#instances = vault.studies.instanceWriter();
	}

	get studyIds() {
		return [...this.#studies.keys()];
	}

	/**
	 * Returns false when the instance was already stored. `owned`: the caller is done with `bytes`, which the vault
	 * may then take without a copy (they are empty afterwards).
	 */
	async write(
		info: DicomInstanceInfo,
		bytes: Uint8Array,
		fileName: string,
		options: { owned?: boolean } = {}
	): Promise<boolean> {
		const session = this.#vault.session;
		const store = this.#vault.studies;
		const instanceId = session.id('instance', info.SOPInstanceUID);
		this.#known ??= await store.instanceIds();
		if (this.#known.has(instanceId)) return false;
		const studyId = session.id('study', info.StudyInstanceUID);
		const seriesId = session.id('series', info.SeriesInstanceUID);
		const known = this.#studies.get(studyId);
		if (!known) {
			// First file of this study in this import: mark it incomplete before any instance lands.
			const existing = await store.getStudy(studyId);
			if (!existing) this.#created.add(studyId);
			const merged = mergeStudy(existing && stripId(existing), info, this.#source, this.#source.at);
			await store.putStudy(studyId, merged);
			this.#studies.set(studyId, merged);
		} else {
			// A report made by another system may lack the study's date or description: later files fill them in.
			const merged = mergeStudy(known, info, this.#source, this.#source.at);
			if (
				JSON.stringify([merged.patient, merged.study]) !==
				JSON.stringify([known.patient, known.study])
			) {
				await store.putStudy(studyId, merged);
				this.#studies.set(studyId, merged);
			}
		}
		if (!this.#series.has(seriesId)) {
			if (!(await store.getSeries(seriesId))) {
				await store.putSeries(seriesId, studyId, seriesRecordFrom(info));
			}
			this.#series.add(seriesId);
		}
		await this.#instances.put({
			id: instanceId,
			seriesId,
			studyId,
			record: instanceRecordFrom(info, fileName),
			bytes,
			owned: options.owned
		});
		this.#known.add(instanceId);
		this.#accepted.push(instanceId);
		return true;
	}

	/** Waits until everything written so far is stored; throws the VaultError that stopped it (once). */
	async flush() {
		await this.#instances.flush();
	}

	/** How many of the instances this writer was given are really in the vault (after a failed write). */
	async storedCount(): Promise<number> {
		const stored = await this.#vault.studies.instanceIds();
		return this.#accepted.filter((id) => stored.has(id)).length;
	}

	/** Recounts every study this writer touched and marks them complete (or not). */
	async finish(complete: boolean) {
		for (const studyId of this.#studies.keys()) await this.finishStudy(studyId, complete);
	}

	/**
	 * Recounts one study, e.g. when a sync has checked it against the archive's list. A study this writer created
	 * that ended up holding no file (every write refused or stopped) is removed rather than left on the timeline
	 * as "0 images · Incomplete import": there is nothing in it to open or to finish.
	 */
	async finishStudy(studyId: string, complete: boolean) {
		const summary = await this.#vault.studies.refreshStudySummary(studyId, complete);
		if (summary && summary.instanceCount === 0 && this.#created.has(studyId)) {
			await this.#vault.studies.deleteStudy(studyId);
			this.#studies.delete(studyId);
		}
	}
}

function stripId<T extends { id: string }>(value: T): Omit<T, 'id'> {
	const { id: _id, ...rest } = value;
	return rest;
}
