/**
 * What "Remove my name and IDs" removes: the DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile
 * (Table E.1-1), applied by `deidentify.ts` through three rules instead of the table's thousand rows.
 *
 * 1. By VR, wherever the attribute sits (top level, any sequence depth, SR content, private groups): every person
 *    name, date, date-time and time (PN, DA, DT, TM: Annex E removes or dummies them all, and keeping none is
 *    simpler than keeping the few it allows), every AE title (they name stations and archives, and nothing a
 *    reader needs), and every UID is replaced (U) — but for the class and transfer syntax UIDs below.
 * 2. By tag, the attributes below: identifiers, descriptions and comments whose VR (LO, SH, LT…) is also used by
 *    attributes the profile keeps (K), such as Modality or BodyPartExamined. Actions X, Z and D all become an
 *    empty value here; a sequence listed here has every value inside it emptied.
 * 3. Repeating groups: curves (50xx,eeee) entirely, overlay data and comments (60xx,3000) and (60xx,4000), and
 *    the retired source image IDs (0020,31xx).
 *
 * Private attributes are emptied whole (the profile's default without the Retain Safe Private option).
 */

/** Attributes emptied by tag (rule 2). Keys are dicom-parser tags without the "x", upper case. */
export const REMOVED_ATTRIBUTES: ReadonlySet<string> = new Set([
	// Patient
	'00100010', // PatientName
	'00100020', // PatientID
	'00100021', // IssuerOfPatientID
	'00100024', // IssuerOfPatientIDQualifiersSequence
	'00100030', // PatientBirthDate
	'00100032', // PatientBirthTime
	'00100033', // PatientBirthDateInAlternativeCalendar
	'00100034', // PatientDeathDateInAlternativeCalendar
	'00100035', // PatientAlternativeCalendar
	'00100040', // PatientSex
	'00100050', // PatientInsurancePlanCodeSequence
	'00101000', // OtherPatientIDs
	'00101001', // OtherPatientNames
	'00101002', // OtherPatientIDsSequence
	'00101005', // PatientBirthName
	'00101010', // PatientAge
	'00101020', // PatientSize
	'00101030', // PatientWeight
	'00101040', // PatientAddress
	'00101050', // InsurancePlanIdentification
	'00101060', // PatientMotherBirthName
	'00101080', // MilitaryRank
	'00101081', // BranchOfService
	'00101090', // MedicalRecordLocator
	'00101100', // ReferencedPatientPhotoSequence
	'00102000', // MedicalAlerts
	'00102110', // Allergies
	'00102150', // CountryOfResidence
	'00102152', // RegionOfResidence
	'00102154', // PatientTelephoneNumbers
	'00102160', // EthnicGroup
	'00102180', // Occupation
	'001021A0', // SmokingStatus
	'001021B0', // AdditionalPatientHistory
	'001021C0', // PregnancyStatus
	'001021D0', // LastMenstrualDate
	'001021F0', // PatientReligiousPreference
	'00102203', // PatientSexNeutered
	'00102297', // ResponsiblePerson
	'00102299', // ResponsibleOrganization
	'00104000', // PatientComments
	'00380004', // ReferencedPatientAliasSequence
	'00380010', // AdmissionID
	'00380011', // IssuerOfAdmissionID
	'00380014', // IssuerOfAdmissionIDSequence
	'00380060', // ServiceEpisodeID
	'00380061', // IssuerOfServiceEpisodeID
	'00380062', // ServiceEpisodeDescription
	'00380064', // IssuerOfServiceEpisodeIDSequence
	'00380300', // CurrentPatientLocation
	'00380400', // PatientInstitutionResidence
	'00380500', // PatientState
	'00384000', // VisitComments
	// Clinical trial
	'00120010', // ClinicalTrialSponsorName
	'00120020', // ClinicalTrialProtocolID
	'00120021', // ClinicalTrialProtocolName
	'00120030', // ClinicalTrialSiteID
	'00120031', // ClinicalTrialSiteName
	'00120040', // ClinicalTrialSubjectID
	'00120042', // ClinicalTrialSubjectReadingID
	'00120050', // ClinicalTrialTimePointID
	'00120051', // ClinicalTrialTimePointDescription
	'00120060', // ClinicalTrialCoordinatingCenterName
	'00120071', // ClinicalTrialSeriesID
	'00120072', // ClinicalTrialSeriesDescription
	'00120081', // ClinicalTrialProtocolEthicsCommitteeName
	'00120082', // ClinicalTrialProtocolEthicsCommitteeApprovalNumber
	// Study, visit, people and places
	'00080050', // AccessionNumber
	'00080080', // InstitutionName
	'00080081', // InstitutionAddress
	'00080082', // InstitutionCodeSequence
	'00080092', // ReferringPhysicianAddress
	'00080094', // ReferringPhysicianTelephoneNumbers
	'00080096', // ReferringPhysicianIdentificationSequence
	'0008009D', // ConsultingPhysicianIdentificationSequence
	'00080201', // TimezoneOffsetFromUTC
	'00081010', // StationName
	'00081030', // StudyDescription
	'0008103E', // SeriesDescription
	'00081040', // InstitutionalDepartmentName
	'00081041', // InstitutionalDepartmentTypeCodeSequence
	'00081049', // PhysiciansOfRecordIdentificationSequence
	'00081052', // PerformingPhysicianIdentificationSequence
	'00081062', // PhysiciansReadingStudyIdentificationSequence
	'00081072', // OperatorIdentificationSequence
	'00081080', // AdmittingDiagnosesDescription
	'00081084', // AdmittingDiagnosesCodeSequence
	'00081111', // ReferencedPerformedProcedureStepSequence
	'00081120', // ReferencedPatientSequence
	'00082111', // DerivationDescription
	'00084000', // IdentifyingComments
	'00181000', // DeviceSerialNumber
	'00181004', // PlateID
	'00181005', // GeneratorID
	'00181007', // CassetteID
	'00181008', // GantryID
	'00181009', // UniqueDeviceIdentifier
	'00181030', // ProtocolName
	'00181400', // AcquisitionDeviceProcessingDescription
	'00184000', // AcquisitionComments
	'0018700A', // DetectorID
	'00189424', // AcquisitionProtocolDescription
	'0018A003', // ContributionDescription
	'00200010', // StudyID
	'00203401', // ModifyingDeviceID
	'00203404', // ModifyingDeviceManufacturer
	'00203406', // ModifiedImageDescription
	'00204000', // ImageComments
	'00209158', // FrameComments
	'00321020', // ScheduledStudyLocation
	'00321030', // ReasonForStudy
	'00321033', // RequestingService
	'00321060', // RequestedProcedureDescription
	'00321070', // RequestedContrastAgent
	'00324000', // StudyComments
	'00400007', // ScheduledProcedureStepDescription
	'00400009', // ScheduledProcedureStepID
	'00400010', // ScheduledStationName
	'00400011', // ScheduledProcedureStepLocation
	'00400242', // PerformedStationName
	'00400243', // PerformedLocation
	'00400253', // PerformedProcedureStepID
	'00400254', // PerformedProcedureStepDescription
	'00400275', // RequestAttributesSequence
	'00400280', // CommentsOnThePerformedProcedureStep
	'00400310', // CommentsOnRadiationDose
	'00400555', // AcquisitionContextSequence
	'00401001', // RequestedProcedureID
	'00401002', // ReasonForTheRequestedProcedure
	'00401004', // PatientTransportArrangements
	'00401005', // RequestedProcedureLocation
	'00401011', // IntendedRecipientsOfResultsIdentificationSequence
	'00401101', // PersonIdentificationCodeSequence
	'00401102', // PersonAddress
	'00401103', // PersonTelephoneNumbers
	'00401104', // PersonTelecomInformation
	'00401400', // RequestedProcedureComments
	'00402001', // ReasonForTheImagingServiceRequest
	'00402009', // OrderEntererLocation
	'00402010', // OrderCallbackPhoneNumber
	'00402011', // OrderCallbackTelecomInformation
	'00402016', // PlacerOrderNumberImagingServiceRequest
	'00402017', // FillerOrderNumberImagingServiceRequest
	'00402400', // ImagingServiceRequestComments
	'00403001', // ConfidentialityConstraintOnPatientDataDescription
	'0040A027', // VerifyingOrganization
	'0040A073', // VerifyingObserverSequence
	'0040A078', // AuthorObserverSequence
	'0040A07A', // ParticipantSequence
	'0040A07C', // CustodialOrganizationSequence
	'0040A088', // VerifyingObserverIdentificationCodeSequence
	'0040A730', // ContentSequence (an SR's whole content tree: the profile removes it)
	'00700086', // ContentCreatorIdentificationCodeSequence
	'00880200', // IconImageSequence (an icon can show what the image shows, burned-in text included)
	'00880904', // TopicTitle
	'00880906', // TopicSubject
	'00880910', // TopicAuthor
	'00880912', // TopicKeywords
	'04000561', // OriginalAttributesSequence
	'20300020', // TextString
	'40000010', // Arbitrary
	'40004000' // TextComments
]);

