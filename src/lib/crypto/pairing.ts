import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, utf8 } from './encoding';
import { CryptoError } from './errors';

/**
 * Two devices of one patient agreeing on a key ("Add a device", src/lib/transfer), version 1. Each makes a NaCl
 * `box` key pair (X25519); the old device's public key travels in the link or QR code it shows, the new device's
 * through a relay mailbox. Both compute
 *   shared  = nacl.box.before(their public key, my secret key)       (X25519, then HSalsa20)
 *   keys    = HKDF-SHA256(shared, salt = oldPublic ‖ newPublic, info = "radfolio/transfer/v1/" ‖ purpose)
 * so the keys bind both public keys, and a six-digit confirmation code
 *   code    = SHA-256("radfolio/transfer/v1/code" ‖ oldPublic ‖ newPublic), first 4 bytes (big-endian) mod 10⁶
 * that both screens show. The patient confirms on the old device that the codes match before anything is sent: a
 * stranger who answered the mailbox first would show a different code.
 */
export const PAIRING_VERSION = 1;
export const PAIRING_PUBLIC_BYTES = nacl.box.publicKeyLength;

export interface PairingKeyPair {
	publicKey: Uint8Array;
	secretKey: Uint8Array;
}

export interface PairingKeys {
	/** Seals the small messages the devices leave in the mailbox (envelope records). */
	message: Uint8Array;
	/** The share-stream key of the vault itself, on the relay or in a file. */
	stream: Uint8Array;
}

export function newPairingKeyPair(): PairingKeyPair {
	return nacl.box.keyPair();
}

export function pairingKeys(
	mine: PairingKeyPair,
	theirPublic: Uint8Array,
	role: 'old' | 'new'
): PairingKeys {
	if (theirPublic.length !== PAIRING_PUBLIC_BYTES) {
		throw new CryptoError('bad-key', 'the other device’s key has the wrong length');
	}
	// A low-order point gives an all-zero X25519 result, and so a key anyone can compute: refused.
	const raw = nacl.scalarMult(mine.secretKey, theirPublic);
	const lowOrder = raw.every((b) => b === 0);
	raw.fill(0);
	if (lowOrder) throw new CryptoError('bad-key', 'unusable key');
	const shared = nacl.box.before(theirPublic, mine.secretKey);
	const [oldPublic, newPublic] =
		role === 'old' ? [mine.publicKey, theirPublic] : [theirPublic, mine.publicKey];
	const salt = concatBytes(oldPublic, newPublic);
	const derive = (purpose: string) =>
		hkdf(sha256, shared, salt, utf8(`radfolio/transfer/v1/${purpose}`), 32);
	const keys = { message: derive('message'), stream: derive('stream') };
	shared.fill(0);
	return keys;
}

/** The six digits both screens show, as "123 456". */
export function confirmationCode(oldPublic: Uint8Array, newPublic: Uint8Array): string {
	const digest = sha256(concatBytes(utf8('radfolio/transfer/v1/code'), oldPublic, newPublic));
	const n = new DataView(digest.buffer, digest.byteOffset).getUint32(0) % 1_000_000;
	const digits = String(n).padStart(6, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
