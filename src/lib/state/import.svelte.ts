import {
	itemFromFile,
	runImport,
	type ImportItem,
	type ImportProgress,
	type ImportSummary
} from '$lib/import';
import { type StudySource } from '$lib/study';
import { askToKeepStorageOnce } from '$lib/vault';
import { IMPORT_LOCK, vaultManager } from './vault.svelte';

/** One import at a time: its progress, its cancel, and the summary of the last one. */
class ImportManager {
	#running = $state(false);
	#progress = $state.raw<ImportProgress | null>(null);
	#summary = $state.raw<ImportSummary | null>(null);
	/**
	 * Another tab replaced the vault the last import went into (or was about to): what it brought is not in the
	 * vault now, and the patient is told so rather than left with an "Imported N files" that is no longer true.
	 */
	#replaced = $state(false);
	get running() {
		return this.#running;
	}
	get progress() {
		return this.#progress;
	}
	get summary() {
		return this.#summary;
	}
	get replaced() {
		return this.#replaced;
	}
	#controller: AbortController | null = null;

	constructor() {
		vaultManager.onReplace(() => {
			if (this.#running || this.#summary) this.#replaced = true;
			this.cancel();
		});
	}

	async importFiles(files: File[], kind: 'files' | 'folder') {
		if (!files.length || this.#running) return;
		const items: ImportItem[] = files.map((f) => itemFromFile(f));
		await this.#run(items, sourceFor(files, kind));
	}

	/**
	 * Saves a shared study (verified, in the page's spool: each file read from there when its turn comes) into the
	 * vault, as an import like any other: never while another tab restores over this vault. 'replaced' when another
	 * tab replaced the vault meanwhile: nothing was written, and the study can be saved into the new vault once it
	 * is unlocked.
	 */
	async importShared(
		files: {
			name: string;
			size: number;
			bytes(): Promise<Uint8Array>;
			stream(): ReadableStream<Uint8Array>;
		}[]
	): Promise<'saved' | 'replaced'> {
		// Each read is a fresh buffer nobody else keeps: the vault may take it.
		const items: ImportItem[] = files.map((f) => ({
			relativePath: f.name,
			size: f.size,
			bytes: f.bytes,
			stream: f.stream,
			owned: true
		}));
		await this.#run(items, { kind: 'share', label: 'Shared link' });
		return this.#replaced ? 'replaced' : 'saved';
	}

	async #run(items: ImportItem[], source: Omit<StudySource, 'at'>) {
		this.#running = true;
		this.#summary = null;
		this.#progress = null;
		this.#replaced = false;
		this.#controller = new AbortController();
		const vault = vaultManager.vault;
		const run = async () => {
			// Waited for the lock behind another tab's restore, which replaced this vault: write nothing.
			if (!vaultManager.isActive(vault)) {
				this.#replaced = true;
				return;
			}
			this.#summary = await runImport({
				vault,
				items,
				source,
				signal: this.#controller!.signal,
				onProgress: (p) => (this.#progress = p)
			});
		};
		try {
			// Held while writing, so another tab does not recount a study this import is filling.
			if (typeof navigator !== 'undefined' && navigator.locks)
				await navigator.locks.request(IMPORT_LOCK, run);
			else await run();
			if (vaultManager.isActive(vault)) await vaultManager.refresh();
			// The vault now holds something worth keeping: the moment to ask the browser to keep it (once).
			if (this.summary?.imported) void askToKeepStorageOnce();
		} finally {
			this.#running = false;
			this.#controller = null;
		}
	}

	cancel() {
		this.#controller?.abort();
	}
}

function sourceFor(files: File[], kind: 'files' | 'folder'): Omit<StudySource, 'at'> {
	if (kind === 'folder') {
		const root = files[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
		const hasDicomdir = files.some((f) => /(^|\/)DICOMDIR$/i.test(f.webkitRelativePath || f.name));
		return { kind: hasDicomdir ? 'cd' : 'folder', label: root };
	}
	if (files.length === 1 && /\.zip$/i.test(files[0]!.name))
		return { kind: 'zip', label: files[0]!.name };
	return { kind: 'files', label: files.length === 1 ? files[0]!.name : `${files.length} files` };
}

export const importManager = new ImportManager();
