import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	pdfReportFile,
	srReportFile,
	syntheticStudy
} from '../../../tests/fixtures/dicom/generate';
import { SHARED_DICOM, hasSharedDicom } from '../../../tests/fixtures/shared';
import { extractEncapsulatedPdf, readStructuredReport, type SrNode } from './report';

describe('structured reports as documents', () => {
	it('reads headings, findings, impressions and measurements with units', () => {
		const doc = readStructuredReport(srReportFile(syntheticStudy(1)));
		expect(doc).toMatchObject({
			title: 'Diagnostic imaging report',
			completion: 'COMPLETE',
			verification: 'VERIFIED',
			contentDate: '20240215'
		});
		const [findings, impressions] = doc.root as [SrNode, SrNode];
		expect(findings.concept).toBe('Findings');
		expect(findings.children[0]).toMatchObject({
			concept: 'Finding',
			text: 'A 12 mm nodule in the right upper lobe.'
		});
		expect(findings.children[1]!.measurement).toEqual({ value: '12.5', unit: 'mm' });
		expect(impressions.children[0]!.text).toBe('Follow-up CT in 3 months.');
		// Three bare image references become one line.
		expect(impressions.children).toHaveLength(2);
		expect(impressions.children[1]!.text).toBe('3 images or objects of the study are referenced');
	});

	it.runIf(hasSharedDicom)(
		'reads the corpus reports: basic text, TID 1500, dose SR, deflated',
		() => {
			const read = (p: string) =>
				readStructuredReport(new Uint8Array(readFileSync(join(SHARED_DICOM, p))));
			expect(read('reports/dcmqi_tid1500_sr.dcm').title).toBe('Imaging Measurement Report');
			expect(read('reports/rdsr/CT-RDSR-Siemens_Flash-TAP-SS.dcm').title).toBe(
				'X-Ray Radiation Dose Report'
			);
			expect(read('odd/sr_deflated_enhanced.dcm').title).toBe('Consultation Report');
			expect(JSON.stringify(read('reports/basic_text_sr_collective_minds.dcm').root)).toContain(
				'Image Reference'
			);
		}
	);
});

describe('Encapsulated PDF', () => {
	it('extracts the PDF document', () => {
		const pdf = extractEncapsulatedPdf(pdfReportFile(syntheticStudy(1)));
		const text = new TextDecoder().decode(pdf);
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
	});

	it.runIf(hasSharedDicom)('extracts the corpus PDF', () => {
		const pdf = extractEncapsulatedPdf(
			new Uint8Array(readFileSync(join(SHARED_DICOM, 'reports/encapsulated_pdf.dcm')))
		);
		expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
	});
});
