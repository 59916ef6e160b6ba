// DICOM in, plain data out: parsing, DICOMDIR, zip. Pure: no DOM, no storage, no Svelte.
export { DicomError, type DicomErrorCode } from './errors';
export type { DicomInstanceInfo } from './model';
export { parseDicomFile, type ParseOptions } from './parse';
export { readDicomdir, resolveReferencedFiles, type DicomdirReference } from './dicomdir';
export {
	DEFAULT_ZIP_LIMITS,
	StoredZipEntry,
	ZipWriter,
	looksLikeZip,
	readZip,
	type ZipEntry,
	type ZipLimits
} from './zip';
export { instanceKind, type InstanceKind } from './uids';
export { formatPersonName, formatDicomDate } from './format';
export {
	checkDisplayable,
	type DisplayCheck,
	type DisplayCheckInput,
	type NotDisplayable,
	type NotDisplayableCode
} from './displayable';
export {
	extractEncapsulatedPdf,
	readStructuredReport,
	type SrCode,
	type SrDocument,
	type SrMeasurement,
	type SrNode
} from './report';
export {
	JPEG_LS_SYNTAXES,
	TRANSCODABLE_SYNTAXES,
	codecFor,
	codecName,
	transcodeForViewer,
	type Codec,
	type DecodedFrame,
	type FrameDecoder,
	type JpegLsDecoder
} from './transcode';
export { sanitizeForViewer } from './sanitize';
export { readDoseHeader, type DoseHeader } from './dose-header';
export { deidentify, UidMap, type DeidentifyResult } from './deidentify';
export { buildDicomdir, uuidUid, type DicomdirFile } from './dicomdir-writer';
export { dicomParser } from './dicom-parser';
