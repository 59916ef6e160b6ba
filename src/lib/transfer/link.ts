import { PAIRING_PUBLIC_BYTES, fromBase64Url, toBase64Url } from '$lib/crypto';

/**
 * The link (and QR code) "Add a device" shows, format version 2:
 *   <app>/transfer#v=2&m=<mailbox id the relay gave: 16 random bytes, base64url>&k=<old device's public key>
 * Everything rides in the fragment: it never reaches a server log. The relay is the app's own (same origin).
 * Version 1 links (pairing v1, whose code an attacker could grind) are not read: both devices run this app.
 */
export const TRANSFER_LINK_VERSION = 2;

export interface TransferLink {
	mailbox: string;
	oldPublicKey: Uint8Array;
}

export function transferLink(origin: string, link: TransferLink): string {
	const params = new URLSearchParams({
		v: String(TRANSFER_LINK_VERSION),
		m: link.mailbox,
		k: toBase64Url(link.oldPublicKey)
	});
	return `${origin}/transfer#${params}`;
}

/** Null when the fragment is not a whole version-1 transfer link. */
export function parseTransferLink(hash: string): TransferLink | null {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	if (params.get('v') !== String(TRANSFER_LINK_VERSION)) return null;
	const mailbox = params.get('m') ?? '';
	if (!/^[A-Za-z0-9_-]{22}$/.test(mailbox)) return null;
	try {
		const oldPublicKey = fromBase64Url(params.get('k') ?? '');
		if (oldPublicKey.length !== PAIRING_PUBLIC_BYTES) return null;
		return { mailbox, oldPublicKey };
	} catch {
		return null;
	}
}
