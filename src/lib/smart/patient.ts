import type { DicomInstanceInfo } from '$lib/dicom';

/**
 * The patient the grant is for (the token's `patient` context, read as a FHIR Patient), and the check that keeps
 * another person's files out of this history: a file is this patient's when its PatientID is one of the Patient's
 * identifiers (exactly: a PatientID differing only in case is another patient's, as the gateway holds too), or when
 * its PatientName has the Patient's family name and first given name.
 */
export interface PatientFacts {
	/** The name to show, or null when the resource has none. */
	display: string | null;
	identifiers: string[];
	/** Normalised "family given" pairs. */
	names: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] =>
	Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && !!s.trim()) : [];

/** Lower case, accents and punctuation gone, single spaces: "Ðoe-Smith, Ána" and "DOE SMITH^ANA" compare. */
export function normaliseName(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

const key = (family: string, given: string) => normaliseName(`${family} ${given}`);

export function readPatient(resource: unknown): PatientFacts {
	if (!isObject(resource) || resource.resourceType !== 'Patient') {
		return { display: null, identifiers: [], names: [] };
	}
	const names = Array.isArray(resource.name) ? resource.name.filter(isObject) : [];
	const official = names.find((n) => n.use === 'official') ?? names[0];
	let display: string | null = null;
	if (official) {
		const given = strings(official.given).join(' ');
		const family = typeof official.family === 'string' ? official.family : '';
		display =
			(typeof official.text === 'string' && official.text.trim()) ||
			`${given} ${family}`.trim() ||
			null;
	}
	const identifiers = (Array.isArray(resource.identifier) ? resource.identifier : [])
		.filter(isObject)
		.map((i) => (typeof i.value === 'string' ? i.value.trim() : ''))
		.filter(Boolean);
	const keys = new Set<string>();
	for (const n of names) {
		const family = typeof n.family === 'string' ? n.family : '';
		const first = strings(n.given)[0] ?? '';
		if (family && first) keys.add(key(family, first));
	}
	return { display: display ? display.slice(0, 200) : null, identifiers, names: [...keys] };
}

/** Whether a file names this patient (see the comment at the top). */
export function isThisPatient(
	info: Pick<DicomInstanceInfo, 'patient'>,
	patient: { identifiers: readonly string[]; names: readonly string[] }
): boolean {
	const id = info.patient.PatientID.trim();
	if (id && patient.identifiers.includes(id)) return true;
	// DICOM PN: Family^Given^Middle^Prefix^Suffix, alphabetic group before any '='.
	const [family = '', given = ''] = info.patient.PatientName.split('=')[0]!.split('^');
	const firstGiven = normaliseName(given).split(' ')[0] ?? '';
	return !!family.trim() && !!firstGiven && patient.names.includes(key(family, firstGiven));
}
