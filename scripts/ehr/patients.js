// The test EHR's patients: each a FHIR Patient whose MRN identifier is the DICOM PatientID of the demo archive
// (tests/fixtures/archive-seed.ts), and a patient-portal login. Demo credentials only: never a real person.

/** The identifier system of the demo EHR's MRNs; the gateway maps a FHIR Patient to a DICOM PatientID by it. */
export const DEMO_MRN_SYSTEM = 'urn:radfolio:demo-ehr:mrn';

/** HL7 v2 table 0203 "MR" (medical record number): the type an MRN identifier carries. */
export const MRN_TYPE = {
	coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }]
};

/**
 * @typedef {{ id: string, username: string, password: string, family: string, given: string, mrn: string }} EhrPatient
 * `id` is the FHIR logical id (the SMART `patient` context); `mrn` the DICOM PatientID in the archive.
 */

/** @type {EhrPatient[]} The archive's demo patients (ARCHIVE_PATIENTS): Alice, Bob and Alice's case-only twin. */
export const DEMO_PATIENTS = [
	{
		id: 'pt-alice',
		username: 'alice',
		password: 'alice-demo',
		family: 'Demo',
		given: 'Alice',
		mrn: 'RFDEMO-ALICE'
	},
	{
		id: 'pt-bob',
		username: 'bob',
		password: 'bob-demo',
		family: 'Demo',
		given: 'Bob',
		mrn: 'RFDEMO-BOB'
	},
	{
		id: 'pt-twin',
		username: 'twin',
		password: 'twin-demo',
		family: 'Demo',
		given: 'Twin',
		mrn: 'rfdemo-alice'
	}
];

/**
 * The FHIR R4 Patient resource of a patient.
 * @param {EhrPatient} patient
 */
export function patientResource(patient) {
	return {
		resourceType: 'Patient',
		id: patient.id,
		identifier: [{ use: 'usual', type: MRN_TYPE, system: DEMO_MRN_SYSTEM, value: patient.mrn }],
		active: true,
		name: [{ use: 'official', family: patient.family, given: [patient.given] }]
	};
}
