import { dicomParts } from './multipart';

/**
 * The patient's side of a provider gateway: enrollment, QIDO-RS listings and WADO-RS retrieves, with errors
 * sorted into what the sync engine does about them (stop for good, wait and retry, or skip).
 */
export type ArchiveErrorKind =
	/** The token is unknown or revoked (401): reconnecting is the only way on. */
	| 'unauthorized'
	/** No connection, or the gateway/archive is down or busy: try again later. */
	| 'unavailable'
	/** The gateway answered something it should not have. */
	| 'protocol';

/** What went wrong, precisely; `kind` sorts the codes into what the sync engine does about them. */
export type ArchiveErrorCode =
	/** 401 on enrolling: the code is unknown, used or expired. */
	| 'enrollment-refused'
	/** 429 on enrolling: too many tries from here. */
	| 'enrollment-throttled'
	/** 401 on a query or retrieve: the provider revoked this connection. */
	| 'revoked'
	/** A SMART grant ended (expired, or withdrawn at the provider) and no refresh renews it: "Reconnect". */
	| 'grant-ended'
	| 'unreachable'
	/** A retrieve's body stopped mid-transfer. */
	| 'cut-off'
	/** 429 or 5xx: the provider is busy or down (`status`). */
	| 'busy'
	| 'bad-enrollment-answer'
	/** The enrollment answer pointed the archive at another origin: refused rather than followed. */
	| 'foreign-archive'
	| 'bad-listing'
	/** Another status the client does not expect (`status`). */
	| 'refused';

const KIND: Record<ArchiveErrorCode, ArchiveErrorKind> = {
	'enrollment-refused': 'unauthorized',
	'enrollment-throttled': 'unavailable',
	revoked: 'unauthorized',
	'grant-ended': 'unauthorized',
	unreachable: 'unavailable',
	'cut-off': 'unavailable',
	busy: 'unavailable',
	'bad-enrollment-answer': 'protocol',
	'foreign-archive': 'protocol',
	'bad-listing': 'protocol',
	refused: 'protocol'
};

export class ArchiveError extends Error {
	readonly code: ArchiveErrorCode;
	/** The HTTP status, when the provider answered. */
	readonly status: number | null;
	/** Seconds the server asked us to wait (Retry-After), when it did. */
	readonly retryAfter: number | null;
	constructor(
		code: ArchiveErrorCode,
		options: { status?: number; retryAfter?: number | null; cause?: unknown } = {}
	) {
		super(options.status ? `${code} (${options.status})` : code, { cause: options.cause });
		this.name = 'ArchiveError';
		this.code = code;
		this.status = options.status ?? null;
		this.retryAfter = options.retryAfter ?? null;
	}

	get kind(): ArchiveErrorKind {
		return KIND[this.code];
	}
}

export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export const tag = {
	StudyInstanceUID: '0020000D',
	SeriesInstanceUID: '0020000E',
	SOPInstanceUID: '00080018',
	StudyDate: '00080020',
	NumberOfStudyRelatedInstances: '00201208'
} as const;

/** The first value of an attribute in DICOM JSON, as a string. */
export function firstString(item: DicomJson, key: string): string | undefined {
	const value = item[key]?.Value?.[0];
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export interface EnrollmentResult {
	token: string;
	provider: string;
	dicomWebUrl: string;
}

/** `gatewayUrl` is the gateway's base (…/api/gateway); the code is exchanged once for a token. */
export async function enroll(gatewayUrl: string, code: string): Promise<EnrollmentResult> {
	const base = gatewayUrl.replace(/\/+$/, '');
	const response = await request(
		`${base}/enroll`,
		{
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ code })
		},
		true
	);
	const body = (await response.json().catch(() => null)) as Partial<EnrollmentResult> | null;
	// The DICOMweb root may be given relative to the gateway (a server that does not know its public URL).
	const root =
		body && typeof body.dicomWebUrl === 'string' ? safeUrl(body.dicomWebUrl, `${base}/`) : null;
	if (!body || typeof body.token !== 'string' || !root) {
		throw new ArchiveError('bad-enrollment-answer');
	}
	// The token goes only to the server the patient enrolled with: an answer pointing elsewhere (a forged Host
	// header upstream, a compromised proxy) is refused rather than followed.
	if (new URL(root).origin !== new URL(`${base}/`).origin) {
		throw new ArchiveError('foreign-archive');
	}
	return {
		token: body.token,
		provider: typeof body.provider === 'string' ? body.provider.slice(0, 200) : 'Provider',
		dicomWebUrl: root.replace(/\/+$/, '')
	};
}

