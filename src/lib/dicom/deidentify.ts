import type { DataSet, Element } from 'dicom-parser';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';

/**
 * De-identification of a copy being shared ("Remove my name and IDs"), after the DICOM PS3.15 Annex E Basic
 * Application Level Confidentiality Profile: identifying attributes are emptied (actions D, Z, X), UIDs replaced
 * (U) — consistently across the files of one share through a shared `UidMap` — private attributes emptied, and any
 * person name anywhere (sequences included) emptied.
 *
 * Edits are made in place, each value replaced by one of the same length (text by spaces, which DICOM reads as an
 * empty value; binary by zeros; a UID by a new UID of the same length), so every length and offset in the file stays
 * valid and nothing has to be re-encoded. Pixel data is never touched: text burned into an image (common in
 * ultrasound and scanned documents) can still show a name, and the share dialog says so. Report documents keep
 * their wording apart from names and dates in coded fields: a PDF's own text is not rewritten.
 */
type Action = 'empty' | 'uid';

/** Annex E table entries that the basic profile does not keep (K) or clean (C), by tag. */
const ATTRIBUTES: Record<string, Action> = {
	// Patient
	'00100010': 'empty', // PatientName
	'00100020': 'empty', // PatientID
	'00100021': 'empty', // IssuerOfPatientID
	'00100030': 'empty', // PatientBirthDate
	'00100032': 'empty', // PatientBirthTime
	'00100040': 'empty', // PatientSex
	'00100050': 'empty', // PatientInsurancePlanCodeSequence
	'00101000': 'empty', // OtherPatientIDs
	'00101001': 'empty', // OtherPatientNames
	'00101002': 'empty', // OtherPatientIDsSequence
	'00101005': 'empty', // PatientBirthName
	'00101010': 'empty', // PatientAge
	'00101020': 'empty', // PatientSize
	'00101030': 'empty', // PatientWeight
	'00101040': 'empty', // PatientAddress
	'00101050': 'empty', // InsurancePlanIdentification
	'00101060': 'empty', // PatientMotherBirthName
	'00101080': 'empty', // MilitaryRank
	'00101081': 'empty', // BranchOfService
	'00101090': 'empty', // MedicalRecordLocator
	'00102000': 'empty', // MedicalAlerts
	'00102110': 'empty', // Allergies
	'00102150': 'empty', // CountryOfResidence
	'00102152': 'empty', // RegionOfResidence
	'00102154': 'empty', // PatientTelephoneNumbers
	'00102160': 'empty', // EthnicGroup
	'00102180': 'empty', // Occupation
	'001021A0': 'empty', // SmokingStatus
	'001021B0': 'empty', // AdditionalPatientHistory
	'001021C0': 'empty', // PregnancyStatus
	'001021D0': 'empty', // LastMenstrualDate
	'001021F0': 'empty', // PatientReligiousPreference
	'00102203': 'empty', // PatientSexNeutered
	'00102297': 'empty', // ResponsiblePerson
	'00102299': 'empty', // ResponsibleOrganization
	'00104000': 'empty', // PatientComments
	'00380010': 'empty', // AdmissionID
	'00380300': 'empty', // CurrentPatientLocation
	'00380400': 'empty', // PatientInstitutionResidence
	'00380500': 'empty', // PatientState
	'00400010': 'empty', // ScheduledStationName
	// Study, visit, people and places
	'00080020': 'empty', // StudyDate
	'00080021': 'empty', // SeriesDate
	'00080022': 'empty', // AcquisitionDate
	'00080023': 'empty', // ContentDate
	'00080024': 'empty', // OverlayDate
	'00080025': 'empty', // CurveDate
	'0008002A': 'empty', // AcquisitionDateTime
	'00080030': 'empty', // StudyTime
	'00080031': 'empty', // SeriesTime
	'00080032': 'empty', // AcquisitionTime
	'00080033': 'empty', // ContentTime
	'00080050': 'empty', // AccessionNumber
	'00080080': 'empty', // InstitutionName
	'00080081': 'empty', // InstitutionAddress
	'00080082': 'empty', // InstitutionCodeSequence
	'00080090': 'empty', // ReferringPhysicianName
	'00080092': 'empty', // ReferringPhysicianAddress
	'00080094': 'empty', // ReferringPhysicianTelephoneNumbers
	'00080096': 'empty', // ReferringPhysicianIdentificationSequence
	'00081010': 'empty', // StationName
	'00081030': 'empty', // StudyDescription
	'0008103E': 'empty', // SeriesDescription
	'00081040': 'empty', // InstitutionalDepartmentName
	'00081048': 'empty', // PhysiciansOfRecord
	'00081050': 'empty', // PerformingPhysicianName
	'00081060': 'empty', // NameOfPhysiciansReadingStudy
	'00081070': 'empty', // OperatorsName
	'00081080': 'empty', // AdmittingDiagnosesDescription
	'00082111': 'empty', // DerivationDescription
	'00181000': 'empty', // DeviceSerialNumber
	'00181030': 'empty', // ProtocolName
	'00181400': 'empty', // AcquisitionDeviceProcessingDescription
	'00200010': 'empty', // StudyID
	'00204000': 'empty', // ImageComments
	'00321032': 'empty', // RequestingPhysician
	'00321033': 'empty', // RequestingService
	'00321060': 'empty', // RequestedProcedureDescription
	'00324000': 'empty', // StudyComments
	'00400006': 'empty', // ScheduledPerformingPhysicianName
	'00400244': 'empty', // PerformedProcedureStepStartDate
	'00400245': 'empty', // PerformedProcedureStepStartTime
	'00400253': 'empty', // PerformedProcedureStepID
	'00400254': 'empty', // PerformedProcedureStepDescription
	'00400275': 'empty', // RequestAttributesSequence
	'00401001': 'empty', // RequestedProcedureID
	'00402016': 'empty', // PlacerOrderNumberImagingServiceRequest
	'00402017': 'empty', // FillerOrderNumberImagingServiceRequest
	'0040A075': 'empty', // VerifyingObserverName
	'0040A123': 'empty', // PersonName
	'0040A730': 'empty', // (names and dates inside ContentSequence are caught by VR below)
	'00880140': 'uid', // StorageMediaFileSetUID
	// UIDs (U)
	'00020003': 'uid', // MediaStorageSOPInstanceUID
	'00080014': 'uid', // InstanceCreatorUID
	'00080018': 'uid', // SOPInstanceUID
	'00081155': 'uid', // ReferencedSOPInstanceUID
	'00081195': 'uid', // TransactionUID
	'00083010': 'uid', // IrradiationEventUID
	'00181002': 'uid', // DeviceUID
	'0020000D': 'uid', // StudyInstanceUID
	'0020000E': 'uid', // SeriesInstanceUID
	'00200052': 'uid', // FrameOfReferenceUID
	'00200200': 'uid', // SynchronizationFrameOfReferenceUID
	'00209161': 'uid', // ConcatenationUID
	'00209164': 'uid', // DimensionOrganizationUID
	'00400554': 'uid', // SpecimenUID
	'0040A124': 'uid', // UID
	'0040DB0C': 'uid', // TemplateExtensionCreatorUID
	'0040DB0D': 'uid', // TemplateExtensionOrganizationUID
	'0070031A': 'uid', // FiducialUID
	'30060024': 'uid', // ReferencedFrameOfReferenceUID
	'300600C2': 'uid', // RelatedFrameOfReferenceUID
	'300A0013': 'uid' // DoseReferenceUID
};

