/**
 * What a WADO-RS retrieve asks the archive for. The patient's Accept header is never passed on: Orthanc transcodes
 * to any transfer syntax a client names, which costs the archive CPU for every patient, and one such request (JPEG
 * 2000 of a 16-bit 512×512 CT) made Orthanc 1.10.1 with the GDCM plugin exit, every patient's archive down
 * (tests/integration/gateway-accept.test.ts). So the archive only ever hears one of two fixed forms: the files as
 * stored (`transfer-syntax=*`, what SMART Imaging Access clients ask for) or the archive's default (what Radfolio's
 * own client asks for without SMART). A client that accepts only a named transfer syntax, or another media type,
 * is told so (406) rather than sent something else.
 */
export type RetrieveAccept = { accept: string } | { notAcceptable: string };

const AS_STORED = 'transfer-syntax=*';

/** One media range of an Accept header: its type and parameters (names lower-cased, values unquoted). */
function parseRange(range: string) {
	const [type = '', ...rest] = range.split(';').map((p) => p.trim());
	const params = new Map<string, string>();
	for (const p of rest) {
		const eq = p.indexOf('=');
		if (eq < 0) continue;
		params.set(
			p.slice(0, eq).trim().toLowerCase(),
			p
				.slice(eq + 1)
				.trim()
				.replace(/^"(.*)"$/, '$1')
		);
	}
	return { type: type.toLowerCase(), params };
}

/**
 * @param asked the client's Accept header
 * @param bulk a bulk data retrieve (parts are `application/octet-stream`) rather than DICOM files
 */
export function retrieveAccept(asked: string | null, bulk: boolean): RetrieveAccept {
	const partType = bulk ? 'application/octet-stream' : 'application/dicom';
	const base = `multipart/related; type="${partType}"`;
	let asStored = false;
	let plain = false;
	let multipart = false;
	// Node caps a request's headers at 16 KiB, so this loop is bounded; ranges past the 64th are not read.
	for (const range of (asked ?? '').split(',').slice(0, 64)) {
		const { type, params } = parseRange(range);
		if (params.get('q') !== undefined && Number(params.get('q')) === 0) continue;
		if (type !== 'multipart/related') {
			// */*, application/dicom, nothing at all: the default, as before (the path decides what is sent).
			plain = true;
			continue;
		}
		multipart = true;
		const part = (params.get('type') ?? partType).toLowerCase();
		if (part !== partType) continue;
		const syntax = params.get('transfer-syntax');
		if (syntax === undefined) plain = true;
		else if (syntax === '*') asStored = true;
	}
	if (asStored) return { accept: `${base}; ${AS_STORED}` };
	if (plain || !multipart) return { accept: base };
	return {
		notAcceptable: `this gateway sends ${partType} as stored (${AS_STORED}) or in the archive's default form, never transcoded`
	};
}