function safeUrl(value: string, base: string): string | null {
	try {
		const url = new URL(value, base);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

/** How a retrieve asks for DICOM: as stored (SMART Imaging Access asks `transfer-syntax=*`), or the default. */
const DICOM_AS_STORED = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const DICOM_DEFAULT = 'multipart/related; type="application/dicom"';

export interface DicomWebClientOptions {
	/** Ask for the files as stored (`transfer-syntax=*`), as a SMART Imaging Access endpoint must accept. */
	asStored?: boolean;
}

export class DicomWebClient {
	readonly #accept: string;
	constructor(
		readonly root: string,
		/** null: the URL itself is the credential (a SMART bearer-capability endpoint): no Authorization header. */
		readonly token: string | null,
		readonly signal?: AbortSignal,
		options: DicomWebClientOptions = {}
	) {
		this.#accept = options.asStored ? DICOM_AS_STORED : DICOM_DEFAULT;
	}

	/** QIDO-RS, all pages (the gateway and archive cap a page; `limit`/`offset` walk through them). */
	async query(path: string, pageSize = 200): Promise<DicomJson[]> {
		const all: DicomJson[] = [];
		for (let offset = 0; ; offset += pageSize) {
			const sep = path.includes('?') ? '&' : '?';
			const response = await this.#get(`${path}${sep}limit=${pageSize}&offset=${offset}`, {
				Accept: 'application/dicom+json'
			});
			const text = await response.text();
			const page = text.trim() ? (JSON.parse(text) as unknown) : [];
			if (!Array.isArray(page)) throw new ArchiveError('bad-listing');
			all.push(...(page as DicomJson[]));
			if (page.length < pageSize) return all;
		}
	}

	studies() {
		return this.query('studies?includefield=NumberOfStudyRelatedInstances');
	}
	series(study: string) {
		return this.query(`studies/${study}/series`);
	}
	instances(study: string, series: string) {
		return this.query(`studies/${study}/series/${series}/instances`);
	}

	/**
	 * WADO-RS metadata of a whole study (DICOM JSON, one item per instance): its series and instances, listed
	 * without QIDO. null when the endpoint does not offer it (SMART Imaging Access makes it optional).
	 */
	async studyContents(study: string): Promise<{ series: string; instances: string[] }[] | null> {
		let response: Response;
		try {
			response = await this.#get(`studies/${study}/metadata`, { Accept: 'application/dicom+json' });
		} catch (error) {
			if (error instanceof ArchiveError && error.code === 'refused') return null;
			throw error;
		}
		const items = (await response.json().catch(() => null)) as unknown;
		if (!Array.isArray(items)) throw new ArchiveError('bad-listing');
		const bySeries = new Map<string, string[]>();
		for (const item of items as DicomJson[]) {
			const series = firstString(item, tag.SeriesInstanceUID);
			const sop = firstString(item, tag.SOPInstanceUID);
			if (!series || !sop) continue;
			bySeries.set(series, [...(bySeries.get(series) ?? []), sop]);
		}
		return [...bySeries].map(([series, instances]) => ({ series, instances }));
	}

	/** WADO-RS of a whole study, a series or one instance: the DICOM files as they arrive. */
	async *retrieve(study: string, series?: string, instance?: string): AsyncGenerator<Uint8Array> {
		const path = `studies/${study}${series ? `/series/${series}` : ''}${instance ? `/instances/${instance}` : ''}`;
		const response = await this.#get(path, { Accept: this.#accept });
		try {
			yield* dicomParts(response);
		} catch (error) {
			if (error instanceof ArchiveError || (error as Error)?.name === 'AbortError') throw error;
			// A body cut mid-transfer surfaces here as a stream or parse error: the network, not the data.
			throw new ArchiveError('cut-off', { cause: error });
		}
	}

	async #get(path: string, headers: Record<string, string>): Promise<Response> {
		return request(`${this.root}/${path}`, {
			headers: this.token ? { ...headers, Authorization: `Bearer ${this.token}` } : headers,
			signal: this.signal
		});
	}
}

/**
 * A GET or POST to a provider, its failures sorted as ArchiveErrors (a 401 is 'revoked': the caller that can
 * renew its credential does so). For the SMART client's FHIR requests; DicomWebClient uses it too.
 */
export function providerRequest(url: string, init: RequestInit): Promise<Response> {
	return request(url, init);
}

async function request(
	url: string,
	init: RequestInit,
	/** Enrolling: a 401 is about the code, a 429 about the tries, not about a connection. */
	enrolling = false
): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });
	} catch (error) {
		if ((error as Error)?.name === 'AbortError') throw error;
		throw new ArchiveError('unreachable', { cause: error });
	}
	if (response.ok) return response;
	await response.body?.cancel().catch(() => {});
	const retry = Number(response.headers.get('retry-after'));
	const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
	const status = response.status;
	if (status === 401)
		throw new ArchiveError(enrolling ? 'enrollment-refused' : 'revoked', { status });
	if (status === 429 && enrolling)
		throw new ArchiveError('enrollment-throttled', { status, retryAfter });
	if (status === 429 || status >= 500) throw new ArchiveError('busy', { status, retryAfter });
	throw new ArchiveError('refused', { status });
}
