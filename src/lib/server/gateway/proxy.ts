import type { GatewayConfig } from './config';
import { filterJsonArray } from './json-array-stream';
import {
	GatewayRequestError,
	buildArchiveQuery,
	parseGatewayPath,
	type GatewayRequest
} from './requests';
import { retrieveAccept } from './retrieve-accept';

/** What the gateway needs to know about a bearer token (EnrollmentStore and PgEnrollmentStore implement it). */
export interface PatientTokens {
	/** @param client the caller's rate-limit key, for stores whose lookups cost a third party (SMART). */
	lookup(
		token: string,
		client?: string
	): { id: string; patientId: string } | null | Promise<{ id: string; patientId: string } | null>;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[]; BulkDataURI?: string }>;

const OWNERSHIP_TTL_MS = 60_000;
const OWNERSHIP_CACHE_MAX = 10_000;

/**
 * Archive requests one patient may have under way at once, from the first ownership check to the last byte of the
 * answer (or the client letting go). The archive serves every patient from a few threads (Orthanc 1.10: 50), each held
 * while the gateway is not reading its answer: sixty retrieves sent at once and never read, with one patient's token,
 * held them all until Orthanc's 30 s timeout, and every other patient waited (review, session 6). Radfolio's own app
 * retrieves one request at a time; a browser viewer sends six at most per server over HTTP/1.1.
 */
export const ARCHIVE_REQUESTS_PER_PATIENT = 6;
/** Requests of one patient waiting for one of those (they hold nothing at the archive); more: 429. */
export const ARCHIVE_WAITING_PER_PATIENT = 64;

/**
 * The patient-scoped DICOMweb gateway: every request is authenticated by a patient token, checked against the
 * request rules (requests.ts), rebuilt for the archive with the archive's own credentials, and its response
 * streamed back — QIDO and metadata filtered again by PatientID element by element, archive URLs rewritten to
 * the gateway, image data passed through as it arrives.
 */
export class DicomWebGateway {
	readonly #config: GatewayConfig;
	readonly #tokens: PatientTokens;
	readonly #fetch: typeof fetch;
	/** `level\npatient\nUIDs…` → until when "this study/series/instance is the patient's" (or not) holds. */
	readonly #ownership = new Map<string, { owned: boolean; until: number }>();
	/** Per patient: archive requests under way (ARCHIVE_REQUESTS_PER_PATIENT at most), and those waiting their turn. */
	readonly #load = new Map<string, { running: number; waiting: (() => void)[] }>();

	constructor(config: GatewayConfig, tokens: PatientTokens, fetcher: typeof fetch = fetch) {
		this.#config = config;
		this.#tokens = tokens;
		this.#fetch = fetcher;
	}

