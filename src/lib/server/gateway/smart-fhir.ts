import { isUid } from './requests';

/**
 * The FHIR side of the imaging gateway (SMART Imaging Access 0.1.0, "Finding studies"), as pure functions: the
 * ImagingStudy search parameters it understands, and the SMART ImagingStudy and SMART WADO-RS Endpoint resources
 * it builds from a QIDO-RS study (DICOM JSON).
 */
export const IG = 'http://fhir.org/argonaut/smart-imaging';
export const IMAGING_STUDY_PROFILE = `${IG}/StructureDefinition/smart-imaging-study`;
export const WADO_ENDPOINT_PROFILE = `${IG}/StructureDefinition/smart-wado-endpoint`;
export const REQUIRES_ACCESS_TOKEN = `${IG}/StructureDefinition/requires-access-token`;
export const SMART_IMAGING_ACCESS = 'smart-imaging-access';
export const SMART_IMAGING_APP_LAUNCH = `${IG}/capabilities/app-launch`;
/** The one contained Endpoint of every study: this gateway's WADO-RS root. */
export const ENDPOINT_ID = 'wado-rs';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export interface StudySearch {
	/** The FHIR patients the search names (`patient=`, `subject=`); none: the token's own. */
	patients: string[];
	/** A Study Instance UID from `identifier=urn:oid:…` (with or without `urn:dicom:uid|`). */
	studyUid: string | null;
	/** The search names an identifier this server cannot hold (another system): nothing matches. */
	matchesNothing: boolean;
	count: number;
	offset: number;
}

export class FhirSearchError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FhirSearchError';
	}
}

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;

/**
 * Reads an ImagingStudy search. Parameters it does not know are ignored (FHIR's lenient handling): nothing from
 * the query reaches the archive except a checked Study Instance UID. `_lastUpdated` is accepted and answered with
 * every study (a superset: the archive keeps no update time), `_include=ImagingStudy:endpoint` with the contained
 * Endpoint every study already carries.
 */
