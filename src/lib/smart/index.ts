// SMART on FHIR for imaging (SMART App Launch 2 + the Argonaut SMART Imaging Access IG): discovery, the standalone
// and EHR launches as a public client with PKCE, and sync of ImagingStudy + WADO-RS through $lib/archive's engine.
// The only importer of oauth4webapi.
export { fhirBaseFrom } from './address';
export { finishSignIn, readProviderAddress, startSignIn } from './connect';
export { discover, parseSmartConfiguration, type SmartConfiguration } from './discovery';
export { SmartError, type SmartErrorCode } from './errors';
export {
	CALLBACK_PATH,
	CLIENT_ID,
	beginLaunch,
	completeLaunch,
	readPending,
	scopesFor,
	type PendingLaunch
} from './launch';
export { idTokenAlgorithms } from './oauth';
export { isThisPatient, readPatient } from './patient';
export { readSearchPage, type ListedStudy, type WadoEndpoint } from './fhir';
export { syncSmartProvider } from './sync';