/**
 * UIDs that name a kind of thing, not an instance, and are kept (K): a SOP class, a transfer syntax, a coding
 * scheme, the writing software. Values under the DICOM root (1.2.840.10008.) are kept wherever they are; these
 * tags keep vendors' private class and syntax UIDs too, which the recipient's software needs as they are.
 */
export const CLASS_UIDS: ReadonlySet<string> = new Set([
	'00020002', // MediaStorageSOPClassUID
	'00020010', // TransferSyntaxUID
	'00020012', // ImplementationClassUID
	'00041510', // ReferencedSOPClassUIDInFile
	'00041512', // ReferencedTransferSyntaxUIDInFile
	'0004151A', // ReferencedRelatedGeneralSOPClassUIDInFile
	'00080016', // SOPClassUID
	'0008001A', // RelatedGeneralSOPClassUID
	'0008001B', // OriginalSpecializedSOPClassUID
	'00080062', // SOPClassesInStudy
	'0008010C', // CodingSchemeUID
	'00081150', // ReferencedSOPClassUID
	'04000010', // MACCalculationTransferSyntaxUID
	'04000510' // EncryptedContentTransferSyntaxUID
]);

/** Rule 1: values emptied wherever they are. */
export const ALWAYS_EMPTY_VRS: ReadonlySet<string> = new Set(['PN', 'DA', 'DT', 'TM', 'AE']);

/** Value representations whose values are text (emptied with spaces, DICOM's padding, which reads as empty). */
export const TEXT_VRS: ReadonlySet<string> = new Set([
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

/** Rule 3: repeating-group attributes the profile removes, by group and element. */
export function isRemovedRepeatingAttribute(group: number, element: number): boolean {
	const even = group % 2 === 0;
	if (even && group >= 0x5000 && group <= 0x50ff) return true; // (50xx,eeee) curves: X
	if (even && group >= 0x6000 && group <= 0x60ff) return element === 0x3000 || element === 0x4000; // overlays
	return group === 0x0020 && element >= 0x3100 && element <= 0x31ff; // (0020,31xx) source image IDs
}
