import type { SrCode } from '$lib/dicom';

/**
 * The coded concepts a dose report is read by (DICOM PS3.16 TID 10001, 10011 and their context groups), as
 * code value + coding scheme. SNOMED concepts appear under the retired SRT codes in older reports and under
 * SCT ids in newer ones: each is listed under both. Display text (CodeMeaning) is never compared.
 */
export interface Code {
	value: string;
	scheme: string;
}

const dcm = (value: string): Code[] => [{ value, scheme: 'DCM' }];
/** A SNOMED concept: its SCT id and its retired SRT code. */
const snomed = (sct: string, srt: string): Code[] => [
	{ value: sct, scheme: 'SCT' },
	{ value: srt, scheme: 'SRT' }
];

export const C = {
	XRayRadiationDoseReport: dcm('113701'),
	RadiopharmaceuticalRadiationDoseReport: dcm('113500'),
	ProcedureReported: dcm('121058'),
	ProjectionXRay: dcm('113704'),
	ComputedTomographyXRay: snomed('77477000', 'P5-08000'),
	Mammography: snomed('71651007', 'P5-40010'),
	// TID 10011 (CT)
	CtAccumulatedDoseData: dcm('113811'),
	CtDoseLengthProductTotal: dcm('113813'),
	CtAcquisition: dcm('113819'),
	CtDose: dcm('113829'),
	MeanCtdiVol: dcm('113830'),
	Dlp: dcm('113838'),
	CtdiwPhantomType: dcm('113835'),
	IecHeadDosimetryPhantom: dcm('113690'),
	IecBodyDosimetryPhantom: dcm('113691'),
	// TID 10001 / 10002 / 10003 (projection X-ray, fluoroscopy, mammography)
	AccumulatedXRayDoseData: dcm('113702'),
	DoseAreaProductTotal: dcm('113722'),
	DoseRPTotal: dcm('113725'),
	AccumulatedAverageGlandularDose: dcm('111637'),
	IrradiationEventXRayData: dcm('113706'),
	DoseAreaProduct: dcm('122130'),
	DoseRP: dcm('113738'),
	AverageGlandularDose: dcm('111631'),
	ImageView: dcm('111031'),
	AnatomicalStructure: snomed('91723000', 'T-D0005'),
	Laterality: snomed('272741003', 'G-C171'),
	// Common to both
	TargetRegion: dcm('123014'),
	AcquisitionProtocol: dcm('125203'),
	IrradiationEventUID: dcm('113769'),
	// Laterality values (CID 244, CID 6022)
	Left: snomed('7771000', 'G-A101'),
	Right: snomed('24028007', 'G-A100'),
	Bilateral: snomed('51440002', 'G-A102'),
	LeftBreast: snomed('80248007', 'T-04030'),
	RightBreast: snomed('73056007', 'T-04020'),
	BothBreasts: snomed('63762007', 'T-04080')
} as const satisfies Record<string, Code[]>;

/** True when `code` is one of the codes of a concept (scheme compared exactly, as PS3.3 defines it). */
export function is(code: SrCode | undefined | null, concept: readonly Code[]): boolean {
	return !!code && concept.some((c) => c.value === code.value && c.scheme === code.scheme);
}

/** "DCM 113830 (Mean CTDIvol)": how a code is named in a "not understood" reason. */
export function describe(code: SrCode | undefined | null): string {
	if (!code) return 'an item without a code';
	return `${code.scheme} ${code.value}${code.meaning ? ` (${code.meaning})` : ''}`;
}
