import { secureUrl } from './address';
import { SmartError } from './errors';

/** The capability a SMART server names for an imaging FHIR endpoint (SMART Imaging Access IG, "Discovery"). */
export const IMAGING_CAPABILITY = 'smart-imaging-access';
/** The IG's mode capabilities: named beside `smart-imaging-access` by servers that follow its later drafts. */
const APP_LAUNCH_MODE = 'http://fhir.org/argonaut/smart-imaging/capabilities/app-launch';
const BACKEND_MODE = 'http://fhir.org/argonaut/smart-imaging/capabilities/backend-services';

/** What Radfolio takes from a provider's `.well-known/smart-configuration` (SMART App Launch 2, "Discovery"). */
export interface SmartConfiguration {
	/** The FHIR base the patient gave (the `iss` of an EHR launch): where the Patient resource is read. */
	fhirBase: string;
	/** Where `ImagingStudy` is searched: the same base, or the associated endpoint that names the capability. */
	imagingFhirBase: string;
	/** The authorization server's issuer, when the document names it (needed to check an ID token). */
	issuer: string | null;
	authorizationEndpoint: string;
	tokenEndpoint: string;
	/** null: the document does not list them. */
	scopesSupported: string[] | null;
}

const strings = (value: unknown): string[] | null =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;

/**
 * The SMART configuration of `fhirBase` checked: endpoints Radfolio may send a code or a token to, PKCE with S256
 * (SMART 2 servers list it; a server that lists other methods only is refused), and an imaging endpoint. The
 * capability at the top level means the FHIR base itself serves ImagingStudy; in `associated_endpoints`, the
 * first endpoint that names it does. An endpoint that names the IG's modes without App Launch is for backend
 * services, not for a patient's app, and is passed over.
 */
export function parseSmartConfiguration(fhirBase: string, document: unknown): SmartConfiguration {
	if (!document || typeof document !== 'object' || Array.isArray(document)) {
		throw new SmartError('not-smart', { detail: 'no JSON object' });
	}
	const doc = document as Record<string, unknown>;
	const authorization = secureUrl(doc.authorization_endpoint);
	const token = secureUrl(doc.token_endpoint);
	if (!authorization || !token) throw new SmartError('not-smart', { detail: 'endpoints' });
	const challenges = strings(doc.code_challenge_methods_supported);
	if (challenges && !challenges.includes('S256')) {
		throw new SmartError('not-smart', { detail: 'no PKCE S256' });
	}
	const imaging = imagingEndpoint(fhirBase, doc);
	if (!imaging) throw new SmartError('no-imaging');
	const issuer = secureUrl(doc.issuer);
	return {
		fhirBase,
		imagingFhirBase: imaging,
		// As given: an ID token's `iss` must equal it exactly.
		issuer: issuer ? (doc.issuer as string).trim() : null,
		authorizationEndpoint: authorization.href,
		tokenEndpoint: token.href,
		scopesSupported: strings(doc.scopes_supported)
	};
}

function forApps(capabilities: string[]): boolean {
	if (!capabilities.includes(IMAGING_CAPABILITY)) return false;
	const modes = capabilities.filter((c) => c === APP_LAUNCH_MODE || c === BACKEND_MODE);
	return modes.length === 0 || modes.includes(APP_LAUNCH_MODE);
}

function imagingEndpoint(fhirBase: string, doc: Record<string, unknown>): string | null {
	if (forApps(strings(doc.capabilities) ?? [])) return fhirBase;
	const associated = Array.isArray(doc.associated_endpoints) ? doc.associated_endpoints : [];
	for (const entry of associated) {
		if (!entry || typeof entry !== 'object') continue;
		const { url, capabilities } = entry as Record<string, unknown>;
		const base = secureUrl(url);
		if (base && forApps(strings(capabilities) ?? [])) return base.href.replace(/\/+$/, '');
	}
	return null;
}

/** Fetches and checks `<fhirBase>/.well-known/smart-configuration`. */
export async function discover(fhirBase: string): Promise<SmartConfiguration> {
	let response: Response;
	try {
		response = await fetch(`${fhirBase}/.well-known/smart-configuration`, {
			headers: { Accept: 'application/json' },
			cache: 'no-store',
			credentials: 'omit'
		});
	} catch (error) {
		throw new SmartError('unreachable', { cause: error });
	}
	if (!response.ok) {
		await response.body?.cancel().catch(() => {});
		throw new SmartError('not-smart', { detail: String(response.status) });
	}
	const document: unknown = await response.json().catch(() => null);
	return parseSmartConfiguration(fhirBase, document);
}
