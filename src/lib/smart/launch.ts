import { ArchiveError, providerRequest } from '$lib/archive';
import type { ProviderConnection, SmartGrant } from '$lib/vault';
import type { SmartConfiguration } from './discovery';
import { SmartError } from './errors';
import { authorizationRequest, exchangeCode } from './oauth';
import { readPatient, type PatientFacts } from './patient';

/** Radfolio's client id at SMART servers (a public client: registered with its redirect URI, no secret). */
export const CLIENT_ID = 'radfolio';
/** Where the provider sends the patient back (src/routes/providers/smart/callback). */
export const CALLBACK_PATH = '/providers/smart/callback';
/** A sign-in not finished within this time is forgotten (the provider's code would have expired anyway). */
const PENDING_MAX_MS = 30 * 60 * 1000;

/**
 * A sign-in under way, kept sealed in the vault's providers row (format 2) while the patient is at the provider:
 * the PKCE verifier and `state` are secrets of this sign-in, and the provider's address says where the patient
 * is treated, so none of it waits in sessionStorage.
 */
export interface PendingLaunch {
	v: 1;
	state: string;
	verifier: string;
	redirectUri: string;
	clientId: string;
	config: SmartConfiguration & { idTokenAlgs?: string[] | null };
	startedAt: string;
}

const IMAGING_READ = /(^| )patient\/(ImagingStudy|\*)\.(rs|read|r)( |$)/;

/**
 * The scopes asked for: the patient's context (standalone: `launch/patient`; EHR launch: `launch`), who signed
 * in (`openid fhirUser`, when the server names its issuer so the ID token can be checked), reading ImagingStudy,
 * a refresh token for sync without the patient (`offline_access`), and reading the Patient (its name and
 * identifiers) when the server lists that scope.
 */
export function scopesFor(config: SmartConfiguration, ehrLaunch: boolean): string {
	const supported = config.scopesSupported;
	const imaging =
		supported &&
		!supported.includes('patient/ImagingStudy.rs') &&
		supported.includes('patient/ImagingStudy.read')
			? 'patient/ImagingStudy.read'
			: 'patient/ImagingStudy.rs';
	const scopes = [ehrLaunch ? 'launch' : 'launch/patient'];
	if (config.issuer) scopes.push('openid', 'fhirUser');
	scopes.push(imaging, 'offline_access');
	for (const patientRead of ['patient/Patient.rs', 'patient/Patient.read']) {
		if (supported?.includes(patientRead)) {
			scopes.push(patientRead);
			break;
		}
	}
	return scopes.join(' ');
}

export async function beginLaunch(input: {
	config: PendingLaunch['config'];
	/** The app's origin: the redirect URI is its callback route. */
	origin: string;
	launch?: string;
	now?: Date;
}): Promise<{ pending: PendingLaunch; url: string }> {
	const redirectUri = `${input.origin}${CALLBACK_PATH}`;
	const { url, state, verifier } = await authorizationRequest({
		config: input.config,
		clientId: CLIENT_ID,
		redirectUri,
		scope: scopesFor(input.config, !!input.launch),
		audience: input.config.fhirBase,
		launch: input.launch
	});
	const pending: PendingLaunch = {
		v: 1,
		state,
		verifier,
		redirectUri,
		clientId: CLIENT_ID,
		config: input.config,
		startedAt: (input.now ?? new Date()).toISOString()
	};
	return { pending, url };
}

/** What the vault keeps of a sign-in under way, checked before use (it was sealed by this app, but is old data). */
export function readPending(value: unknown, now = new Date()): PendingLaunch {
	const pending = value as Partial<PendingLaunch> | null;
	if (
		!pending ||
		pending.v !== 1 ||
		typeof pending.state !== 'string' ||
		typeof pending.verifier !== 'string' ||
		!pending.config ||
		now.getTime() - Date.parse(pending.startedAt ?? '') > PENDING_MAX_MS
	) {
		throw new SmartError('no-launch');
	}
	return pending as PendingLaunch;
}

/**
 * Finishes a sign-in: checks the provider's answer against the pending sign-in, exchanges the code, reads the
 * Patient the token is for, and returns the connection to keep (sealed) in the vault.
 */
export async function completeLaunch(input: {
	pending: PendingLaunch;
	callbackUrl: string;
	now?: Date;
}): Promise<ProviderConnection> {
	const { pending } = input;
	const now = input.now ?? new Date();
	const tokens = await exchangeCode({
		config: pending.config,
		clientId: pending.clientId,
		redirectUri: pending.redirectUri,
		callbackUrl: input.callbackUrl,
		state: pending.state,
		verifier: pending.verifier,
		now
	});
	const patient = tokens.raw.patient;
	if (typeof patient !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(patient)) {
		throw new SmartError('no-patient');
	}
	if (tokens.scope && !IMAGING_READ.test(tokens.scope)) throw new SmartError('no-imaging-scope');
	const facts = await readPatientFacts(pending.config.fhirBase, patient, tokens.accessToken);
	const { config } = pending;
	const smart: SmartGrant = {
		fhirBase: config.fhirBase,
		imagingFhirBase: config.imagingFhirBase,
		issuer: config.issuer,
		authorizationEndpoint: config.authorizationEndpoint,
		tokenEndpoint: config.tokenEndpoint,
		clientId: pending.clientId,
		patient,
		patientName: facts?.display ?? null,
		patientIdentifiers: facts?.identifiers ?? [],
		patientNames: facts?.names ?? [],
		expiresAt: tokens.expiresAt,
		refreshToken: tokens.refreshToken,
		scope: tokens.scope,
		heldBack: []
	};
	return {
		id: crypto.randomUUID(),
		name: new URL(config.fhirBase).host,
		dicomWebUrl: config.imagingFhirBase,
		token: tokens.accessToken,
		connectedAt: now.toISOString(),
		smart
	};
}

/**
 * `Patient/<id>` at the FHIR base, read with the new token: the name shown on Providers and what each study's
 * files are checked against. null when the server does not let the app read it (sync tries again).
 */
export async function readPatientFacts(
	fhirBase: string,
	patient: string,
	accessToken: string,
	signal?: AbortSignal
): Promise<PatientFacts | null> {
	try {
		const response = await providerRequest(`${fhirBase}/Patient/${encodeURIComponent(patient)}`, {
			headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${accessToken}` },
			signal
		});
		const facts = readPatient(await response.json().catch(() => null));
		return facts.display || facts.identifiers.length || facts.names.length ? facts : null;
	} catch (error) {
		if (error instanceof ArchiveError && error.kind !== 'unauthorized') return null;
		throw error;
	}
}
