import { describe, expect, it } from 'vitest';
import { GLOSSARY, findTerms, lookUp } from './glossary';
import { GLOSSARY_SOURCES } from './sources';
import { GLOSSARY_ES } from './entries-es';
import { explanation } from './glossary';
import { gradeLevel, perspicuity, syllablesIn } from './readability';

const words = (text: string) =>
	findTerms(text).map((m) => [text.slice(m.start, m.end), m.entry.term]);

describe('the glossary', () => {
	it('has several hundred words, each explained once, with a known source', () => {
		expect(GLOSSARY.length).toBeGreaterThanOrEqual(300);
		const seen = new Map<string, string>();
		for (const entry of GLOSSARY) {
			expect(entry.plain.length, entry.term).toBeGreaterThan(5);
			expect(entry.plain, entry.term).toMatch(/^[A-Z].*[.]$/);
			expect(Object.keys(GLOSSARY_SOURCES)).toContain(entry.source);
			for (const spelling of entry.spellings) {
				const key = /[a-z]/.test(spelling) ? spelling.toLowerCase() : spelling;
				// The same spelling under two headwords would make a report's word ambiguous.
				expect(seen.get(key), `${spelling}: ${entry.term}`).toBeUndefined();
				seen.set(key, entry.term);
			}
		}
		// The issue's own examples.
		for (const term of ['atelectasis', 'hypodense', 'BI-RADS 2', 'unremarkable'])
			expect(lookUp(term), term).not.toBeNull();
	});

	it('reads at the level of a 12-year-old (Flesch–Kincaid grade)', () => {
		const grades = GLOSSARY.map((e) => ({ term: e.term, grade: gradeLevel(e.plain) }));
		const mean = grades.reduce((n, g) => n + g.grade, 0) / grades.length;
		expect(mean).toBeLessThanOrEqual(6);
		// No single explanation far above it.
		const hard = grades.filter((g) => g.grade > 11).map((g) => `${g.term} ${g.grade.toFixed(1)}`);
		expect(hard).toEqual([]);
	});

	it('finds words in a report: whole words, any case, the longest form, abbreviations only in capitals', () => {
		expect(
			words('Mild bibasilar atelectasis. Hypodense lesion in the liver, likely a simple cyst.')
		).toEqual([
			['atelectasis', 'atelectasis'],
			['Hypodense', 'hypodense'],
			['lesion', 'lesion'],
			['liver', 'liver'],
			['simple cyst', 'simple cyst']
		]);
		expect(words('BI-RADS 2: benign.')).toEqual([
			['BI-RADS 2', 'BI-RADS 2'],
			['benign', 'benign']
		]);
		expect(words('Patchy ground-glass   opacity.')).toEqual([
			['ground-glass   opacity', 'ground-glass']
		]);
		// "us" and "pet" in a sentence are words, not US and PET; CT inside "CTA" is not CT.
		expect(words('Let us know if the pet scan helps. CTA of the neck.')).toEqual([
			['CTA', 'angiography']
		]);
		expect(words('US ABDOMEN and PET/CT')).toEqual([
			['US', 'ultrasound'],
			['ABDOMEN', 'abdomen'],
			['PET/CT', 'positron emission tomography']
		]);
		expect(words('Unremarkableness, noncystic')).toEqual([]);
	});

	it('measures reading level sensibly', () => {
		expect(syllablesIn('cat')).toBe(1);
		expect(syllablesIn('table')).toBe(2);
		expect(syllablesIn('atelectasis')).toBe(5);
		expect(gradeLevel('The cat sat on the mat.')).toBeLessThan(2);
		expect(
			gradeLevel(
				'Subsegmental atelectasis demonstrates characteristic radiographic manifestations of hypoventilation.'
			)
		).toBeGreaterThan(15);
	});

	it('explains every word in Spanish too, as plainly (Szigriszt-Pazos, INFLESZ "quite easy" or easier)', () => {
		expect(Object.keys(GLOSSARY_ES).sort()).toEqual(GLOSSARY.map((e) => e.term).sort());
		const scores = GLOSSARY.map((e) => {
			const text = explanation(e, 'es');
			expect(text, e.term).not.toBe(e.plain);
			expect(text, e.term).toMatch(/^[A-ZÁÉÍÓÚÑ¿].*[.]$/);
			return perspicuity(text);
		});
		expect(scores.reduce((n, x) => n + x, 0) / scores.length).toBeGreaterThanOrEqual(65);
		// An English-speaking interface keeps the English.
		expect(explanation(lookUp('atelectasis')!, 'en')).toContain('collapsed');
		expect(explanation(lookUp('atelectasis')!, 'es')).toContain('hundida');
	});
});
