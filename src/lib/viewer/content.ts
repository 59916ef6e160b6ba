import type { InstanceSummary, SeriesSummary } from '$lib/vault';

/**
 * Where the viewer reads a study from: the vault's study store, or a shared study decrypted in memory. Both give
 * the same summaries (see $lib/vault records), so the viewer does not know which it shows.
 */
export interface StudyContent {
	listSeries(studyId: string): Promise<SeriesSummary[]>;
	listInstances(seriesId: string): Promise<InstanceSummary[]>;
	readInstance(instanceId: string): Promise<Uint8Array>;
}
