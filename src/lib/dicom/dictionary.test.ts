import { describe, expect, it } from 'vitest';
import { loadDictionary } from './dictionary';

describe('DICOM data dictionary (generated from dcmjs at install)', () => {
	it('names its source and gives the PS3.6 VR of public tags, retired ones included', async () => {
		const dictionary = await loadDictionary();
		expect(dictionary.source).toMatch(/^dcmjs \d+\.\d+\.\d+$/);
		expect(dictionary.vrOf(0x00080012)).toBe('DA'); // InstanceCreationDate
		expect(dictionary.vrOf(0x00181012)).toBe('DA'); // DateOfSecondaryCapture
		expect(dictionary.vrOf(0x00400244)).toBe('DA'); // PerformedProcedureStepStartDate
		expect(dictionary.vrOf(0x00321032)).toBe('PN'); // RequestingPhysician
		expect(dictionary.vrOf(0x0040a730)).toBe('SQ'); // ContentSequence
		expect(dictionary.vrOf(0x00080025)).toBe('DA'); // CurveDate (retired)
		expect(dictionary.vrOf(0x00280106)).toBe('US or SS'); // SmallestImagePixelValue
		expect(dictionary.vrOf(0x7fe00010)).toBe('OB or OW'); // PixelData
	});

	it('takes tags as numbers or as dicom-parser writes them', async () => {
		const dictionary = await loadDictionary();
		expect(dictionary.vrOf('x00100010')).toBe('PN');
		expect(dictionary.vrOf('0020000d')).toBe('UI');
		expect(dictionary.vrOf('x0010')).toBeUndefined();
		expect(dictionary.vrOf(-1)).toBeUndefined();
	});

	it('resolves repeating groups, element ranges, group lengths and private creators', async () => {
		const dictionary = await loadDictionary();
		expect(dictionary.vrOf(0x60003000)).toBe('OB or OW'); // (60xx,3000) OverlayData
		expect(dictionary.vrOf(0x601e4000)).toBe('LT'); // (60xx,4000) OverlayComments
		expect(dictionary.vrOf(0x50022500)).toBe('LO'); // (50xx,2500) CurveLabel
		expect(dictionary.vrOf(0x7f020010)).toBe('OB or OW'); // (7Fxx,0010) VariablePixelData
		expect(dictionary.vrOf(0x002031a7)).toBe('CS'); // (0020,31xx) SourceImageIDs
		expect(dictionary.vrOf(0x00180000)).toBe('UL'); // a group length
		expect(dictionary.vrOf(0x00290010)).toBe('LO'); // a private creator
		// Odd groups in a repeating range are private, not overlays; private attributes are not in any dictionary.
		expect(dictionary.vrOf(0x60013000)).toBeUndefined();
		expect(dictionary.vrOf(0x00291010)).toBeUndefined();
		expect(dictionary.vrOf(0x00321099)).toBeUndefined(); // not an attribute of PS3.6
	});

	it('loads once', async () => {
		expect(await loadDictionary()).toBe(await loadDictionary());
	});
});
