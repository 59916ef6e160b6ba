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
	decryptShare,
	decryptWhileDownloading,
	downloadShare,
	needsPassphrase,
	type DownloadedShare,
	type OpenedShare
} from './open';
export { ShareOpenError, type ShareOpenCode } from './open-error';
export { keyFromFragment, parseShareUrl, shareUrl, type ShareLink } from './link';
export { SharedStudy } from './shared-study';
export { ShareList, validMaxOpens, type ShareState } from './shares';
export { uploadStream } from './upload';
export { ShareOpener, type OpenerEnv, type OpenerFailure, type OpenerStep } from './opener.svelte';
