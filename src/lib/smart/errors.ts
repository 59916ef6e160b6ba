/**
 * What can go wrong while connecting to a provider by SMART App Launch (discovery, authorization, the token
 * exchange). Once connected, the sync's own failures are ArchiveErrors ($lib/archive), like an enrollment's.
 * $lib/messages puts each code into words.
 */
export type SmartErrorCode =
	/** The address is not a URL Radfolio can use (not http(s), or a token would travel in clear). */
	| 'bad-address'
	/** No usable `.well-known/smart-configuration` there: not a SMART on FHIR server. */
	| 'not-smart'
	/** A SMART server that names no imaging endpoint (`smart-imaging-access`) for apps like this one. */
	| 'no-imaging'
	/** The server could not be reached (offline, or an origin the app may not call: CSP connect-src). */
	| 'unreachable'
	/** A return from the provider with no sign-in of ours waiting for it (expired, another browser, or forged). */
	| 'no-launch'
	/** The answer does not belong to the sign-in Radfolio started (`state` differs): refused. */
	| 'state-mismatch'
	/** The patient, or the provider, declined. */
	| 'denied'
	/** The provider refused to give tokens for the sign-in. */
	| 'token-refused'
	/** Tokens came without the patient they are for (no `patient` launch context). */
	| 'no-patient'
	/** The approval leaves out reading imaging studies. */
	| 'no-imaging-scope';

export class SmartError extends Error {
	readonly code: SmartErrorCode;
	constructor(code: SmartErrorCode, options: { detail?: string; cause?: unknown } = {}) {
		super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause });
		this.name = 'SmartError';
		this.code = code;
	}
}
