// Sharing a study by link: the bundle format, creating and uploading a share, opening one.
export {
	BUNDLE_VERSION,
	BundleError,
	readBundle,
	writeBundle,
	type BundleEntrySource,
	type BundleErrorCode,
	type BundleFile,
	type BundleManifest
} from './bundle';
export {
	createShare,
	encryptedStudy,
	studyEntries,
	type ShareProgress,
	type ShareRecord,
	type ShareSettings
} from './create';
export {
	ShareDownload,
	ShareOpenError,
	decryptShare,
	decryptWhileDownloading,
	downloadShare,
	keyFromFragment,
	needsPassphrase,
	type DownloadedShare,
	type OpenedShare,
	type ShareOpenCode
} from './open';
export { SharedStudy } from './shared-study';
export { uploadStream } from './upload';