	/** CORS headers for an allowed app origin; none otherwise (the browser then blocks the caller). */
	cors(request: Request): Record<string, string> {
		const origin = request.headers.get('origin');
		if (!origin || !this.#config.corsOrigins.includes(origin)) return {};
		return {
			'Access-Control-Allow-Origin': origin,
			'Access-Control-Allow-Headers': 'Authorization, Accept, Content-Type',
			'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
			'Access-Control-Expose-Headers': 'Content-Type, Content-Length, Retry-After',
			'Access-Control-Max-Age': '600',
			Vary: 'Origin'
		};
	}

	preflight(request: Request): Response {
		return new Response(null, { status: 204, headers: { ...this.cors(request), Vary: 'Origin' } });
	}

	/**
	 * @param subpath the request path after `/api/gateway/dicom-web/`, still percent-encoded
	 * @param publicBase this gateway's DICOMweb root as the client reaches it (for rewritten URLs)
	 * @param client the caller's rate-limit key (limitKey of its address): unknown SMART tokens count against it
	 */
	async handle(
		request: Request,
		subpath: string,
		publicBase: string,
		client?: string
	): Promise<Response> {
		const cors = this.cors(request);
		let release: (() => void) | null = null;
		try {
			const patient = await this.#authenticate(request, client);
			const parsed = parseGatewayPath(subpath.split('/'), request.method);
			const query = new URL(request.url).searchParams;
			if (parsed.kind === 'wado' && [...query.keys()].length) {
				throw new GatewayRequestError(400, 'retrieve requests take no query');
			}
			// From here on the archive is asked: one of the patient's few turns, held until the answer is sent.
			release = await this.#turn(patient.patientId, request.signal);
			if (parsed.kind === 'wado' || parsed.level !== 'studies') {
				if (!(await this.#owns(patient.patientId, parsed.study!, request.signal))) {
					throw new GatewayRequestError(404, 'no such study');
				}
			}
			// A series or instance is checked in its own right, not trusted to the archive's reading of the path:
			// an archive may locate it by its own UID alone, whatever study the path names.
			if (parsed.series) {
				const owned = await this.#ownsSeries(
					patient.patientId,
					parsed.study!,
					parsed.series,
					request.signal
				);
				if (!owned) throw new GatewayRequestError(404, 'no such series');
			}
			if (parsed.kind === 'wado' && parsed.instance) {
				const owned = await this.#ownsInstance(
					patient.patientId,
					parsed.study,
					parsed.series!,
					parsed.instance,
					request.signal
				);
				if (!owned) throw new GatewayRequestError(404, 'no such instance');
			}
			const response =
				parsed.kind === 'qido'
					? await this.#qido(parsed, query, patient.patientId, publicBase, request.signal)
					: await this.#wado(parsed, request, patient.patientId, publicBase);
			for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
			const answer = releasedWhenSent(response, release, request.signal);
			release = null;
			return answer;
		} catch (error) {
			release?.();
			return failure(error, cors);
		}
	}

