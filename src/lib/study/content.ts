import type { InstanceSummary, SeriesSummary, StudyCover } from './records';

/**
 * Where the viewer reads a study from: the vault's study store, or a received shared study's sealed temporary spool
 * ($lib/vault spool.ts). Both give the same summaries (see $lib/vault records), so the viewer does not know which it
 * shows; `readInstance` reads one file at a time, which the viewer's slice window relies on to stay within budget.
 */
export interface StudyContent {
	/** With `counted: false`, instance counts may be left out (null) when counting costs time. */
	listSeries(studyId: string, options?: { counted?: boolean }): Promise<SeriesSummary[]>;
	listInstances(seriesId: string): Promise<InstanceSummary[]>;
	readInstance(instanceId: string): Promise<Uint8Array>;
	/** Keeps the image a study opens on for its next opening (the vault does; a shared study has no need). */
	rememberCover?(studyId: string, cover: StudyCover): Promise<void>;
}
