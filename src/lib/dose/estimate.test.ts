import { describe, expect, it } from 'vitest';
import { ageGroupOf } from './coefficients';
import { ageAt, backgroundEquivalent, estimateEffectiveDose } from './estimate';
import type { CtEvent, DoseReport, XrayEvent } from './model';
import { unitFactor, type Quantity } from './units';

const ct = (over: Partial<CtEvent>): CtEvent => ({
	kind: 'ct',
	uid: '',
	protocol: 'p',
	target: { value: '51185008', scheme: 'SCT', meaning: 'Chest' },
	ctdiVol: 10,
	dlp: 100,
	phantom: null,
	...over
});
const ctReport = (events: CtEvent[]): DoseReport => ({
	category: 'ct',
	origin: 'rdsr',
	procedure: '',
	events,
	dlp: null,
	dap: null,
	doseRP: null,
	agd: {}
});
const xray = (over: Partial<XrayEvent>): XrayEvent => ({
	kind: 'xray',
	uid: '',
	protocol: 'p',
	target: { value: 'T-32000', scheme: 'SRT', meaning: 'Heart' },
	dap: 10,
	doseRP: null,
	agd: null,
	laterality: null,
	view: '',
	...over
});

describe('units: UCUM to mGy, mGy·cm and Gy·cm²', () => {
	it.each<[Quantity, string, string, number | null]>([
		['dose', 'mGy', 'UCUM', 1],
		['dose', 'Gy', 'UCUM', 1000],
		['dose', 'uGy', 'UCUM', 0.001],
		['dose', 'mGy', '99VENDOR', null],
		['dose', 'mSv', 'UCUM', null],
		['dlp', 'mGy.cm', 'UCUM', 1],
		['dlp', 'mGycm', 'UCUM', 1],
		['dlp', 'Gy.cm', 'UCUM', 1000],
		['dlp', 'mGy.mm', 'UCUM', 0.1],
		['dlp', 'mGy', 'UCUM', null],
		['dap', 'Gy.m2', 'UCUM', 1e4],
		['dap', 'dGy.cm2', 'UCUM', 0.1],
		['dap', 'mGy.cm2', 'UCUM', 0.001],
		['dap', 'uGy.m2', 'UCUM', 0.01],
		['dap', 'cGy.cm2', 'UCUM', 0.01],
		['dap', 'Gy.cm', 'UCUM', null],
		['dap', 'toString', 'UCUM', null]
	])('%s in %s (%s) → ×%s', (quantity, value, scheme, factor) => {
		expect(unitFactor({ value, scheme, meaning: '' }, quantity)).toBe(factor);
	});
});

describe('CT: DLP × k by region and age (AAPM Report 96, Table 4)', () => {
	it.each<[string, number, string, 'head' | 'body' | null, number | null]>([
		// [target (SCT), age, region meaning, phantom, expected mSv for DLP 100]
		['69536005', 40, 'Head', 'head', 0.21],
		['774007', 40, 'Head and Neck', 'head', 0.31],
		['45048000', 40, 'Neck', 'body', 0.59],
		['51185008', 40, 'Chest', 'body', 1.4],
		['113345001', 40, 'Abdomen', 'body', 1.5],
		['416949008', 40, 'Abdomen and Pelvis', null, 1.5],
		['416775004', 40, 'Chest, Abdomen and Pelvis', 'body', 1.5],
		['80891009', 40, 'Heart (chest row)', 'body', 1.4],
		['69536005', 0.2, 'Head, newborn', 'head', 1.1],
		['69536005', 1, 'Head, 1 year', 'head', 0.67],
		['51185008', 5, 'Chest, 5 years', 'head', 1.8],
		['113345001', 10, 'Abdomen, 10 years', 'head', 1.5],
		['51185008', 5, 'Chest, 5 years, body phantom: not estimated', 'body', null],
		['69536005', 40, 'Head on the body phantom: not estimated', 'body', null],
		['38266002', 40, 'Entire body: no coefficient', 'body', null],
		['76752008', 40, 'Breast: no CT row', 'body', null]
	])('%s, age %s (%s)', (value, age, meaning, phantom, mSv) => {
		const estimate = estimateEffectiveDose(
			[
				{
					ok: true,
					report: ctReport([ct({ target: { value, scheme: 'SCT', meaning }, phantom })])
				}
			],
			age
		);
		if (mSv === null) {
			expect(estimate.mSv).toBeNull();
			expect(estimate.missing).toHaveLength(1);
		} else expect(estimate.mSv).toBeCloseTo(mSv, 9);
	});

	it('sums the events it can convert and lists the rest', () => {
		const estimate = estimateEffectiveDose(
			[
				{
					ok: true,
					report: ctReport([
						ct({ dlp: 300 }),
						ct({ protocol: 'scout', target: null, dlp: 5 }),
						ct({ protocol: 'no dlp', dlp: null }),
						ct({ target: { value: 'T-D1100', scheme: 'SRT', meaning: 'Head' }, dlp: 1000 })
					])
				},
				{ ok: false, problem: { code: 'unknown-unit', detail: 'x' } }
			],
			30
		);
		expect(estimate.mSv).toBeCloseTo(300 * 0.014 + 1000 * 0.0021, 9);
		expect(estimate.missing.map((m) => [m.code, m.label])).toEqual([
			['no-region', 'scout'],
			['no-dlp', 'no dlp'],
			['not-understood', '']
		]);
	});

	it('does not guess an age: without one, nothing is estimated', () => {
		const estimate = estimateEffectiveDose([{ ok: true, report: ctReport([ct({})]) }], null);
		expect(estimate).toEqual({
			mSv: null,
			parts: [],
			missing: [{ code: 'age-unknown', label: '', detail: '' }]
		});
	});
});