/** VRs of the attributes above (and common sequences), for implicit-VR files whose elements carry none. */
const IMPLICIT_VRS: Record<string, string> = {
	'00100010': 'PN',
	'00100020': 'LO',
	'00100021': 'LO',
	'00100030': 'DA',
	'00100032': 'TM',
	'00100040': 'CS',
	'00101000': 'LO',
	'00101001': 'PN',
	'00101002': 'SQ',
	'00101005': 'PN',
	'00101010': 'AS',
	'00101020': 'DS',
	'00101030': 'DS',
	'00101040': 'LO',
	'00100050': 'SQ',
	'00101060': 'PN',
	'00102154': 'SH',
	'00104000': 'LT',
	'00080020': 'DA',
	'00080021': 'DA',
	'00080022': 'DA',
	'00080023': 'DA',
	'0008002A': 'DT',
	'00080030': 'TM',
	'00080031': 'TM',
	'00080032': 'TM',
	'00080033': 'TM',
	'00080050': 'SH',
	'00080080': 'LO',
	'00080081': 'ST',
	'00080082': 'SQ',
	'00080090': 'PN',
	'00080096': 'SQ',
	'00081010': 'SH',
	'00081030': 'LO',
	'0008103E': 'LO',
	'00081040': 'LO',
	'00081048': 'PN',
	'00081050': 'PN',
	'00081060': 'PN',
	'00081070': 'PN',
	'00200010': 'SH',
	'00321032': 'PN',
	'00400006': 'PN',
	'00400275': 'SQ',
	'0040A730': 'SQ',
	'0040A043': 'SQ',
	'0040A123': 'PN',
	'0040A075': 'PN',
	'00081110': 'SQ',
	'00081115': 'SQ',
	'00081140': 'SQ',
	'00082112': 'SQ',
	'00081032': 'SQ',
	'00081111': 'SQ',
	'00081199': 'SQ',
	'00082218': 'SQ',
	'00400260': 'SQ',
	'0040A168': 'SQ',
	'0040A504': 'SQ',
	'00020003': 'UI',
	'00080014': 'UI',
	'00080018': 'UI',
	'00081155': 'UI',
	'00081150': 'UI',
	'0020000D': 'UI',
	'0020000E': 'UI',
	'00200052': 'UI',
	'00200200': 'UI',
	'0040A124': 'UI',
	'00083010': 'UI'
};

