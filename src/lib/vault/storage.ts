/** Storage the browser gives the vault: ask to keep it (not evicted under pressure) and report usage. */
export interface StorageStatus {
	usedBytes: number | null;
	quotaBytes: number | null;
	persistent: boolean | null;
}

/**
 * Asks the browser to keep the vault's storage (not evicted under pressure). Firefox answers with a prompt, so this
 * runs when the patient asks for it (Settings) or once, through `askToKeepStorageOnce`, never on every unlock.
 */
export async function requestPersistence(): Promise<boolean | null> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return null;
	try {
		if (await navigator.storage.persisted()) return true;
		return await navigator.storage.persist();
	} catch {
		return null;
	}
}

export async function storageStatus(): Promise<StorageStatus> {
	if (typeof navigator === 'undefined' || !navigator.storage?.estimate) {
		return { usedBytes: null, quotaBytes: null, persistent: null };
	}
	const [estimate, persistent] = await Promise.all([
		navigator.storage.estimate().catch(() => ({}) as StorageEstimate),
		navigator.storage.persisted?.().catch(() => null) ?? Promise.resolve(null)
	]);
	return {
		usedBytes: estimate.usage ?? null,
		quotaBytes: estimate.quota ?? null,
		persistent
	};
}

/** Set in this browser's localStorage once Radfolio has asked on its own (it holds no patient data). */
export const PERSIST_ASKED_KEY = 'radfolio.persist-asked';

/**
 * Asks to keep storage once per browser profile, at a moment the question makes sense: when the vault first holds
 * something worth keeping (after an import that stored files). Already persistent, or already asked: nothing.
 * Settings offers the same request again on the patient's own click.
 */
export async function askToKeepStorageOnce(): Promise<boolean | null> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return null;
	try {
		if (await navigator.storage.persisted()) return true;
		if (localStorage.getItem(PERSIST_ASKED_KEY)) return false;
		localStorage.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
		return await navigator.storage.persist();
	} catch {
		return null;
	}
}
