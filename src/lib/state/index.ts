// The rune classes the interface reads: the vault, imports, provider sync, connectivity and updates, the portal.
export { appStatus } from './app.svelte';
export { device } from './device.svelte';
export { importManager } from './import.svelte';
export { portal } from './portal.svelte';
export { StudyView, type ThumbnailRenderer } from './study-view.svelte';
export { syncManager, type SyncStatusLine } from './sync.svelte';
export { dropShell, rememberVault, takeShell } from './unlock-shell';
export {
	IMPORT_LOCK,
	SYNC_LOCK,
	vaultManager,
	type VaultStatus,
	type WaitingFor
} from './vault.svelte';
