// The only door to storage: Dexie is used here and nowhere else. Everything about the patient is sealed.
export {
	Vault,
	DEFAULT_SETTINGS,
	type ProviderConnection,
	type VaultOptions,
	type VaultSettings,
	type VaultState
} from './vault';
export { VaultError, type VaultErrorCode } from './errors';
export {
	CHUNK_BYTES,
	type InstanceSummary,
	type InstanceWriter,
	type InstanceInput,
	type SeriesSummary,
	type StudyStore,
	type StudySummary
} from './studies';
export {
	mergeStudy,
	orderModalities,
	instanceRecordFrom,
	seriesRecordFrom,
	type InstanceRecord,
	type SeriesRecord,
	type SourceKind,
	type StudyRecord,
	type StudySource
} from './records';
export {
	exportBackup,
	readBackupHeader,
	restoreBackup,
	restoreTransferred,
	BACKUP_VERSION
} from './backup';
export { requestPersistence, storageStatus, type StorageStatus } from './storage';
export { reencryptVault } from './reencrypt';