	/**
	 * Waits for one of the patient's turns at the archive (ARCHIVE_REQUESTS_PER_PATIENT), and returns what gives it
	 * back (once, whatever calls it). A client that goes away while it waits leaves the queue; a full queue is 429.
	 */
	async #turn(patientId: string, signal: AbortSignal): Promise<() => void> {
		signal.throwIfAborted();
		let load = this.#load.get(patientId);
		if (!load) this.#load.set(patientId, (load = { running: 0, waiting: [] }));
		const slots = load;
		if (slots.running < ARCHIVE_REQUESTS_PER_PATIENT) slots.running++;
		else {
			if (slots.waiting.length >= ARCHIVE_WAITING_PER_PATIENT) throw new GatewayBusyError();
			await new Promise<void>((resolve, reject) => {
				const go = () => {
					signal.removeEventListener('abort', gone);
					resolve();
				};
				const gone = () => {
					slots.waiting.splice(slots.waiting.indexOf(go), 1);
					reject(signal.reason);
				};
				slots.waiting.push(go);
				signal.addEventListener('abort', gone, { once: true });
			});
			// The turn was handed over by the request that ended (`running` unchanged).
		}
		let given = false;
		return () => {
			if (given) return;
			given = true;
			const next = slots.waiting.shift();
			if (next) next();
			else if (--slots.running === 0) this.#load.delete(patientId);
		};
	}

	async #authenticate(request: Request, client: string | undefined) {
		const header = request.headers.get('authorization') ?? '';
		// Enrollment tokens are base64url; SMART access tokens may be JWTs (dots) or other RFC 6750 b64token text.
		const match = /^Bearer ([A-Za-z0-9._~+/-]{1,4096}=*)$/.exec(header);
		const patient = match ? await this.#tokens.lookup(match[1]!, client) : null;
		if (!patient) throw new GatewayAuthError();
		return patient;
	}

	async #qido(
		request: Extract<GatewayRequest, { kind: 'qido' }>,
		patientQuery: URLSearchParams,
		patientId: string,
		publicBase: string,
		signal: AbortSignal
	): Promise<Response> {
		const query = buildArchiveQuery(patientQuery, patientId);
		const path =
			request.level === 'studies'
				? 'studies'
				: request.level === 'series'
					? `studies/${request.study}/series`
					: `studies/${request.study}/series/${request.series}/instances`;
		const upstream = await this.#archive(`${path}?${query}`, 'application/dicom+json', signal);
		// A study listed for this patient may still share its UID with another patient's study; such a study is
		// never served (#owns), so it is not listed either.
		const owned =
			request.level === 'studies'
				? (item: DicomJson) => {
						const uid = item['0020000D']?.Value?.[0];
						return typeof uid === 'string' && this.#owns(patientId, uid, signal);
					}
				: undefined;
		return this.#jsonResponse(upstream, patientId, publicBase, owned);
	}

	async #wado(
		request: Extract<GatewayRequest, { kind: 'wado' }>,
		client: Request,
		patientId: string,
		publicBase: string
	): Promise<Response> {
		let path = `studies/${request.study}`;
		if (request.series) path += `/series/${request.series}`;
		if (request.instance) path += `/instances/${request.instance}`;
		if (request.metadata) path += '/metadata';
		if (request.bulk) path += `/bulk/${request.bulk.join('/')}`;
		// Never the client's own Accept: a named transfer syntax makes the archive transcode (retrieve-accept.ts).
		const wanted = request.metadata
			? { accept: 'application/dicom+json' }
			: retrieveAccept(client.headers.get('accept'), !!request.bulk);
		if ('notAcceptable' in wanted) throw new GatewayRequestError(406, wanted.notAcceptable);
		const accept = wanted.accept;
		const upstream = await this.#archive(path, accept, client.signal);
		if (request.metadata) return this.#jsonResponse(upstream, patientId, publicBase);
		const headers = new Headers({
			'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
			'Cache-Control': 'no-store'
		});
		const length = upstream.headers.get('content-length');
		if (length && !upstream.headers.get('content-encoding')) headers.set('Content-Length', length);
		return new Response(upstream.body, { status: 200, headers });
	}

	/** A DICOM JSON array, streamed through: only the patient's elements, with URLs pointing at the gateway. */
	#jsonResponse(
		upstream: Response,
		patientId: string,
		publicBase: string,
		keep?: (item: DicomJson) => boolean | Promise<boolean>
	): Response {
		const rewrite = (url: string) => {
			const at = url.indexOf('/studies/');
			return at < 0 ? null : publicBase + url.slice(at);
		};
		const body = upstream.body!.pipeThrough(
			filterJsonArray(async (element) => {
				const item = element as DicomJson;
				if (item?.['00100020']?.Value?.[0] !== patientId) return null;
				if (keep && !(await keep(item))) return null;
				rewriteUrls(item, rewrite);
				return item;
			})
		);
		return new Response(body, {
			status: 200,
			headers: { 'Content-Type': 'application/dicom+json', 'Cache-Control': 'no-store' }
		});
	}

	/**
	 * The patient's studies as QIDO-RS answers them at this gateway (PatientID forced, each study's ownership
	 * checked, withheld studies absent), for a caller that has authenticated the patient itself: the FHIR
	 * ImagingStudy search (smart-fhir.ts).
	 */
	async searchStudies(
		patientId: string,
		query: URLSearchParams,
		publicBase: string,
		signal: AbortSignal
	): Promise<Response> {
		const release = await this.#turn(patientId, signal);
		try {
			const response = await this.#qido(
				{ kind: 'qido', level: 'studies' },
				query,
				patientId,
				publicBase,
				signal
			);
			return releasedWhenSent(response, release, signal);
		} catch (error) {
			release();
			throw error;
		}
	}

	/**
	 * Is every archive study with this UID the patient's? (A UID shared with another patient is refused, and so is
	 * a study the provider's policy withholds: absent from listings, 404 on retrieve.)
	 */
	#owns(patientId: string, studyUid: string, signal: AbortSignal): Promise<boolean> {
		if (this.#config.withheldStudies.has(studyUid)) return Promise.resolve(false);
		return this.#check(`study\n${patientId}\n${studyUid}`, signal, async () => {
			const studies = await this.#archiveJson(
				`studies?StudyInstanceUID=${studyUid}&includefield=00100020`,
				signal
			);
			return (
				studies.length > 0 &&
				studies.every(
					(s) => value(s, '00100020') === patientId && value(s, '0020000D') === studyUid
				)
			);
		});
	}

	/** Is every archive series with this UID in this study, and the patient's? */
	#ownsSeries(patientId: string, study: string, series: string, signal: AbortSignal) {
		return this.#check(`series\n${patientId}\n${study}\n${series}`, signal, async () => {
			const found = await this.#archiveJson(
				`series?SeriesInstanceUID=${series}&includefield=00100020&includefield=0020000D`,
				signal
			);
			return (
				found.length > 0 &&
				found.every(
					(s) =>
						value(s, '00100020') === patientId &&
						value(s, '0020000D') === study &&
						value(s, '0020000E') === series
				)
			);
		});
	}

	/** Is every archive instance with this UID in this series and study, and the patient's? */
	#ownsInstance(
		patientId: string,
		study: string,
		series: string,
		instance: string,
		signal: AbortSignal
	) {
		return this.#check(
			`instance\n${patientId}\n${study}\n${series}\n${instance}`,
			signal,
			async () => {
				const found = await this.#archiveJson(
					`instances?SOPInstanceUID=${instance}&includefield=00100020&includefield=0020000D&includefield=0020000E`,
					signal
				);
				return (
					found.length > 0 &&
					found.every(
						(i) =>
							value(i, '00100020') === patientId &&
							value(i, '0020000D') === study &&
							value(i, '0020000E') === series &&
							value(i, '00080018') === instance
					)
				);
			}
		);
	}

	/** An ownership answer, cached for a minute (both yes and no) so a study's many retrieves ask once. */
	async #check(key: string, signal: AbortSignal, ask: () => Promise<boolean>): Promise<boolean> {
		const cached = this.#ownership.get(key);
		if (cached && cached.until > Date.now()) return cached.owned;
		const owned = await ask();
		signal.throwIfAborted();
		if (this.#ownership.size >= OWNERSHIP_CACHE_MAX) this.#ownership.clear();
		this.#ownership.set(key, { owned, until: Date.now() + OWNERSHIP_TTL_MS });
		return owned;
	}

	async #archiveJson(path: string, signal: AbortSignal): Promise<DicomJson[]> {
		const upstream = await this.#archive(path, 'application/dicom+json', signal);
		const items = (await upstream.json()) as unknown;
		return Array.isArray(items) ? (items as DicomJson[]) : [];
	}

	async #archive(path: string, accept: string, signal: AbortSignal): Promise<Response> {
		// Identity: Orthanc gzips by default, and fetch would inflate the body under a Content-Length that counts
		// the compressed bytes — and compressing on loopback only costs time.
		const headers: Record<string, string> = { Accept: accept, 'Accept-Encoding': 'identity' };
		if (this.#config.archiveAuthorization) {
			headers.Authorization = this.#config.archiveAuthorization;
		}
		let response: Response;
		try {
			response = await this.#fetch(`${this.#config.archiveUrl}/${path}`, {
				headers,
				signal,
				redirect: 'error'
			});
		} catch (error) {
			if (signal.aborted) throw error;
			throw new ArchiveUnavailableError();
		}
		if (response.ok && response.body) return response;
		await response.body?.cancel();
		if (response.status === 404) throw new GatewayRequestError(404, 'not found');
		if (response.status === 503) {
			throw new ArchiveUnavailableError(response.headers.get('retry-after') ?? undefined);
		}
		// The archive refusing our own credentials, or failing, is the provider's problem: never a 401 that
		// would make the patient's app think its token was revoked.
		throw new ArchiveUnavailableError(undefined, 502);
	}
}

