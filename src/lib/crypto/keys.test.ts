import { describe, expect, it } from 'vitest';
import { deriveVaultKeys, newMasterKey, opaqueId } from './keys';
import { fromBase64Url, toBase64Url } from './encoding';

describe('vault subkeys and opaque ids', () => {
	it('derives distinct subkeys, stable for one master key', () => {
		const master = newMasterKey();
		const a = deriveVaultKeys(master);
		const b = deriveVaultKeys(master);
		expect(a.record).toEqual(b.record);
		expect(a.record).not.toEqual(a.id);
		expect(a.id).not.toEqual(a.backup);
		expect(a.record).not.toEqual(master);
	});

	it('maps one UID to one id per vault, different across kinds and vaults', () => {
		const uid = '1.2.840.113619.2.55.3.604688119.971.1300000000.1';
		const k1 = deriveVaultKeys(newMasterKey()).id;
		const k2 = deriveVaultKeys(newMasterKey()).id;
		expect(opaqueId(k1, 'instance', uid)).toBe(opaqueId(k1, 'instance', uid));
		expect(opaqueId(k1, 'instance', uid)).not.toBe(opaqueId(k1, 'study', uid));
		expect(opaqueId(k1, 'instance', uid)).not.toBe(opaqueId(k2, 'instance', uid));
		expect(opaqueId(k1, 'instance', uid)).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(opaqueId(k1, 'instance', uid)).not.toContain('1.2.840');
	});

	it('base64url round-trips every length', () => {
		for (let n = 0; n < 40; n++) {
			const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
			expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
			expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
		}
		expect(() => fromBase64Url('a+b')).toThrow();
	});
});
