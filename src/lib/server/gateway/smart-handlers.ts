import type { DicomWebGateway } from './proxy';
import { ArchiveUnavailableError } from './proxy';
import { GatewayRequestError } from './requests';
import {
	FhirSearchError,
	SMART_IMAGING_ACCESS,
	SMART_IMAGING_APP_LAUNCH,
	byDateDescending,
	imagingStudy,
	operationOutcome,
	parseStudySearch,
	searchsetBundle
} from './smart-fhir';
import type { SmartGrant, SmartTokens } from './smart-tokens';

/**
 * The imaging FHIR base's requests (routes under /api/gateway/fhir): ImagingStudy search and read for a SMART
 * token, the base's own SMART configuration and CapabilityStatement. Studies come from the same patient-forced
 * QIDO-RS as the DICOMweb routes (DicomWebGateway.searchStudies): PatientID from the token, ownership checked per
 * study, withheld studies absent.
 */
export interface FhirServer {
	gateway: DicomWebGateway;
	smart: SmartTokens | null;
	/** This FHIR base and the DICOMweb root, as apps reach them (absolute URLs). */
	fhirBase: string;
	dicomWebBase: string;
	/** The caller's rate-limit key (limitKey of its address): unknown tokens count against it (SmartTokens). */
	client?: string;
}

type Headers = Record<string, string>;

function fhirResponse(status: number, body: unknown, headers: Headers = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: {
			'Content-Type': 'application/fhir+json; charset=utf-8',
			'Cache-Control': 'no-store',
			...headers
		}
	});
}

/** CORS like the DICOMweb routes: the configured app origins only. */
function corsOf(server: FhirServer, request: Request): Headers {
	return server.gateway.cors(request);
}

/** The token's grant, or the error response (401 invalid token, 403 scope or unknown patient, 503 EHR down). */
async function authorize(
	server: FhirServer,
	request: Request,
	cors: Headers
): Promise<SmartGrant | Response> {
	const realm = 'Bearer realm="radfolio-imaging"';
	if (!server.smart)
		return fhirResponse(404, operationOutcome('not-found', 'SMART is not enabled here'), cors);
	const match = /^Bearer ([A-Za-z0-9._~+/-]{1,8192}=*)$/.exec(
		request.headers.get('authorization') ?? ''
	);
	if (!match) {
		return fhirResponse(401, operationOutcome('login', 'a SMART access token is required'), {
			...cors,
			'WWW-Authenticate': realm
		});
	}
	try {
		const check = await server.smart.check(match[1]!, server.client);
		if (check.ok) return check.grant;
		if (check.code === 'rate-limited') {
			return fhirResponse(
				429,
				operationOutcome('throttled', 'too many failed tokens; try again later'),
				{ ...cors, 'Retry-After': String(check.retryAfter) }
			);
		}
		const [error, text] =
			check.code === 'invalid-token'
				? ['invalid_token', 'the access token is not active here']
				: check.code === 'insufficient-scope'
					? ['insufficient_scope', 'the token does not allow patient/ImagingStudy.rs']
					: ['insufficient_scope', 'the token’s patient has no imaging record here'];
		return fhirResponse(
			check.status,
			operationOutcome(check.status === 401 ? 'login' : 'forbidden', text),
			{ ...cors, 'WWW-Authenticate': `${realm}, error="${error}"` }
		);
	} catch (error) {
		return unavailable(error, cors);
	}
}

function unavailable(error: unknown, cors: Headers): Response {
	if (error instanceof ArchiveUnavailableError) {
		return fhirResponse(
			error.status,
			operationOutcome('transient', 'imaging is not available right now'),
			{
				...cors,
				'Retry-After':
					error.retryAfter && /^\d{1,5}$/.test(error.retryAfter) ? error.retryAfter : '30'
			}
		);
	}
	if (error instanceof GatewayRequestError) {
		return fhirResponse(error.status, operationOutcome('invalid', error.message), cors);
	}
	if ((error as Error)?.name === 'AbortError') {
		return fhirResponse(499, operationOutcome('incomplete', 'the client went away'), cors);
	}
	console.error('gateway fhir: unexpected failure', (error as Error)?.name ?? typeof error);
	return fhirResponse(500, operationOutcome('exception', 'the gateway failed'), cors);
}

/** The patient's studies as SMART ImagingStudy resources, newest first (one Study Instance UID, if asked). */
async function studiesOf(
	server: FhirServer,
	grant: SmartGrant,
	studyUid: string | null,
	signal: AbortSignal
): Promise<Record<string, unknown>[]> {
	const query = new URLSearchParams({ includefield: 'StudyDescription' });
	if (studyUid) query.set('StudyInstanceUID', studyUid);
	const response = await server.gateway.searchStudies(
		grant.patientId,
		query,
		server.dicomWebBase,
		signal
	);
	const items = (await response.json()) as Record<string, { Value?: unknown[] }>[];
	return items
		.sort(byDateDescending)
		.map((item) => imagingStudy(item, grant.fhirPatient, server.dicomWebBase))
		.filter((study) => study !== null);
}