/**
 * The same answer, its turn at the archive given back once its body was read to the end, failed, or was let go (Kit
 * cancels it when the client disconnects), or the client went away.
 */
function releasedWhenSent(response: Response, release: () => void, signal: AbortSignal): Response {
	if (!response.body) {
		release();
		return response;
	}
	signal.addEventListener('abort', release, { once: true });
	const reader = response.body.getReader();
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const { done, value } = await reader.read();
				if (done) {
					release();
					controller.close();
				} else controller.enqueue(value);
			} catch (error) {
				release();
				controller.error(error);
			}
		},
		async cancel(reason) {
			release();
			await reader.cancel(reason);
		}
	});
	return new Response(body, { status: response.status, headers: response.headers });
}

/** The first value of an attribute, when it is a string. */
function value(item: DicomJson, tag: string): string | undefined {
	const v = item?.[tag]?.Value?.[0];
	return typeof v === 'string' ? v : undefined;
}

/** Rewrites RetrieveURL and every BulkDataURI (nested sequences included); drops a URL it cannot rewrite. */
function rewriteUrls(item: DicomJson, rewrite: (url: string) => string | null): void {
	for (const [tag, attribute] of Object.entries(item)) {
		if (!attribute || typeof attribute !== 'object') continue;
		if (typeof attribute.BulkDataURI === 'string') {
			const url = rewrite(attribute.BulkDataURI);
			if (url) attribute.BulkDataURI = url;
			else delete attribute.BulkDataURI;
		}
		if (!Array.isArray(attribute.Value)) continue;
		if (tag === '00081190') {
			attribute.Value = attribute.Value.map((v) =>
				typeof v === 'string' ? rewrite(v) : null
			).filter((v) => v !== null);
		} else if (attribute.vr === 'SQ') {
			for (const nested of attribute.Value) {
				if (nested && typeof nested === 'object') rewriteUrls(nested as DicomJson, rewrite);
			}
		}
	}
}

