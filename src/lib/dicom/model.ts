import type { InstanceKind } from './uids';

/**
 * What Radfolio keeps of one DICOM instance's header, with DICOM keywords as names. Everything here is patient
 * data: it is only ever stored sealed (see $lib/vault).
 */
export interface DicomInstanceInfo {
	SOPInstanceUID: string;
	SOPClassUID: string;
	StudyInstanceUID: string;
	SeriesInstanceUID: string;
	TransferSyntaxUID: string;
	kind: InstanceKind;
	patient: {
		PatientName: string;
		PatientID: string;
		PatientBirthDate: string;
		PatientSex: string;
		IssuerOfPatientID: string;
	};
	study: {
		StudyDate: string;
		StudyTime: string;
		StudyDescription: string;
		AccessionNumber: string;
		StudyID: string;
		ReferringPhysicianName: string;
		InstitutionName: string;
	};
	series: {
		Modality: string;
		SeriesDescription: string;
		SeriesNumber: number | null;
		BodyPartExamined: string;
		SeriesDate: string;
		Laterality: string;
	};
	instance: {
		InstanceNumber: number | null;
		Rows: number;
		Columns: number;
		NumberOfFrames: number;
		/** 0 when absent (reports). Added in record v1 without a bump: older rows lack them, read as unknown. */
		BitsAllocated?: number;
		SamplesPerPixel?: number;
		PhotometricInterpretation?: string;
		ImageLaterality: string;
		ViewPosition: string;
		DocumentTitle: string;
		ContentDate: string;
		/** Set (true) for an image whose pixels are only in a vendor's private element (kind is then 'other'). */
		privatePixels?: boolean;
	};
}
