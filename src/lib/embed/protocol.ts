/**
 * Radfolio inside a provider's patient portal: the messages the portal page and the Radfolio frame exchange with
 * `postMessage`. Format version 1 (README: "Inside a provider's portal"):
 *
 *   Radfolio → portal  { radfolio: 1, type: 'ready' }
 *       once the frame can take a message. Carries nothing, so it goes to the parent whatever its origin.
 *   portal → Radfolio  { radfolio: 1, type: 'enroll', code: 'XXXX-XXXX-XXXX', gateway?: 'https://…/api/gateway' }
 *       an enrollment code for this patient (`npm run enroll`, or the provider's own system), and the provider's
 *       gateway when it is not the server that serves Radfolio. The code fills in "Enrollment code"; the patient
 *       still creates or unlocks their vault and presses Connect.
 *   Radfolio → portal  { radfolio: 1, type: 'enrollment-received' }
 *                      { radfolio: 1, type: 'connected', provider: '<the gateway's provider name>' }
 *                      { radfolio: 1, type: 'enrollment-failed' }
 *       what became of it. No message ever carries patient data, a token or a study.
 *
 * Who may talk: the browser lets a page frame Radfolio only where the server's `frame-ancestors` names its origin
 * (RADFOLIO_FRAME_ANCESTORS), so the frame's parent is a configured portal; Radfolio then takes messages only from
 * its parent window and answers only to the origin they came from.
 */
export const EMBED_PROTOCOL_VERSION = 1;

export type RadfolioToPortal =
	| { radfolio: 1; type: 'ready' }
	| { radfolio: 1; type: 'enrollment-received' }
	| { radfolio: 1; type: 'connected'; provider: string }
	| { radfolio: 1; type: 'enrollment-failed' };

export interface PortalEnrollment {
	code: string;
	/** The provider's gateway, when given; otherwise the app's own server's. */
	gateway: string | null;
}

/** Enrollment codes are short (`XXXX-XXXX-XXXX`); anything long is not one. */
const CODE = /^[0-9A-Za-z][0-9A-Za-z-]{3,39}$/;

/** A portal's message, checked field by field: null for anything that is not a version-1 enrollment. */
export function parsePortalMessage(data: unknown): PortalEnrollment | null {
	if (!data || typeof data !== 'object') return null;
	const message = data as Record<string, unknown>;
	if (message.radfolio !== EMBED_PROTOCOL_VERSION || message.type !== 'enroll') return null;
	const code = typeof message.code === 'string' ? message.code.trim() : '';
	if (!CODE.test(code)) return null;
	let gateway: string | null = null;
	if (message.gateway !== undefined) {
		if (typeof message.gateway !== 'string' || !isHttpUrl(message.gateway)) return null;
		gateway = message.gateway;
	}
	return { code, gateway };
}

function isHttpUrl(text: string): boolean {
	if (text.length > 2048) return false;
	try {
		const url = new URL(text);
		return (
			(url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
		);
	} catch {
		return false;
	}
}