describe('projection X-ray: DAP × coefficient, adults, named regions only', () => {
	it.each<[string, string, number, number | null, string | null]>([
		['T-32000', 'SRT', 40, 2.1, null],
		['41801008', 'SCT', 40, 2.1, null],
		['61685007', 'SCT', 40, 0.65, null],
		['51185008', 'SCT', 40, null, 'no-coefficient'],
		['T-32000', 'SRT', 9, null, 'child'],
		['XYZ', '99X', 40, null, 'no-region']
	])('%s (%s), age %s', (value, scheme, age, mSv, missing) => {
		const report: DoseReport = {
			...ctReport([]),
			category: 'xray',
			events: [xray({ target: { value, scheme, meaning: '' } })]
		};
		const estimate = estimateEffectiveDose([{ ok: true, report }], age);
		if (mSv === null) expect(estimate.mSv).toBeNull();
		else expect(estimate.mSv).toBeCloseTo(mSv, 9);
		expect(estimate.missing.map((m) => m.code)).toEqual(missing ? [missing] : []);
	});
});

describe('mammography: 0.12 × mean glandular dose over both breasts (ICRP 103)', () => {
	it.each<[Partial<Record<'left' | 'right' | 'both', number>>, number | null]>([
		[{ left: 1.3, right: 1.28 }, 0.12 * 1.29],
		[{ left: 2 }, 0.12],
		[{ both: 1.5 }, 0.18],
		[{}, null]
	])('%j → %s mSv', (agd, mSv) => {
		const report: DoseReport = {
			...ctReport([]),
			category: 'mammography',
			agd: Object.fromEntries(
				Object.entries(agd).map(([k, v]) => [k, { value: v, from: 'reported' as const }])
			)
		};
		const estimate = estimateEffectiveDose([{ ok: true, report }], null);
		if (mSv === null) expect(estimate.missing.map((m) => m.code)).toEqual(['no-agd']);
		else expect(estimate.mSv).toBeCloseTo(mSv, 9);
	});
});

describe('ages and background', () => {
	it.each([
		[0.2, '0'],
		[0.5, '1'],
		[2.9, '1'],
		[3, '5'],
		[7.4, '5'],
		[7.5, '10'],
		[14.9, '10'],
		[15, 'adult'],
		[80, 'adult']
	])('age %s → table column %s', (age, group) => expect(ageGroupOf(age)).toBe(group));

	it.each<[string, string, number | null]>([
		['19700101', '20230405', 53.26],
		['20200229', '20210228', 1],
		['', '20230405', null],
		['20240101', '20230101', null],
		['19700101', '2023', null]
	])('born %s, study %s → %s years', (birth, study, years) => {
		const age = ageAt(birth, study);
		if (years === null) expect(age).toBeNull();
		else expect(age).toBeCloseTo(years, 1);
	});

	it.each([
		[0.001, { unit: 'days', value: 0 }],
		[0.02, { unit: 'days', value: 3 }],
		[0.1, { unit: 'days', value: 15 }],
		[2.4, { unit: 'months', value: 12 }],
		[7, { unit: 'years', value: 2.9 }],
		[10, { unit: 'years', value: 4.2 }]
	])('%s mSv is like %j of natural background (2.4 mSv a year)', (mSv, span) => {
		expect(backgroundEquivalent(mSv)).toEqual(span);
	});
});
