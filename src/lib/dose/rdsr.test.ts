import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStructuredReport } from '$lib/dicom';
import { estimateEffectiveDose } from './estimate';
import type { DoseReading, DoseReport } from './model';
import { readDoseReport } from './rdsr';

const DOSE_FIXTURES = join(import.meta.dirname, '../../../tests/fixtures/dose');
const read = (name: string) =>
	readDoseReport(readStructuredReport(new Uint8Array(readFileSync(join(DOSE_FIXTURES, name)))));
const report = (reading: DoseReading | null): DoseReport => {
	if (!reading?.ok) throw new Error(`not understood: ${JSON.stringify(reading)}`);
	return reading.report;
};

describe('dose reports read by code and UCUM unit', () => {
	it('CT, Siemens (retired SRT codes, "mGycm"): four events, the reported DLP total', () => {
		const r = report(read('CT-RDSR-Siemens_Flash-TAP-SS.dcm'));
		expect(r.category).toBe('ct');
		expect(r.dlp).toEqual({ value: 724.52, from: 'reported' });
		expect(r.events.map((e) => e.kind === 'ct' && [e.target?.value, e.ctdiVol, e.dlp])).toEqual([
			['T-D0010', 0.14, 11.51],
			['T-D4000', 1.2, 1.2],
			['T-D4000', 3.61, 3.61],
			['T-D4000', 9.91, 708.2]
		]);
		expect(r.events.every((e) => e.kind === 'ct' && e.phantom === 'body')).toBe(true);
		// Adult (67): abdomen & pelvis k 0.015 for the three abdomen events; "Entire body" has no coefficient.
		const estimate = estimateEffectiveDose([{ ok: true, report: r }], 67);
		expect(estimate.mSv).toBeCloseTo((1.2 + 3.61 + 708.2) * 0.015, 6);
		expect(estimate.missing).toEqual([
			// The protocol's bytes are UTF-8 under a Latin-1 character set in the file: decoded as declared.
			{ code: 'no-region', label: expect.stringMatching(/^test/), detail: 'Entire body' }
		]);
	});

	it('CT, GE-like (SCT codes, "mGy.cm"): head on the head phantom and chest on the body phantom', () => {
		const r = report(read('ct-rdsr-ge-shape.dcm'));
		expect(r.dlp).toEqual({ value: 1012.5, from: 'reported' });
		const estimate = estimateEffectiveDose([{ ok: true, report: r }], 53);
		expect(estimate.parts.map((p) => [p.label, p.k, p.region])).toEqual([
			['Head routine', 0.0021, 'head'],
			['Chest', 0.014, 'chest']
		]);
		expect(estimate.mSv).toBeCloseTo(812.5 * 0.0021 + 200 * 0.014, 6);
		expect(estimate.missing).toEqual([]);
	});

	it('mammography, Hologic: average glandular dose per breast', () => {
		const r = report(read('MG-RDSR-Hologic_2D.dcm'));
		expect(r.category).toBe('mammography');
		expect(r.agd).toEqual({
			left: { value: 1.3, from: 'reported' },
			right: { value: 1.28, from: 'reported' }
		});
		expect(r.events.map((e) => e.kind === 'xray' && [e.laterality, e.agd])).toEqual([
			['left', 1.3],
			['right', 1.28]
		]);
		const estimate = estimateEffectiveDose([{ ok: true, report: r }], 60);
		expect(estimate.mSv).toBeCloseTo(0.12 * ((1.3 + 1.28) / 2), 9);
	});

	it('projection X-ray, Canon DX: DAP in Gy.m2 becomes Gy·cm²; chest DAP has no coefficient yet', () => {
		const r = report(read('DX-RDSR-Canon_CXDI.dcm'));
		expect(r.category).toBe('xray');
		expect(r.dap!.value).toBeCloseTo(0.107, 9);
		expect(r.doseRP).toBeNull();
		const estimate = estimateEffectiveDose([{ ok: true, report: r }], 58);
		expect(estimate.mSv).toBeNull();
		expect(estimate.missing).toEqual([
			{ code: 'no-coefficient', label: 'THORAX AP 90kv-0,9mAs', detail: 'Chest' }
		]);
	});

	it('cardiac fluoroscopy, Philips-like: DAP events on the heart, reported totals', () => {
		const r = report(read('rf-rdsr-philips-shape.dcm'));
		expect(r.dap!.value).toBeCloseTo(12.5, 9);
		expect(r.doseRP).toEqual({ value: 210, from: 'reported' });
		const estimate = estimateEffectiveDose([{ ok: true, report: r }], 67);
		expect(estimate.mSv).toBeCloseTo(12.5 * 0.21, 9);
		expect(estimate.parts.every((p) => p.source === 'vano2019')).toBe(true);
	});

	it('a unit that is not UCUM for its quantity makes the report "not understood", naming it', () => {
		expect(read('ct-rdsr-unknown-unit.dcm')).toEqual({
			ok: false,
			problem: { code: 'unknown-unit', detail: '"mGy*cm" (UCUM) for DCM 113838 (DLP)' }
		});
	});

	it('is not fooled by display text: a renamed meaning reads the same, a changed code does not', () => {
		const doc = readStructuredReport(
			new Uint8Array(readFileSync(join(DOSE_FIXTURES, 'ct-rdsr-ge-shape.dcm')))
		);
		const walk = (nodes: typeof doc.root, f: (n: (typeof doc.root)[number]) => void) =>
			nodes.forEach((n) => (f(n), walk(n.children, f)));
		walk(doc.root, (n) => {
			n.concept = 'Renamed';
			if (n.conceptCode) n.conceptCode = { ...n.conceptCode, meaning: 'Renamed' };
		});
		expect(report(readDoseReport(doc)).dlp?.value).toBe(1012.5);
		walk(doc.root, (n) => {
			if (n.conceptCode?.value === '113838') n.conceptCode = { ...n.conceptCode, scheme: '99X' };
		});
		const r = report(readDoseReport(doc));
		expect(r.events.map((e) => e.kind === 'ct' && e.dlp)).toEqual([null, null]);
	});

	it('a report that is not a dose report is none of its business', () => {
		const doc = readStructuredReport(
			new Uint8Array(readFileSync(join(DOSE_FIXTURES, 'ct-rdsr-ge-shape.dcm')))
		);
		expect(
			readDoseReport({
				...doc,
				code: { value: '18748-4', scheme: 'LN', meaning: '' },
				SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.33'
			})
		).toBeNull();
		expect(
			readDoseReport({ ...doc, code: { value: '18748-4', scheme: 'LN', meaning: 'x' } })
		).toEqual({ ok: false, problem: { code: 'not-a-dose-report', detail: 'LN 18748-4 (x)' } });
		expect(
			readDoseReport({ ...doc, code: { value: '113500', scheme: 'DCM', meaning: '' } })
		).toMatchObject({
			ok: false,
			problem: { code: 'radiopharmaceutical' }
		});
	});
});
