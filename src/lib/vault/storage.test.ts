import { afterEach, describe, expect, it, vi } from 'vitest';
import { PERSIST_ASKED_KEY, askToKeepStorageOnce } from './storage';

/** A browser whose persist() prompts (as Firefox does): each call is counted, the patient says no. */
function firefoxLike() {
	const storage = new Map<string, string>();
	const persist = vi.fn(async () => false);
	vi.stubGlobal('navigator', { storage: { persist, persisted: async () => false } });
	vi.stubGlobal('localStorage', {
		getItem: (k: string) => storage.get(k) ?? null,
		setItem: (k: string, v: string) => void storage.set(k, v)
	});
	return { persist, storage };
}
afterEach(() => vi.unstubAllGlobals());

describe('asking to keep storage', () => {
	it('asks once per browser profile, however many imports follow', async () => {
		const { persist, storage } = firefoxLike();
		expect(await askToKeepStorageOnce()).toBe(false);
		expect(await askToKeepStorageOnce()).toBe(false);
		expect(await askToKeepStorageOnce()).toBe(false);
		expect(persist).toHaveBeenCalledTimes(1);
		expect(storage.get(PERSIST_ASKED_KEY)).toBeTruthy();
	});

	it('does not ask when storage is already kept', async () => {
		const { persist } = firefoxLike();
		vi.stubGlobal('navigator', { storage: { persist, persisted: async () => true } });
		expect(await askToKeepStorageOnce()).toBe(true);
		expect(persist).not.toHaveBeenCalled();
	});
});
