// The test EHR's FHIR side: its SMART configuration (pointing apps at the imaging server as an associated
// endpoint, as SMART Imaging Access asks), a CapabilityStatement, and Patient reads for the patient's own token.
import { escapeHtml } from './pages.js';
import { patientResource } from './patients.js';

/** The capability an imaging endpoint advertises (SMART Imaging Access, "Discovery"). */
export const SMART_IMAGING_ACCESS = 'smart-imaging-access';
/** Newer drafts of the guide add this beside it for endpoints that accept App Launch tokens. */
export const SMART_IMAGING_APP_LAUNCH =
	'http://fhir.org/argonaut/smart-imaging/capabilities/app-launch';

/** SMART scopes the EHR's resource server (its FHIR base) grants. */
export const RESOURCE_SCOPES = [
	'launch',
	'launch/patient',
	'patient/ImagingStudy.rs',
	'patient/ImagingStudy.read',
	'patient/Patient.rs',
	'patient/Patient.read'
];

/**
 * `${fhirBase}/.well-known/smart-configuration` (SMART App Launch 2.x, "Conformance").
 * @param {{ issuer: string, imagingFhirBase: string }} urls
 */
export function smartConfiguration({ issuer, imagingFhirBase }) {
	return {
		issuer,
		jwks_uri: `${issuer}/jwks`,
		authorization_endpoint: `${issuer}/auth`,
		token_endpoint: `${issuer}/token`,
		introspection_endpoint: `${issuer}/token/introspection`,
		revocation_endpoint: `${issuer}/token/revocation`,
		userinfo_endpoint: `${issuer}/me`,
		grant_types_supported: ['authorization_code', 'refresh_token'],
		response_types_supported: ['code'],
		token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
		scopes_supported: ['openid', 'fhirUser', 'profile', 'offline_access', ...RESOURCE_SCOPES],
		code_challenge_methods_supported: ['S256'],
		capabilities: [
			'launch-standalone',
			'launch-ehr',
			'client-public',
			'client-confidential-symmetric',
			'sso-openid-connect',
			'context-standalone-patient',
			'context-ehr-patient',
			'permission-offline',
			'permission-patient',
			'permission-v1',
			'permission-v2'
		],
		associated_endpoints: [
			{ url: imagingFhirBase, capabilities: [SMART_IMAGING_ACCESS, SMART_IMAGING_APP_LAUNCH] }
		]
	};
}

/**
 * A minimal CapabilityStatement: FHIR R4, JSON, Patient read, and where to authorize (the oauth-uris extension
 * older SMART clients read).
 * @param {{ issuer: string }} urls
 */
export function capabilityStatement({ issuer }) {
	return {
		resourceType: 'CapabilityStatement',
		status: 'active',
		date: '2026-12-07',
		kind: 'instance',
		fhirVersion: '4.0.1',
		format: ['json'],
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
					],
					extension: [
						{
							url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
							extension: [
								{ url: 'authorize', valueUri: `${issuer}/auth` },
								{ url: 'token', valueUri: `${issuer}/token` },
								{ url: 'introspect', valueUri: `${issuer}/token/introspection` },
								{ url: 'revoke', valueUri: `${issuer}/token/revocation` }
							]
						}
					]
				},
				resource: [{ type: 'Patient', interaction: [{ code: 'read' }] }]
			}
		]
	};
}

/**
 * A FHIR OperationOutcome response.
 * @param {number} status
 * @param {string} code
 * @param {string} text
 * @param {Record<string, string>} headers
 */
export function outcome(status, code, text, headers = {}) {
	return {
		status,
		headers: { 'Content-Type': 'application/fhir+json', ...headers },
		body: JSON.stringify({
			resourceType: 'OperationOutcome',
			issue: [{ severity: 'error', code, diagnostics: escapeHtml(text) }]
		})
	};
}

/**
 * `GET Patient/<id>`: the patient's own record for a token whose patient it is.
 * @param {{ id: string, tokenPatient: string | null, patients: import('./patients.js').EhrPatient[] }} request
 */
export function readPatient({ id, tokenPatient, patients }) {
	if (!tokenPatient) {
		return outcome(401, 'login', 'a valid access token is required', {
			'WWW-Authenticate': 'Bearer realm="demo-ehr"'
		});
	}
	const patient = patients.find((p) => p.id === id);
	// Another patient's record and a record that does not exist look the same.
	if (!patient || patient.id !== tokenPatient) return outcome(404, 'not-found', 'no such Patient');
	return {
		status: 200,
		headers: { 'Content-Type': 'application/fhir+json', 'Cache-Control': 'no-store' },
		body: JSON.stringify(patientResource(patient))
	};
}
