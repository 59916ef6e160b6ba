// Generates src/lib/dicom/dictionary.generated.json, the tag → VR table behind src/lib/dicom/dictionary.ts, from
// the data dictionary of dcmjs (MIT, the `dcmjs/dictionary` export: PS3.6 as dcmjs packages it). Run on every
// install (postinstall) and by `npm test`, never committed: the table follows whatever dcmjs the lockfile pins, and
// no dictionary is written into the source by hand. A dcmjs whose format changed fails the install loudly rather
// than leave a table that classifies less than it should.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/lib/dicom/dictionary.generated.json');

let dictionary;
let dictionaryUrl;
try {
	dictionaryUrl = import.meta.resolve('dcmjs/dictionary');
	({ dictionary } = await import('dcmjs/dictionary'));
} catch {
	// An install without devDependencies (a production server) builds nothing and needs no table.
	console.log('dicom-dictionary: dcmjs not installed, skipping');
	process.exit(0);
}
// dcmjs's `exports` hides its package.json; it sits two folders above generate/dictionary.mjs.
const dcmjsVersion = JSON.parse(
	readFileSync(join(dirname(fileURLToPath(dictionaryUrl)), '..', 'package.json'), 'utf8')
).version;

// dcmjs writes the VRs PS3.6 gives as "OB or OW" and the like in DCMTK's lower-case shorthand.
const SHORTHAND = { ox: 'OB or OW', xs: 'US or SS', lt: 'US or SS or OW', up: 'UL' };
// Entries that are not attributes of a dataset: items and delimiters (VR "na") are structure, vendor entries
// ("PrivateTag") are keyed by their private creator's name, which a tag number alone cannot match, and
// "ILLEGAL" names groups 0001–0007, which no dataset may use.
const SKIPPED_VERSIONS = new Set(['PrivateTag', 'ILLEGAL']);

// "(gggg,eeee)", or a range in either part: "6000-60FF", "0009-o-FFFF" (odd), "0000-u-FFFF" (any).
const PART = '([0-9A-F]{4})(?:-(?:([ou])-)?([0-9A-F]{4}))?';
const KEY = new RegExp(`^\\(${PART},${PART}\\)$`, 'i');

/**
 * A plain "-" range is DCMTK's notation for even values only. For groups that is what PS3.5 7.6 says of the
 * repeating groups (50xx, 60xx, 7Fxx: odd groups are private); for elements the only such range, (0020,31xx),
 * has every element in PS3.6, so there it means any.
 */
function part(from, restriction, to, isGroup) {
	if (to === undefined) return [parseInt(from, 16), parseInt(from, 16), 'any'];
	const parity = restriction === 'o' ? 'odd' : restriction === 'u' || !isGroup ? 'any' : 'even';
	return [parseInt(from, 16), parseInt(to, 16), parity];
}

const exact = new Map();
const ranges = [];
for (const [key, entry] of Object.entries(dictionary)) {
	if (!key || !entry?.vr || SKIPPED_VERSIONS.has(entry.version) || entry.vr === 'na') continue;
	const vr = SHORTHAND[entry.vr] ?? entry.vr;
	if (!/^[A-Z]{2}( or [A-Z]{2})*$/.test(vr)) {
		throw new Error(`dicom-dictionary: ${key} has a VR this script does not know: ${entry.vr}`);
	}
	const match = KEY.exec(key);
	if (!match) throw new Error(`dicom-dictionary: cannot read the tag ${key} (${entry.name})`);
	const [, g1, gr, g2, e1, er, e2] = match;
	if (g2 === undefined && e2 === undefined) {
		const tag = (g1 + e1).toUpperCase();
		const known = exact.get(tag);
		if (known && known !== vr)
			throw new Error(`dicom-dictionary: ${tag} is both ${known} and ${vr}`);
		exact.set(tag, vr);
	} else {
		ranges.push([...part(g1, gr, g2, true), ...part(e1, er, e2, false), vr]);
	}
}
if (exact.size < 4000) {
	throw new Error(
		`dicom-dictionary: only ${exact.size} tags in dcmjs's dictionary; its format changed?`
	);
}

// One string of 8-hex-digit tags per VR: ~40 KB instead of the ~1.3 MB dcmjs ships.
const byVr = {};
for (const [tag, vr] of [...exact].sort(([a], [b]) => (a < b ? -1 : 1))) {
	byVr[vr] = (byVr[vr] ?? '') + tag;
}
const table = { source: 'dcmjs', version: dcmjsVersion, tags: byVr, ranges };
writeFileSync(out, `${JSON.stringify(table)}\n`);
console.log(
	`dicom-dictionary: ${exact.size} tags and ${ranges.length} ranges from dcmjs ${dcmjsVersion}`
);
