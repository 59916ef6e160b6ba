import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, utf8 } from './encoding';
import { CryptoError } from './errors';

/**
 * Two devices of one patient agreeing on a key ("Add a device", src/lib/transfer), version 2. Each makes a NaCl
 * `box` key pair (X25519); the old device's public key travels in the link or QR code it shows (the patient carries
 * it over by hand, so it is authentic), the new device's through a relay mailbox (which the relay, or anyone who saw
 * the link, might try to swap). Both compute
 *   shared  = nacl.box.before(their public key, my secret key)       (X25519, then HSalsa20)
 *   keys    = HKDF-SHA256(shared, salt = oldPublic ‖ newPublic, info = "radfolio/transfer/v2/" ‖ purpose)
 *   code    = HKDF(…, purpose "code"), 8 bytes, big-endian mod 10^digits (6 digits on screen)
 * The code is a short authentication string over the shared secret, as in ZRTP or Signal's safety numbers: a
 * stranger who puts their own key in the mailbox shares a secret with the old device, but cannot know the secret —
 * and so the code — that the real new device shows (that needs the new device's secret key or the old one's). Each
 * try costs the attacker one visible mismatch (a mailbox takes one answer), so the code holds with odds 1 in 10^6.
 *
 * Version 1 hashed the two public keys alone into the code: anyone able to swap the new device's key could grind a
 * key of their own with the same code (about 2^20 tries). It is not read any more.
 */
export const PAIRING_VERSION = 2;
export const PAIRING_PUBLIC_BYTES = nacl.box.publicKeyLength;
export const CONFIRMATION_DIGITS = 6;

export interface PairingKeyPair {
	publicKey: Uint8Array;
	secretKey: Uint8Array;
}

export interface PairingKeys {
	/** Seals the small messages the devices leave in the mailbox (envelope records). */
	message: Uint8Array;
	/** The share-stream key of the vault itself, on the relay or in a file. */
	stream: Uint8Array;
	/** The confirmation code both screens show, as "123 456" (see confirmationCode). */
	code: string;
}

export function newPairingKeyPair(): PairingKeyPair {
	return nacl.box.keyPair();
}

export function pairingKeys(
	mine: PairingKeyPair,
	theirPublic: Uint8Array,
	role: 'old' | 'new',
	digits = CONFIRMATION_DIGITS
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
	const derive = (purpose: string, length: number) =>
		hkdf(sha256, shared, salt, utf8(`radfolio/transfer/v2/${purpose}`), length);
	const codeBytes = derive('code', 8);
	const keys = {
		message: derive('message', 32),
		stream: derive('stream', 32),
		code: confirmationCode(codeBytes, digits)
	};
	shared.fill(0);
	codeBytes.fill(0);
	return keys;
}

/**
 * The digits both screens show ("123 456" for six), from 8 secret bytes. 2^64 mod 10^6 leaves a bias of about
 * 10^-13 per code: nothing an attacker can use. `digits` below 6 is for tests that make an attack's search fast.
 */
export function confirmationCode(secret: Uint8Array, digits = CONFIRMATION_DIGITS): string {
	if (secret.length < 8 || !Number.isInteger(digits) || digits < 1 || digits > 12) {
		throw new RangeError('confirmation code: 8 secret bytes and 1 … 12 digits');
	}
	const view = new DataView(secret.buffer, secret.byteOffset, 8);
	const n = view.getBigUint64(0) % 10n ** BigInt(digits);
	const text = n.toString().padStart(digits, '0');
	return digits === 6 ? `${text.slice(0, 3)} ${text.slice(3)}` : text;
}
