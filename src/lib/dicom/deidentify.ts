import { loadDictionary } from './dictionary';

/**
 * De-identification of a copy being shared ("Remove my name and IDs"), after the DICOM PS3.15 Annex E Basic
 * Application Level Confidentiality Profile (what it removes: `deidentify-profile.ts`; how: `deidentify-walk.ts`;
 * docs/deidentification.md). UIDs are replaced consistently across the files of one share through a shared
 * `UidMap`.
 *
 * This module is kept small because $lib/dicom's index puts it in the bundle every page loads: the walk, the
 * profile's tables and the data dictionary are chunks of their own, loaded by the first de-identified share, so
 * the timeline does not carry them.
 */

/** Original UID → replacement of the same length, shared by every file of one share so references still match. */
export class UidMap {
	readonly #map = new Map<string, string>();
	/** Replacements handed out, so two UIDs never map to the same one (a set: a share may hold thousands). */
	readonly #used = new Set<string>();

	replace(uid: string): string {
		const known = this.#map.get(uid);
		if (known) return known;
		let next: string;
		do next = newUidOfLength(uid.length);
		while (this.#used.has(next));
		this.#map.set(uid, next);
		this.#used.add(next);
		return next;
	}
}

/** "2.25." and random digits (no leading zero), as long as the UID it replaces; short UIDs get a short root. */
function newUidOfLength(length: number): string {
	const digits = (n: number) => {
		const bytes = crypto.getRandomValues(new Uint8Array(n));
		let out = '';
		for (let i = 0; i < n; i++) out += String(bytes[i]! % 10);
		return out.replace(/^0/, '1');
	};
	if (length >= 8) return `2.25.${digits(length - 5)}`;
	if (length >= 3) return `2.${digits(length - 2)}`;
	return digits(Math.max(1, length));
}

export interface DeidentifyResult {
	bytes: Uint8Array;
	/** How many values were emptied or replaced. */
	changed: number;
}

/** Loads the walk and the data dictionary on first use, then de-identifies a copy of `input`. */
export async function deidentify(input: Uint8Array, uids: UidMap): Promise<DeidentifyResult> {
	const [{ deidentifyWith }, dictionary] = await Promise.all([
		import('./deidentify-walk'),
		loadDictionary()
	]);
	return deidentifyWith(input, uids, dictionary);
}
