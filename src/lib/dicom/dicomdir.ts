import { DicomError } from './errors';
import { parseChecked } from './parse-guard';

/**
 * Reads a DICOMDIR (PS3.10 media directory, PS3.3 F.3) and lists the files it references, as path components
 * relative to the directory holding the DICOMDIR. CDs are written in ISO 9660 upper case and read back in any case,
 * so callers match these case-insensitively (see `resolveReferencedFiles`).
 */
export interface DicomdirReference {
	/** Referenced File ID (0004,1500) components, e.g. ["DICOM", "ST000001", "SE000001", "IM000001"]. */
	components: string[];
	/** Directory Record Type (0004,1430): IMAGE, SR DOCUMENT, ENCAP DOC, … */
	recordType: string;
}

export function readDicomdir(bytes: Uint8Array): DicomdirReference[] {
	let dataSet;
	try {
		dataSet = parseChecked(bytes);
	} catch (error) {
		const { code, detail } = error as DicomError;
		throw new DicomError(code, `DICOMDIR: ${detail}`);
	}
	const records = dataSet.elements['x00041220']?.items ?? [];
	const seen = new Set<string>();
	const references: DicomdirReference[] = [];
	for (const item of records) {
		const record = item.dataSet;
		if (!record) continue;
		const fileId = record.string('x00041500');
		if (!fileId) continue;
		const components = fileId
			.split('\\')
			.map((c) => c.trim())
			.filter((c) => c && c !== '.' && c !== '..');
		if (!components.length) continue;
		const key = components.join('/').toUpperCase();
		if (seen.has(key)) continue;
		seen.add(key);
		references.push({ components, recordType: (record.string('x00041430') ?? '').trim() });
	}
	return references;
}

/** ISO 9660 level 1 names may carry a version suffix (";1") that file systems show or hide. */
function normalise(path: string): string {
	return path.replace(/;\d+$/, '').replace(/\.$/, '').toUpperCase();
}

/**
 * Matches DICOMDIR references against the paths actually present (relative to the DICOMDIR's folder), ignoring
 * case and ISO 9660 version suffixes. Returns the found paths in DICOMDIR order, and the references not found.
 */
export function resolveReferencedFiles<T extends { relativePath: string }>(
	references: DicomdirReference[],
	files: T[]
): { found: T[]; missing: string[] } {
	const byPath = new Map<string, T>();
	for (const file of files) {
		const parts = file.relativePath.split('/').filter(Boolean).map(normalise);
		byPath.set(parts.join('/'), file);
	}
	const found: T[] = [];
	const missing: string[] = [];
	for (const ref of references) {
		const key = ref.components.map(normalise).join('/');
		const file = byPath.get(key);
		if (file) found.push(file);
		else missing.push(ref.components.join('/'));
	}
	return { found, missing };
}
