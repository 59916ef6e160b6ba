import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors';
import { openJson, sealJson } from './envelope';
import { confirmationCode, newPairingKeyPair, pairingKeys } from './pairing';

describe('pairing two devices (transfer v1)', () => {
	it('gives both devices the same keys and the same code', () => {
		const old = newPairingKeyPair();
		const fresh = newPairingKeyPair();
		const a = pairingKeys(old, fresh.publicKey, 'old');
		const b = pairingKeys(fresh, old.publicKey, 'new');
		expect(a.message).toEqual(b.message);
		expect(a.stream).toEqual(b.stream);
		expect(a.message).not.toEqual(a.stream);
		expect(confirmationCode(old.publicKey, fresh.publicKey)).toMatch(/^\d{3} \d{3}$/);
		// What one seals, the other opens; a stranger's pairing opens nothing.
		const sealed = sealJson(a.message, 'radfolio/transfer/v1/offer', { share: 'x' });
		expect(openJson(b.message, 'radfolio/transfer/v1/offer', sealed)).toEqual({ share: 'x' });
		const stranger = newPairingKeyPair();
		const theirs = pairingKeys(stranger, old.publicKey, 'new');
		expect(() => openJson(theirs.message, 'radfolio/transfer/v1/offer', sealed)).toThrow(
			CryptoError
		);
	});

	it('shows a different code when someone else answered the old device', () => {
		const old = newPairingKeyPair();
		const codes = new Set(
			Array.from({ length: 20 }, () =>
				confirmationCode(old.publicKey, newPairingKeyPair().publicKey)
			)
		);
		expect(codes.size).toBeGreaterThan(15);
		// Order matters: the roles are part of the code.
		const other = newPairingKeyPair();
		expect(confirmationCode(old.publicKey, other.publicKey)).not.toBe(
			confirmationCode(other.publicKey, old.publicKey)
		);
	});

	it('refuses a key of the wrong length and a low-order key', () => {
		const mine = newPairingKeyPair();
		expect(() => pairingKeys(mine, new Uint8Array(31), 'old')).toThrow(CryptoError);
		expect(() => pairingKeys(mine, new Uint8Array(32), 'old')).toThrow(CryptoError);
	});
});
