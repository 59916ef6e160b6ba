import { DicomError, readDicomdir, resolveReferencedFiles } from '$lib/dicom';
import { baseName, dirName, type ImportItem } from './sources';

/**
 * Decides what to read from a set of picked files. Where a folder holds a DICOMDIR, the files it references are
 * read and nothing else there (a CD also carries viewers, autorun files and fonts; none of it is ever run or
 * stored). Files outside any DICOMDIR's folder are scanned. Zips are expanded when read.
 */
export interface ImportPlan {
	/** Files to read, in order. */
	files: ImportItem[];
	/** DICOMDIR references with no file behind them (a damaged or partly copied CD). */
	missing: string[];
	/** DICOMDIRs that could not be read: their folders are scanned instead. */
	unreadableDirectories: { path: string; detail: string }[];
	/** True when at least one DICOMDIR was followed. */
	fromDicomdir: boolean;
}

const isDicomdir = (item: ImportItem) => baseName(item.relativePath).toUpperCase() === 'DICOMDIR';

export async function planImport(items: ImportItem[]): Promise<ImportPlan> {
	const directories = items
		.filter(isDicomdir)
		.sort((a, b) => dirName(a.relativePath).length - dirName(b.relativePath).length);
	const claimed = new Set<ImportItem>();
	const read = new Set<ImportItem>();
	const files: ImportItem[] = [];
	const missing: string[] = [];
	const unreadableDirectories: ImportPlan['unreadableDirectories'] = [];
	let fromDicomdir = false;

	for (const dir of directories) {
		if (claimed.has(dir)) continue;
		const root = dirName(dir.relativePath);
		const prefix = root ? `${root.toUpperCase()}/` : '';
		const underRoot = items.filter(
			(i) => !claimed.has(i) && i !== dir && i.relativePath.toUpperCase().startsWith(prefix)
		);
		let references;
		try {
			references = readDicomdir(await dir.bytes());
		} catch (error) {
			// The detail alone: the pipeline gives the reason its own code, and a message carries that code again.
			const detail = error instanceof DicomError ? error.detail : (error as Error).message;
			unreadableDirectories.push({ path: dir.relativePath, detail });
			continue;
		}
		fromDicomdir = true;
		claimed.add(dir);
		// Files already read for an enclosing DICOMDIR still resolve here (both indexes may list one file), so
		// nothing is reported missing that was read; they are not read twice.
		const candidates = items.filter(
			(i) => i !== dir && i.relativePath.toUpperCase().startsWith(prefix)
		);
		const relative = candidates.map((item) => ({
			item,
			relativePath: item.relativePath.slice(prefix.length)
		}));
		const resolved = resolveReferencedFiles(references, relative);
		for (const { item } of resolved.found) {
			if (!read.has(item)) files.push(item);
			read.add(item);
			claimed.add(item);
		}
		missing.push(...resolved.missing.map((m) => (root ? `${root}/${m}` : m)));
		// The rest under this CD root is the CD's own software, except what lies under another DICOMDIR inside it
		// (a second disc copied into this one's folder): that index decides for its own folder, next.
		const nestedRoots = directories
			.filter((d) => d !== dir && d.relativePath.toUpperCase().startsWith(prefix))
			.map((d) => `${dirName(d.relativePath).toUpperCase()}/`);
		for (const item of underRoot) {
			const path = item.relativePath.toUpperCase();
			if (!nestedRoots.some((nested) => path.startsWith(nested))) claimed.add(item);
		}
	}
	for (const item of items) {
		if (!claimed.has(item) && !isDicomdir(item)) files.push(item);
	}
	return { files, missing, unreadableDirectories, fromDicomdir };
}
