/** Storage the browser gives the vault: ask to keep it (not evicted under pressure) and report usage. */
export interface StorageStatus {
	usedBytes: number | null;
	quotaBytes: number | null;
	persistent: boolean | null;
}

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
