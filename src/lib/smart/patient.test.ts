import { describe, expect, it } from 'vitest';
import { isThisPatient, readPatient } from './patient';

const patient = readPatient({
	resourceType: 'Patient',
	id: 'alice',
	identifier: [
		{ type: { coding: [{ code: 'MR' }] }, system: 'urn:demo:mrn', value: 'RFDEMO-ALICE' }
	],
	name: [
		{ use: 'official', family: 'Demo', given: ['Alice', 'B'] },
		{ use: 'maiden', family: 'Núñez', given: ['Alice'] }
	]
});
const file = (PatientID: string, PatientName: string) => ({
	patient: { PatientID, PatientName, PatientBirthDate: '', PatientSex: '', IssuerOfPatientID: '' }
});

describe('the patient a grant is for', () => {
	it('reads the name to show, the identifiers and every family + first given name', () => {
		expect(patient.display).toBe('Alice B Demo');
		expect(patient.identifiers).toEqual(['RFDEMO-ALICE']);
		expect(patient.names).toEqual(['demo alice', 'nunez alice']);
		expect(
			readPatient({ resourceType: 'Patient', name: [{ text: 'Ms Alice Demo' }] }).display
		).toBe('Ms Alice Demo');
		expect(readPatient({ resourceType: 'Observation' })).toEqual({
			display: null,
			identifiers: [],
			names: []
		});
	});

	it.each([
		['the same PatientID', 'RFDEMO-ALICE', 'SOMEONE^ELSE', true],
		['the same name, another ID (another system’s MRN)', 'X-123', 'DEMO^ALICE', true],
		['a maiden name, accents as the RIS wrote them', 'X-123', 'NUNEZ^ALICE^B', true],
		[
			'an ID differing only in case, another name (the look-alike)',
			'rfdemo-alice',
			'DEMO^TWIN',
			false
		],
		['another patient', 'RFDEMO-BOB', 'DEMO^BOB', false],
		['same family, another given name', 'X', 'DEMO^ALICIA', false],
		['nothing to compare', '', '', false]
	])('%s → %s', (_name, id, name, expected) => {
		expect(isThisPatient(file(id, name), patient)).toBe(expected);
	});
});