export class GatewayAuthError extends Error {
	constructor() {
		super('a valid patient token is required');
		this.name = 'GatewayAuthError';
	}
}

/** The caller's tokens failed too often lately (SmartTokens): 429, so its app waits instead of "reconnecting". */
export class GatewayRateLimitError extends Error {
	constructor(readonly retryAfter: number) {
		super('too many failed tokens; try again later');
		this.name = 'GatewayRateLimitError';
	}
}

/** The patient has as many archive requests under way, and waiting, as it may (ARCHIVE_REQUESTS_PER_PATIENT). */
export class GatewayBusyError extends Error {
	constructor() {
		super('too many requests under way for this patient; try again shortly');
		this.name = 'GatewayBusyError';
	}
}

export class ArchiveUnavailableError extends Error {
	constructor(
		readonly retryAfter?: string,
		readonly status: 502 | 503 = 503
	) {
		super('the archive is not available right now');
		this.name = 'ArchiveUnavailableError';
	}
}

/** The gateway's error answers: JSON with a message that names the problem and never echoes patient data. */
export function failure(error: unknown, cors: Record<string, string> = {}): Response {
	const headers: Record<string, string> = {
		...cors,
		'Content-Type': 'application/json',
		'Cache-Control': 'no-store'
	};
	let status = 500;
	let message = 'the gateway failed';
	if (error instanceof GatewayAuthError) {
		status = 401;
		message = error.message;
		headers['WWW-Authenticate'] = 'Bearer realm="radfolio-gateway"';
	} else if (error instanceof GatewayRequestError) {
		status = error.status;
		message = error.message;
		if (status === 405) headers.Allow = 'GET, OPTIONS';
	} else if (error instanceof GatewayRateLimitError) {
		status = 429;
		message = error.message;
		headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfter)));
	} else if (error instanceof GatewayBusyError) {
		status = 429;
		message = error.message;
		headers['Retry-After'] = '1';
	} else if (error instanceof ArchiveUnavailableError) {
		status = error.status;
		message = error.message;
		headers['Retry-After'] =
			error.retryAfter && /^\d{1,5}$/.test(error.retryAfter) ? error.retryAfter : '30';
	} else if ((error as Error)?.name === 'AbortError') {
		status = 499;
		message = 'the client went away';
	} else {
		// Unexpected: log the kind of failure only (no URL, no UID, no patient data).
		console.error('gateway: unexpected failure', (error as Error)?.name ?? typeof error);
	}
	return new Response(JSON.stringify({ error: message }), { status, headers });
}