/** GET [base]/ImagingStudy?patient=…: a searchset Bundle. Another patient than the token's: 403 (the IG). */
export async function searchImagingStudies(
	server: FhirServer,
	request: Request
): Promise<Response> {
	const cors = corsOf(server, request);
	const grant = await authorize(server, request, cors);
	if (grant instanceof Response) return grant;
	let search;
	try {
		search = parseStudySearch(new URL(request.url).searchParams);
	} catch (error) {
		if (error instanceof FhirSearchError) {
			return fhirResponse(400, operationOutcome('invalid', error.message), cors);
		}
		throw error;
	}
	if (search.patients.some((p) => p !== grant.fhirPatient)) {
		return fhirResponse(
			403,
			operationOutcome('forbidden', 'the search names a patient other than the token’s'),
			cors
		);
	}
	try {
		const studies = search.matchesNothing
			? []
			: await studiesOf(server, grant, search.studyUid, request.signal);
		const bundle = searchsetBundle({
			fhirBase: server.fhirBase,
			search,
			fhirPatient: grant.fhirPatient,
			studies
		});
		return fhirResponse(200, bundle, cors);
	} catch (error) {
		return unavailable(error, cors);
	}
}

/** GET [base]/ImagingStudy/<Study Instance UID>: one of the patient's studies, else 404. */
export async function readImagingStudy(
	server: FhirServer,
	request: Request,
	id: string
): Promise<Response> {
	const cors = corsOf(server, request);
	const grant = await authorize(server, request, cors);
	if (grant instanceof Response) return grant;
	const notFound = () =>
		fhirResponse(404, operationOutcome('not-found', 'no such ImagingStudy'), cors);
	if (!/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(id) || id.length > 64) return notFound();
	try {
		const [study] = await studiesOf(server, grant, id, request.signal);
		return study ? fhirResponse(200, study, cors) : notFound();
	} catch (error) {
		return unavailable(error, cors);
	}
}

/**
 * [base]/.well-known/smart-configuration: the EHR's authorization endpoints, with `smart-imaging-access` at the
 * top level (this FHIR base serves ImagingStudy), for an app configured with the imaging base directly.
 */
export async function imagingSmartConfiguration(server: FhirServer): Promise<Response> {
	const headers = { 'Access-Control-Allow-Origin': '*' };
	if (!server.smart)
		return fhirResponse(404, operationOutcome('not-found', 'SMART is not enabled here'));
	let ehr: Record<string, unknown>;
	try {
		ehr = await server.smart.ehrConfiguration();
	} catch (error) {
		return unavailable(error, headers);
	}
	const copied = [
		'issuer',
		'jwks_uri',
		'authorization_endpoint',
		'token_endpoint',
		'revocation_endpoint',
		'grant_types_supported',
		'response_types_supported',
		'token_endpoint_auth_methods_supported',
		'scopes_supported',
		'code_challenge_methods_supported'
	];
	const document: Record<string, unknown> = {};
	for (const key of copied) if (ehr[key] !== undefined) document[key] = ehr[key];
	const capabilities = Array.isArray(ehr.capabilities)
		? ehr.capabilities.filter((c): c is string => typeof c === 'string')
		: [];
	document.capabilities = [
		...new Set([...capabilities, SMART_IMAGING_ACCESS, SMART_IMAGING_APP_LAUNCH])
	];
	return new Response(JSON.stringify(document), {
		status: 200,
		headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=300', ...headers }
	});
}

/** [base]/metadata: what this imaging FHIR base serves (the IG's server CapabilityStatement, in short). */
export function imagingCapabilityStatement(server: FhirServer): Response {
	return fhirResponse(
		200,
		{
			resourceType: 'CapabilityStatement',
			status: 'active',
			date: '2026-12-07',
			kind: 'instance',
			instantiates: [
				'http://fhir.org/argonaut/smart-imaging/CapabilityStatement/smart-imaging-server'
			],
			fhirVersion: '4.0.1',
			format: ['json'],
			implementation: { description: 'Radfolio imaging gateway', url: server.fhirBase },
			rest: [
				{
					mode: 'server',
					security: {
						service: [
							{
								coding: [
									{
										system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
										code: 'SMART-on-FHIR'
									}
								]
							}
						]
					},
					resource: [
						{
							type: 'ImagingStudy',
							supportedProfile: [
								'http://fhir.org/argonaut/smart-imaging/StructureDefinition/smart-imaging-study'
							],
							interaction: [{ code: 'read' }, { code: 'search-type' }],
							searchInclude: ['ImagingStudy:endpoint'],
							searchParam: [
								{ name: 'patient', type: 'reference' },
								{ name: 'identifier', type: 'token' },
								{ name: '_lastUpdated', type: 'date' }
							]
						}
					]
				}
			]
		},
		{ 'Access-Control-Allow-Origin': '*' }
	);
}
