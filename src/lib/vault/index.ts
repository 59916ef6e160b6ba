// The only door to storage: Dexie is used here and nowhere else. Everything about the patient is sealed.
export {
	Vault,
	DEFAULT_SETTINGS,
	type ProviderConnection,
	type SmartGrant,
	type SyncOutcome,
	type VaultOptions,
	type VaultSettings,
	type VaultState
} from './vault';
export { VaultError, isQuotaError, isStorageFailure, type VaultErrorCode } from './errors';
export { CHUNK_BYTES, type InstanceWriter, type InstanceInput, type StudyStore } from './studies';
export {
	exportBackup,
	readBackupHeader,
	restoreBackup,
	restoreTransferred,
	BACKUP_VERSION
} from './backup';
export {
	askToKeepStorageOnce,
	requestPersistence,
	storageStatus,
	type StorageStatus
} from './storage';
export { probeBlobStorage } from './chunk-form';
export { reencryptVault } from './reencrypt';
export { SPOOL_DB, Spool, SpoolError, sweepStaleSpools, type SpoolOptions } from './spool';
