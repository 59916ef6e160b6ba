// Provider sync: the patient's side of a provider gateway (enrollment, DICOMweb, multipart) and the sync engine.
export {
	ArchiveError,
	DicomWebClient,
	enroll,
	providerRequest,
	type DicomWebClientOptions,
	type ArchiveErrorCode,
	type ArchiveErrorKind,
	type EnrollmentResult
} from './client';
export { MultipartError, dicomParts } from './multipart';
export { outcomeResult, syncOutcome } from './outcome';
export {
	syncProvider,
	type StudyToSync,
	type SyncOptions,
	type SyncProgress,
	type SyncResult
} from './sync';
export { parseEnrollmentFragment, parseLaunchGateway, defaultGatewayUrl } from './enrollment-link';
