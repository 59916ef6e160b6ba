/**
 * How the gateway accepts SMART access tokens (SMART Imaging Access, README "SMART Imaging Access"); null when
 * RADFOLIO_SMART_ISSUER is not set (enrollment tokens only).
 */
export interface SmartConfig {
	/** The EHR's FHIR base URL (SMART's `iss`); its .well-known/smart-configuration names the endpoints. */
	issuer: string;
	/** The gateway's own confidential client at the EHR, for token introspection. */
	clientId: string | null;
	clientSecret: string | null;
	/** Token audiences accepted here (RFC 7662 `aud` / JWT `aud`): by default the EHR's FHIR base. */
	audiences: string[];
	/**
	 * The identifier system of the FHIR Patient whose value is the archive's DICOM PatientID. Required: an EHR's
	 * Patient often carries medical record numbers from several organisations, and guessing "the one typed MR"
	 * could take another organisation's number, which in this archive may be another person's PatientID.
	 */
	patientIdSystem: string;
	/** How long an active token's answer is trusted before asking the EHR again (0: every request). */
	cacheSeconds: number;
}

type Env = Record<string, string | undefined>;

const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
const trimSlash = (url: string) => url.replace(/\/+$/, '');

function httpUrl(name: string, value: string): string {
	let url: URL | null = null;
	try {
		url = new URL(value);
	} catch {
		// reported below
	}
	if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`${name} must be an http(s) URL`);
	return trimSlash(url.href);
}

/**
 * https, or http to this machine only. The gateway sends the EHR its own client secret and patients' tokens, and
 * believes what the EHR answers about them: over plain HTTP anyone on the path could read the first and forge the
 * second ("active": true, "patient": someone else).
 */
export function isTlsOrLoopback(url: URL): boolean {
	if (url.protocol === 'https:') return true;
	return (
		url.protocol === 'http:' &&
		(url.hostname === 'localhost' ||
			url.hostname === '[::1]' ||
			/^127\.\d+\.\d+\.\d+$/.test(url.hostname))
	);
}

export function smartConfigFromEnv(env: Env): SmartConfig | null {
	const raw = env.RADFOLIO_SMART_ISSUER?.trim();
	if (!raw) return null;
	const issuer = httpUrl('RADFOLIO_SMART_ISSUER', raw);
	if (!isTlsOrLoopback(new URL(issuer))) {
		throw new Error('RADFOLIO_SMART_ISSUER must be an https URL (http only to this machine)');
	}
	const clientId = env.RADFOLIO_SMART_CLIENT_ID?.trim() || null;
	const clientSecret = env.RADFOLIO_SMART_CLIENT_SECRET ?? null;
	if (clientId && !clientSecret) {
		throw new Error('RADFOLIO_SMART_CLIENT_SECRET is required with RADFOLIO_SMART_CLIENT_ID');
	}
	const audiences = list(env.RADFOLIO_SMART_AUDIENCE).map((a) =>
		httpUrl('RADFOLIO_SMART_AUDIENCE', a)
	);
	const patientIdSystem = env.RADFOLIO_SMART_PATIENT_ID_SYSTEM?.trim();
	if (!patientIdSystem) {
		throw new Error(
			'RADFOLIO_SMART_PATIENT_ID_SYSTEM is required with RADFOLIO_SMART_ISSUER (the identifier system of your MRNs)'
		);
	}
	const cache = env.RADFOLIO_SMART_CACHE_SECONDS?.trim();
	if (cache && !/^\d{1,4}$/.test(cache)) {
		throw new Error('RADFOLIO_SMART_CACHE_SECONDS must be a number of seconds');
	}
	return {
		issuer,
		clientId,
		clientSecret: clientId ? clientSecret : null,
		audiences: audiences.length ? audiences : [issuer],
		patientIdSystem,
		cacheSeconds: cache ? Number(cache) : 30
	};
}