/** Value representations whose values are text (emptied with spaces). */
const TEXT_VRS = new Set([
	'AE',
	'AS',
	'CS',
	'DA',
	'DS',
	'DT',
	'IS',
	'LO',
	'LT',
	'PN',
	'SH',
	'ST',
	'TM',
	'UC',
	'UR',
	'UT'
]);
/** Every date, time and name is emptied wherever it sits (sequences, SR content, private groups). */
const ALWAYS_EMPTY_VRS = new Set(['PN', 'DA', 'DT', 'TM']);

/** Original UID → replacement of the same length, shared by every file of one share so references still match. */
export class UidMap {
	readonly #map = new Map<string, string>();
	/** Replacements handed out, so two UIDs never map to the same one (a set: a share may hold thousands). */
	readonly #used = new Set<string>();

	replace(uid: string): string {
		const known = this.#map.get(uid);
		if (known) return known;
		let next: string;
		do next = newUidOfLength(uid.length);
		while (this.#used.has(next));
		this.#map.set(uid, next);
		this.#used.add(next);
		return next;
	}
}

/** "2.25." and random digits (no leading zero), as long as the UID it replaces; short UIDs get a short root. */
function newUidOfLength(length: number): string {
	const digits = (n: number) => {
		const bytes = crypto.getRandomValues(new Uint8Array(n));
		let out = '';
		for (let i = 0; i < n; i++) out += String(bytes[i]! % 10);
		return out.replace(/^0/, '1');
	};
	if (length >= 8) return `2.25.${digits(length - 5)}`;
	if (length >= 3) return `2.${digits(length - 2)}`;
	return digits(Math.max(1, length));
}

export interface DeidentifyResult {
	bytes: Uint8Array;
	/** How many values were emptied or replaced. */
	changed: number;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';

export function deidentify(input: Uint8Array, uids: UidMap): DeidentifyResult {
	const out = input.slice();
	let dataSet: DataSet;
	try {
		dataSet = dicomParser.parseDicom(out, {
			// Implicit VR files do not say which elements are sequences; these are the ones this profile opens.
			vrCallback: (tag: string) => IMPLICIT_VRS[tag.slice(1).toUpperCase()]
		} as Parameters<typeof dicomParser.parseDicom>[1]);
	} catch {
		throw new DicomError('unreadable-header', 'cannot de-identify a file that does not parse');
	}
	if (dataSet.string('x00020010') === DEFLATED) {
		// The dataset is compressed: in-place edits are impossible, and sharing it identified is not an option.
		throw new DicomError('unreadable-header', 'a deflated file cannot be de-identified here');
	}
	let changed = 0;

	const fill = (element: Element, byte: number) => {
		out.fill(byte, element.dataOffset, element.dataOffset + element.length);
		changed++;
	};

	const replaceUids = (element: Element) => {
		const text = new TextDecoder('latin1').decode(
			out.subarray(element.dataOffset, element.dataOffset + element.length)
		);
		const values = text.replace(/[\0 ]+$/, '').split('\\');
		// UIDs under the DICOM root name classes, transfer syntaxes and coding schemes, never an instance: kept.
		const mapped = values.map((v) => (v && !v.startsWith('1.2.840.10008.') ? uids.replace(v) : v));
		const bytes = new TextEncoder().encode(mapped.join('\\'));
		out.fill(0, element.dataOffset, element.dataOffset + element.length);
		out.set(bytes.subarray(0, element.length), element.dataOffset);
		changed++;
	};

	/** `wipe`: inside a private element or a sequence the profile removes — empty every value in it. */
	const walk = (ds: DataSet, wipe: boolean) => {
		for (const element of Object.values(ds.elements)) {
			const tag = element.tag.slice(1).toUpperCase();
			const group = parseInt(tag.slice(0, 4), 16);
			const action = ATTRIBUTES[tag];
			const isPrivate = group % 2 === 1 && group > 8;
			if (element.items) {
				const inner = wipe || isPrivate || action === 'empty';
				for (const item of element.items) if (item.dataSet) walk(item.dataSet, inner);
				continue;
			}
			if (tag === '7FE00010' || element.fragments || element.encapsulatedPixelData) continue;
			if (!element.length || element.length === 0xffffffff) continue;
			const vr = element.vr ?? IMPLICIT_VRS[tag];
			if (action === 'uid' || (vr === 'UI' && wipe)) replaceUids(element);
			else if (action === 'empty' || wipe || isPrivate || (vr && ALWAYS_EMPTY_VRS.has(vr))) {
				// Text is emptied with spaces (DICOM's padding: an empty value); anything else with zeros.
				fill(element, vr && TEXT_VRS.has(vr) ? 0x20 : 0);
			}
		}
	};
	walk(dataSet, false);
	return { bytes: out, changed };
}
