import { probeBlobStorage } from '$lib/vault';
import { type StudySummary } from '$lib/study';
import { detectPlatform, forgetsOnClose, type Platform } from './platform';
import { vaultManager } from './vault.svelte';

/**
 * What this browser does with the vault, said to the patient before it matters: a window that forgets everything
 * when closed (private browsing), an iPhone's Safari tab (storage deleted after 7 days without a visit unless the
 * app is on the Home Screen; no folder picker, no CD drive), and studies not yet in a backup.
 */
class DeviceState {
	#platform = $state.raw<Platform>({ ios: false, standalone: false });
	#forgets = $state(false);
	#checked: Promise<void> | null = null;

	get ios() {
		return this.#platform.ios;
	}
	/** In a browser tab on iOS, not the Home Screen app: the 7-day rule applies. */
	get iosTab() {
		return this.#platform.ios && !this.#platform.standalone;
	}
	get forgets() {
		return this.#forgets;
	}

	/** When the last backup was saved, from the vault's sealed settings; null when never. */
	get lastBackupAt(): string | null {
		return vaultManager.settings?.lastBackupAt ?? null;
	}

	/** Studies added to the vault (imported, synced, saved from a share) since the last backup. */
	get studiesSinceBackup(): number {
		const since = this.lastBackupAt;
		return vaultManager.studies.filter((study) => addedAfter(study, since)).length;
	}

	/** Looks once per page: the user agent, the display mode, and whether IndexedDB keeps Blobs. */
	check(): Promise<void> {
		this.#checked ??= this.#check();
		return this.#checked;
	}

	async #check() {
		if (typeof window === 'undefined') return;
		this.#platform = detectPlatform({
			userAgent: navigator.userAgent,
			maxTouchPoints: navigator.maxTouchPoints ?? 0,
			standalone:
				matchMedia('(display-mode: standalone)').matches ||
				(navigator as { standalone?: boolean }).standalone === true
		});
		this.#forgets = forgetsOnClose({
			blobsStored: await probeBlobStorage(),
			secureContext: window.isSecureContext,
			hasServiceWorker: 'serviceWorker' in navigator
		});
	}

	/** Records a backup just saved, in the vault's settings. */
	async backedUp(at = new Date()) {
		const settings = vaultManager.settings;
		if (!settings) return;
		await vaultManager.saveSettings({ ...settings, lastBackupAt: at.toISOString() });
	}
}

function addedAfter(study: StudySummary, since: string | null): boolean {
	if (!study.imageCount && !study.reportCount) return false;
	if (!since) return true;
	return study.sources.some((source) => source.at > since);
}

export const device = new DeviceState();
