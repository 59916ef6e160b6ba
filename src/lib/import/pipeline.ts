import {
	DicomError,
	looksLikeZip,
	parseDicomFile,
	readZip,
	type DicomErrorCode,
	type DicomInstanceInfo,
	type ZipLimits
} from '$lib/dicom';
import { VaultError, type Vault } from '$lib/vault';
import { type StudySource } from '$lib/study';
import { planImport } from './plan';
import { StudyWriter } from './study-writer';
import { baseName, type ImportItem } from './sources';

/**
 * Sources → DICOM → vault, one file at a time, with an outcome for every file. One bad file never stops the
 * rest; a full disk or a lock does (nothing more could be stored). Studies are marked complete only at the end
 * of an import that stored everything it was offered; a cancelled or failed import leaves them incomplete.
 */
export type SkipReason = DicomErrorCode | 'missing-file' | 'read-failed' | 'storage-failed';

export interface SkippedFile {
	path: string;
	reason: SkipReason;
	detail: string;
}

export interface ImportProgress {
	/** Input bytes read so far (compressed bytes for zips). */
	doneBytes: number;
	totalBytes: number;
	files: number;
	currentPath: string;
}

export interface ImportSummary {
	/** Instances newly stored. */
	imported: number;
	/** Instances already in the vault (same SOP Instance UID). */
	duplicates: number;
	skipped: SkippedFile[];
	/** Opaque ids of the studies this import touched. */
	studyIds: string[];
	cancelled: boolean;
	/** Set when the import had to stop (disk full, vault locked). */
	stoppedBy: VaultError | null;
}

export interface ImportOptions {
	vault: Vault;
	items: ImportItem[];
	/** Where the patient got these files (shown on the timeline). */
	source: Omit<StudySource, 'at'>;
	signal?: AbortSignal;
	onProgress?: (progress: ImportProgress) => void;
	maxFileBytes?: number;
	zipLimits?: ZipLimits;
	now?: () => Date;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;

function skipFor(path: string, error: unknown): SkippedFile {
	if (error instanceof DicomError) return { path, reason: error.code, detail: error.detail };
	return {
		path,
		reason: 'read-failed',
		detail: error instanceof Error ? error.message : String(error)
	};
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
	const { vault, signal } = options;
	const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
	const source: StudySource = {
		...options.source,
		at: (options.now?.() ?? new Date()).toISOString()
	};
	const writer = new StudyWriter(vault, source);
	const summary: ImportSummary = {
		imported: 0,
		duplicates: 0,
		skipped: [],
		studyIds: [],
		cancelled: false,
		stoppedBy: null
	};
	const plan = await planImport(options.items);
	for (const path of plan.missing) {
		summary.skipped.push({
			path,
			reason: 'missing-file',
			detail: 'listed in DICOMDIR, not on the disc'
		});
	}
	for (const dir of plan.unreadableDirectories) {
		summary.skipped.push({ path: dir.path, reason: 'unreadable-header', detail: dir.detail });
	}
	const progress: ImportProgress = {
		doneBytes: 0,
		totalBytes: plan.files.reduce((n, f) => n + f.size, 0),
		files: 0,
		currentPath: ''
	};
	const report = () => options.onProgress?.({ ...progress });

	const store = async (path: string, bytes: Uint8Array, owned = false) => {
		let info: DicomInstanceInfo;
		try {
			info = parseDicomFile(bytes, { maxBytes: maxFileBytes });
		} catch (error) {
			// A DICOMDIR found while scanning (zip, loose files) is an index, not a failure.
			if (!(error instanceof DicomError && error.code === 'directory')) {
				summary.skipped.push(skipFor(path, error));
			}
			return;
		}
		const stored = await writer.write(info, bytes, baseName(path), { owned });
		if (stored) summary.imported++;
		else summary.duplicates++;
	};

	try {
		for (const item of plan.files) {
			if (signal?.aborted) {
				summary.cancelled = true;
				break;
			}
			progress.currentPath = item.relativePath;
			report();
			const before = progress.doneBytes;
			try {
				if (item.size > maxFileBytes && !/\.zip$/i.test(item.relativePath)) {
					summary.skipped.push({
						path: item.relativePath,
						reason: 'too-large',
						detail: `${item.size} bytes`
					});
					continue;
				}
				const head = await readHead(item);
				if (looksLikeZip(head)) {
					await importZip(item, options.zipLimits, store, summary, () => signal?.aborted ?? false);
					if (signal?.aborted) summary.cancelled = true;
				} else {
					await store(item.relativePath, await item.bytes(), item.owned);
				}
			} catch (error) {
				if (error instanceof VaultError) throw error;
				summary.skipped.push(skipFor(item.relativePath, error));
			} finally {
				progress.doneBytes = before + item.size;
				progress.files++;
				report();
			}
		}
	} catch (error) {
		if (!(error instanceof VaultError)) throw error;
		summary.stoppedBy = error;
	}
	// Files are written behind the reading (the vault's write queue): the outcome is known only once all landed.
	if (!summary.stoppedBy) {
		try {
			await writer.flush();
		} catch (error) {
			if (!(error instanceof VaultError)) throw error;
			summary.stoppedBy = error;
		}
	}
	if (summary.stoppedBy) summary.imported = await writer.storedCount();
	const complete = !summary.cancelled && !summary.stoppedBy;
	if (vault.unlocked) {
		try {
			await writer.finish(complete);
		} catch (error) {
			// Recounting writes too: on a full disk it fails like the import did. The studies stay marked incomplete
			// (they were before their first file landed), and the summary must still reach the patient.
			if (!(error instanceof VaultError)) throw error;
			summary.stoppedBy ??= error;
		}
	}
	// After finishing: a study that ended up with no file was removed (study-writer.ts) and is not counted.
	summary.studyIds = writer.studyIds;
	return summary;
}

async function readHead(item: ImportItem): Promise<Uint8Array> {
	const reader = item.stream().getReader();
	try {
		const { value } = await reader.read();
		return value ?? new Uint8Array(0);
	} finally {
		await reader.cancel().catch(() => {});
	}
}

async function importZip(
	item: ImportItem,
	limits: ZipLimits | undefined,
	store: (path: string, bytes: Uint8Array) => Promise<void>,
	summary: ImportSummary,
	aborted: () => boolean
) {
	for await (const entry of readZip(item.stream(), limits)) {
		const path = `${item.relativePath}/${entry.path}`;
		if (entry.error) summary.skipped.push(skipFor(path, entry.error));
		else await store(path, entry.bytes);
		if (aborted()) return;
	}
}
