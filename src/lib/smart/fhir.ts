import { secureUrl } from './address';

/**
 * Reading a SMART Imaging Access search (IG "Finding studies"): a searchset Bundle of ImagingStudy resources with
 * their WADO-RS Endpoints contained, or included beside them (`_include=ImagingStudy:endpoint`), and `next` links.
 * Pure: no requests here (sync.ts makes them).
 */
const DICOM_UID_SYSTEM = 'urn:dicom:uid';
const WADO_RS = 'dicom-wado-rs';
export const REQUIRES_ACCESS_TOKEN =
	'http://fhir.org/argonaut/smart-imaging/StructureDefinition/requires-access-token';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Where a study's DICOM is retrieved, and whether Radfolio's access token goes with the request. */
export interface WadoEndpoint {
	/** The WADO-RS base, without a trailing slash. */
	address: string;
	/** true: send the SMART access token; false: the address is a bearer capability, sent without it. */
	requiresToken: boolean;
}

export interface ListedStudy {
	/** The Study Instance UID (from the `urn:dicom:uid` identifier, `urn:oid:` stripped). */
	uid: string;
	/** YYYYMMDD from `started` ('' when absent), to sort newest first like the gateway's listing. */
	date: string;
	instanceCount: number | null;
	endpoint: WadoEndpoint | null;
	/** Series and instance UIDs, when the resource lists every instance it counts; else null. */
	contents: { series: string; instances: string[] }[] | null;
}

export interface SearchPage {
	studies: ListedStudy[];
	/** ImagingStudy resources passed over, and why (no UID, another patient, no usable endpoint). */
	passedOver: { id: string; reason: 'no-uid' | 'other-subject' | 'no-endpoint' }[];
	/** The `next` link, when there is one. */
	next: string | null;
}

/** A DICOM UID in the IG's identifier form, or null. */
export function studyUidOf(study: Json): string | null {
	for (const identifier of list(study.identifier)) {
		if (identifier.system !== DICOM_UID_SYSTEM) continue;
		const value = text(identifier.value);
		const uid = value?.replace(/^urn:oid:/, '');
		if (uid && /^[0-9]+(\.[0-9]+)*$/.test(uid) && uid.length <= 64) return uid;
	}
	return null;
}

/**
 * The study's WADO-RS endpoint: the first of its `endpoint` references that resolves (contained `#id`, or a
 * resource the Bundle included, by `Endpoint/<id>` or by full URL), is active, is of type `dicom-wado-rs` and has
 * an address a token may go to. Series-level endpoints (series kept in other archives) are not used.
 */
export function chooseEndpoint(study: Json, included: Map<string, Json>): WadoEndpoint | null {
	const contained = new Map(
		list(study.contained)
			.filter((r) => r.resourceType === 'Endpoint' && text(r.id))
			.map((r) => [`#${r.id as string}`, r])
	);
	for (const ref of list(study.endpoint)) {
		const reference = text(ref.reference);
		if (!reference) continue;
		const resource = contained.get(reference) ?? included.get(reference);
		const endpoint = resource && readEndpoint(resource);
		if (endpoint) return endpoint;
	}
	return null;
}

function readEndpoint(resource: Json): WadoEndpoint | null {
	if (resource.resourceType !== 'Endpoint') return null;
	if (resource.status !== undefined && resource.status !== 'active') return null;
	const type = isObject(resource.connectionType) ? resource.connectionType : {};
	if (type.code !== WADO_RS) return null;
	const address = secureUrl(resource.address);
	if (!address) return null;
	const flag = list(resource.extension).find((e) => e.url === REQUIRES_ACCESS_TOKEN);
	// The profile makes the flag mandatory. Without it the token is not sent: the IG allows the token only to
	// endpoints the imaging server designated with the flag set.
	return {
		address: address.href.replace(/\/+$/, ''),
		requiresToken: flag?.valueBoolean === true
	};
}

/** The study's series and instances, when it lists every one of them (else the retrieve lists them). */
function contentsOf(study: Json, instanceCount: number | null): ListedStudy['contents'] {
	const series = list(study.series);
	if (!series.length) return null;
	const contents: { series: string; instances: string[] }[] = [];
	for (const s of series) {
		const uid = text(s.uid);
		const instances = list(s.instance)
			.map((i) => text(i.uid))
			.filter((u): u is string => !!u);
		const count = typeof s.numberOfInstances === 'number' ? s.numberOfInstances : null;
		if (!uid || !instances.length || (count !== null && count !== instances.length)) return null;
		contents.push({ series: uid, instances });
	}
	const total = contents.reduce((n, c) => n + c.instances.length, 0);
	return instanceCount === null || instanceCount === total ? contents : null;
}

/** Whether `subject` refers to Patient `patient` (relative, or absolute on the server's own bases). */
function isPatient(subject: unknown, patient: string): boolean {
	const reference = isObject(subject) ? text(subject.reference) : null;
	if (!reference) return false;
	return reference === `Patient/${patient}` || reference.endsWith(`/Patient/${patient}`);
}

/** One page of `ImagingStudy?patient=<patient>` read. */
export function readSearchPage(bundle: unknown, patient: string): SearchPage {
	if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
		throw new TypeError('not a Bundle');
	}
	const entries = list(bundle.entry);
	const included = new Map<string, Json>();
	for (const entry of entries) {
		const resource = isObject(entry.resource) ? entry.resource : null;
		if (resource?.resourceType !== 'Endpoint') continue;
		if (text(resource.id)) included.set(`Endpoint/${resource.id as string}`, resource);
		if (text(entry.fullUrl)) included.set(entry.fullUrl as string, resource);
	}
	const page: SearchPage = { studies: [], passedOver: [], next: null };
	for (const entry of entries) {
		const study = isObject(entry.resource) ? entry.resource : null;
		if (study?.resourceType !== 'ImagingStudy') continue;
		const id = text(study.id) ?? '';
		const uid = studyUidOf(study);
		if (!uid) {
			page.passedOver.push({ id, reason: 'no-uid' });
			continue;
		}
		// The server answers for the token's patient only; a study of anyone else is not this patient's.
		if (!isPatient(study.subject, patient)) {
			page.passedOver.push({ id, reason: 'other-subject' });
			continue;
		}
		const endpoint = chooseEndpoint(study, included);
		if (!endpoint) page.passedOver.push({ id, reason: 'no-endpoint' });
		const count = study.numberOfInstances;
		const instanceCount = typeof count === 'number' && count > 0 ? count : null;
		page.studies.push({
			uid,
			date: (text(study.started) ?? '').slice(0, 10).replaceAll('-', ''),
			instanceCount,
			endpoint,
			contents: contentsOf(study, instanceCount)
		});
	}
	const next = list(bundle.link).find((l) => l.relation === 'next');
	page.next = next ? text(next.url) : null;
	return page;
}
