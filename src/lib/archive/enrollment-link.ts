/**
 * The enrollment link printed by `npm run enroll`: `<app>/providers#code=XXXX-XXXX-XXXX[&gateway=<url>]`. The code
 * rides in the fragment so it never reaches a server log; `gateway` is present only when the provider's gateway is
 * not the server that serves the app. A pasted link in the code field is read the same way.
 */
export interface EnrollmentFragment {
	code: string;
	gateway: string | null;
}

export function parseEnrollmentFragment(text: string): EnrollmentFragment | null {
	const hash = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
	const params = new URLSearchParams(hash);
	const code = params.get('code')?.trim();
	if (!code) return null;
	return { code, gateway: gatewayFrom(params) };
}

/**
 * A provider's launch link may name only its gateway (`<app>/providers#gateway=<url>`, README: "Inside a provider's
 * portal"): the app opens at the enrollment step with the provider filled in, and the patient types the code.
 */
export function parseLaunchGateway(text: string): string | null {
	const hash = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
	return gatewayFrom(new URLSearchParams(hash));
}

function gatewayFrom(params: URLSearchParams): string | null {
	const gateway = params.get('gateway');
	return gateway && /^https?:\/\/[^\s]+$/.test(gateway) ? gateway : null;
}

export function defaultGatewayUrl(origin: string): string {
	return `${origin}/api/gateway`;
}