export function parseStudySearch(query: URLSearchParams): StudySearch {
	const one = (name: string) => {
		const values = query.getAll(name);
		if (values.length > 1) throw new FhirSearchError(`${name} may be given once`);
		return values[0] ?? null;
	};
	// `patient` and `subject` (each once): every patient named must be the token's, or the search is refused.
	const patients: string[] = [];
	for (const name of ['patient', 'subject']) {
		const value = one(name);
		if (value === null) continue;
		// `123`, `Patient/123`, or an absolute reference ending in `Patient/123`.
		const match = /^(?:(?:.*\/)?Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(value);
		if (!match) throw new FhirSearchError(`${name} must be a Patient id or reference`);
		patients.push(match[1]!);
	}
	let studyUid: string | null = null;
	let matchesNothing = false;
	const identifier = one('identifier');
	if (identifier !== null) {
		const [system, value] = identifier.includes('|')
			? (identifier.split('|', 2) as [string, string])
			: ['', identifier];
		const uid = value.startsWith('urn:oid:') ? value.slice(8) : '';
		if ((system === '' || system === 'urn:dicom:uid') && isUid(uid)) studyUid = uid;
		else matchesNothing = true;
	}
	const number = (name: string, fallback: number, max: number) => {
		const raw = one(name);
		if (raw === null) return fallback;
		if (!/^\d{1,7}$/.test(raw) || Number(raw) > max) {
			throw new FhirSearchError(`${name} must be a number up to ${max}`);
		}
		return Number(raw);
	};
	const lastUpdated = query.getAll('_lastUpdated');
	if (
		lastUpdated.some(
			(v) =>
				!/^(eq|ne|gt|lt|ge|le|sa|eb|ap)?\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(
					v
				)
		)
	) {
		throw new FhirSearchError('_lastUpdated must be a FHIR date with an optional prefix');
	}
	return {
		patients,
		studyUid,
		matchesNothing,
		count: number('_count', DEFAULT_COUNT, MAX_COUNT),
		offset: number('_offset', 0, 10_000_000)
	};
}

const first = (item: DicomJson, tag: string): unknown => item[tag]?.Value?.[0];
const text = (item: DicomJson, tag: string): string | undefined => {
	const v = first(item, tag);
	return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};
const integer = (item: DicomJson, tag: string): number | undefined => {
	const v = Number(first(item, tag));
	return Number.isInteger(v) && v >= 0 ? v : undefined;
};

/** DICOM DA (YYYYMMDD) as a FHIR date; DICOM times carry no zone, so `started` stays a date. */
function fhirDate(da: string | undefined): string | undefined {
	const m = da ? /^(\d{4})(\d{2})(\d{2})$/.exec(da) : null;
	return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** The SMART WADO-RS Endpoint: this gateway's DICOMweb root, to be called with the same SMART token. */
export function wadoEndpoint(dicomWebBase: string) {
	return {
		resourceType: 'Endpoint',
		id: ENDPOINT_ID,
		meta: { profile: [WADO_ENDPOINT_PROFILE] },
		extension: [{ url: REQUIRES_ACCESS_TOKEN, valueBoolean: true }],
		status: 'active',
		connectionType: {
			system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
			code: 'dicom-wado-rs'
		},
		payloadType: [
			{
				coding: [
					{ system: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type', code: 'any' }
				]
			}
		],
		address: dicomWebBase
	};
}

/** A SMART ImagingStudy from a QIDO-RS study, or null when the study has no usable Study Instance UID. */
export function imagingStudy(item: DicomJson, fhirPatient: string, dicomWebBase: string) {
	const uid = text(item, '0020000D');
	if (!uid || !isUid(uid)) return null;
	const modalities = (item['00080061']?.Value ?? []).filter(
		(m): m is string => typeof m === 'string' && /^[A-Z0-9_]{1,16}$/.test(m)
	);
	const accession = text(item, '00080050');
	const study: Record<string, unknown> = {
		resourceType: 'ImagingStudy',
		// A Study Instance UID (digits and dots, at most 64) is a valid FHIR id.
		id: uid,
		meta: { profile: [IMAGING_STUDY_PROFILE] },
		contained: [wadoEndpoint(dicomWebBase)],
		identifier: [
			{ system: 'urn:dicom:uid', value: `urn:oid:${uid}` },
			...(accession
				? [{ type: { coding: [{ system: V2_0203, code: 'ACSN' }] }, value: accession }]
				: [])
		],
		status: 'available',
		// The profile asks for at least one; a study that names none is "other".
		modality: (modalities.length ? modalities : ['OT']).map((code) => ({ system: DCM, code })),
		subject: { reference: `Patient/${fhirPatient}` },
		endpoint: [{ reference: `#${ENDPOINT_ID}` }]
	};
	const started = fhirDate(text(item, '00080020'));
	if (started) study.started = started;
	const series = integer(item, '00201206');
	if (series !== undefined) study.numberOfSeries = series;
	const instances = integer(item, '00201208');
	if (instances !== undefined) study.numberOfInstances = instances;
	const description = text(item, '00081030');
	if (description) study.description = description;
	return study;
}

/** Newest first, then by UID: the order pages are cut in, stable between requests. */
export function byDateDescending(a: DicomJson, b: DicomJson): number {
	const da = text(a, '00080020') ?? '';
	const db = text(b, '00080020') ?? '';
	if (da !== db) return da < db ? 1 : -1;
	const ua = text(a, '0020000D') ?? '';
	const ub = text(b, '0020000D') ?? '';
	return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** A searchset Bundle of one page, with self/next/previous links carrying the paging state. */
export function searchsetBundle(input: {
	fhirBase: string;
	search: StudySearch;
	fhirPatient: string;
	studies: Record<string, unknown>[];
}) {
	const { fhirBase, search, fhirPatient, studies } = input;
	const page = studies.slice(search.offset, search.offset + search.count);
	const link = (offset: number) => {
		const params = new URLSearchParams({ patient: fhirPatient });
		if (search.studyUid) params.set('identifier', `urn:dicom:uid|urn:oid:${search.studyUid}`);
		params.set('_count', String(search.count));
		if (offset) params.set('_offset', String(offset));
		return `${fhirBase}/ImagingStudy?${params}`;
	};
	const links = [{ relation: 'self', url: link(search.offset) }];
	if (search.count > 0 && search.offset + search.count < studies.length) {
		links.push({ relation: 'next', url: link(search.offset + search.count) });
	}
	if (search.offset > 0 && search.count > 0) {
		links.push({ relation: 'previous', url: link(Math.max(0, search.offset - search.count)) });
	}
	return {
		resourceType: 'Bundle',
		type: 'searchset',
		total: studies.length,
		link: links,
		entry: page.map((resource) => ({
			fullUrl: `${fhirBase}/ImagingStudy/${String(resource.id)}`,
			resource,
			search: { mode: 'match' }
		}))
	};
}

/** A FHIR OperationOutcome body (its text never echoes patient data). */
export function operationOutcome(code: string, diagnostics: string) {
	return {
		resourceType: 'OperationOutcome',
		issue: [{ severity: 'error', code, diagnostics }]
	};
}
