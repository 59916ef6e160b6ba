/**
 * The gateway's request rules, as pure functions: which DICOMweb paths a patient may call, and the exact query the
 * archive receives. Orthanc 1.10 ignores unknown or lower-case keys, treats `*`, `?` and `,` as wildcards or lists,
 * matches PatientID case-insensitively, lets the last of a repeated key win, and answers every patient when there
 * is no filter (docs/STACK.md). So nothing from the patient's query is forwarded as is: the query is rebuilt from an
 * allowlist, values are checked, and PatientID is always the token's, exactly.
 */
export type GatewayRequest =
	| { kind: 'qido'; level: 'studies' | 'series' | 'instances'; study?: string; series?: string }
	| {
			kind: 'wado';
			level: 'study' | 'series' | 'instance';
			metadata: boolean;
			study: string;
			series?: string;
			instance?: string;
			/** Bulk data of one instance: a tag path such as ['7fe00010'] (Orthanc's BulkDataURI form). */
			bulk?: string[];
	  };

export class GatewayRequestError extends Error {
	readonly status: 400 | 404 | 405 | 406;
	constructor(status: 400 | 404 | 405 | 406, message: string) {
		super(message);
		this.name = 'GatewayRequestError';
		this.status = status;
	}
}

/** A DICOM UID (PS3.5 9.1): digits and dots, no leading zeros in components, at most 64 characters. */
export function isUid(value: string): boolean {
	return value.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(value);
}

/**
 * Parses the path after `/api/gateway/dicom-web/` (already split on '/', not decoded further). Only study-rooted
 * QIDO and WADO-RS are known; anything else — native Orthanc routes, /wado, frames, bulk data, traversal — is 404.
 */
export function parseGatewayPath(segments: string[], method: string): GatewayRequest {
	if (method !== 'GET') throw new GatewayRequestError(405, 'only GET is allowed');
	const parts = [...segments];
	if (parts.some((p) => p === '' || p === '.' || p === '..' || /[%\\]/.test(p))) {
		throw new GatewayRequestError(404, 'not a DICOMweb path');
	}
	const uid = (value: string | undefined) => {
		if (!value || !isUid(value)) throw new GatewayRequestError(404, 'not a DICOM UID');
		return value;
	};
	const [root, study, second, series, fourth, instance, sixth, ...rest] = parts;
	if (root !== 'studies' || (rest.length && sixth !== 'bulk'))
		throw new GatewayRequestError(404, 'not a DICOMweb path');
	if (study === undefined) return { kind: 'qido', level: 'studies' };
	const s = uid(study);
	if (second === undefined) return { kind: 'wado', level: 'study', metadata: false, study: s };
	if (second === 'metadata' && series === undefined) {
		return { kind: 'wado', level: 'study', metadata: true, study: s };
	}
	if (second !== 'series') throw new GatewayRequestError(404, 'not a DICOMweb path');
	if (series === undefined) return { kind: 'qido', level: 'series', study: s };
	const se = uid(series);
	if (fourth === undefined)
		return { kind: 'wado', level: 'series', metadata: false, study: s, series: se };
	if (fourth === 'metadata' && instance === undefined) {
		return { kind: 'wado', level: 'series', metadata: true, study: s, series: se };
	}
	if (fourth !== 'instances') throw new GatewayRequestError(404, 'not a DICOMweb path');
	if (instance === undefined) return { kind: 'qido', level: 'instances', study: s, series: se };
	const i = uid(instance);
	if (sixth === undefined) {
		return { kind: 'wado', level: 'instance', metadata: false, study: s, series: se, instance: i };
	}
	if (sixth === 'metadata' && !rest.length) {
		return { kind: 'wado', level: 'instance', metadata: true, study: s, series: se, instance: i };
	}
	if (sixth === 'bulk' && rest.length >= 1 && rest.length <= 9) {
		if (!rest.every((t) => /^([0-9a-fA-F]{8}|[0-9]{1,4})$/.test(t))) {
			throw new GatewayRequestError(404, 'not a bulk data tag path');
		}
		const bulk = rest;
		return {
			kind: 'wado',
			level: 'instance',
			metadata: false,
			study: s,
			series: se,
			instance: i,
			bulk
		};
	}
	throw new GatewayRequestError(404, 'not a DICOMweb path');
}

/** Query keys a patient may use, exactly as spelled here (DICOM keywords; QIDO's own lower-case controls). */
const ALLOWED: Record<string, (value: string) => boolean> = {
	StudyDate: (v) => /^(\d{8})?(-(\d{8})?)?$/.test(v) && v !== '-',
	ModalitiesInStudy: (v) => /^[A-Z]{2,3}$/.test(v),
	StudyInstanceUID: isUid,
	limit: (v) => /^[1-9][0-9]{0,3}$/.test(v),
	offset: (v) => /^(0|[1-9][0-9]{0,6})$/.test(v),
	includefield: (v) => v === 'all' || /^[A-Za-z]{2,64}$/.test(v)
};

/**
 * Rebuilds a QIDO query for the archive: every key must be on the allowlist (refused otherwise, not dropped, so a
 * patient's app learns of its mistake), appear once, and carry a value without wildcard or list characters; then
 * PatientID is set to the token's, exactly, after the patient's keys, where no other key can follow it.
 */
export function buildArchiveQuery(
	patientQuery: URLSearchParams,
	patientId: string
): URLSearchParams {
	if (!patientId || /[*?,\\]/.test(patientId)) {
		throw new GatewayRequestError(400, 'the enrolment has no usable PatientID');
	}
	const seen = new Set<string>();
	const out = new URLSearchParams();
	for (const [key, value] of patientQuery) {
		const check = Object.hasOwn(ALLOWED, key) ? ALLOWED[key] : undefined;
		if (!check) throw new GatewayRequestError(400, `query key not allowed: ${key.slice(0, 40)}`);
		if (seen.has(key)) throw new GatewayRequestError(400, `query key repeated: ${key}`);
		seen.add(key);
		if (!value || /[*?,\\]/.test(value) || !check(value)) {
			throw new GatewayRequestError(400, `query value not allowed for ${key}`);
		}
		out.append(key, value);
	}
	out.set('PatientID', patientId);
	return out;
}
