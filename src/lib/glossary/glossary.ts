import { GLOSSARY_ROWS } from './entries';
import { GLOSSARY_ES } from './entries-es';
import { GLOSSARY_SOURCES, type GlossarySourceId } from './sources';

export interface GlossaryEntry {
	/** The headword, as the explanation names it. */
	term: string;
	/** Every form matched in a report. */
	spellings: readonly string[];
	plain: string;
	source: GlossarySourceId;
	sourceName: string;
}

/** A glossary word found in a text: `text.slice(start, end)` is it, as written. */
export interface GlossaryMatch {
	start: number;
	end: number;
	entry: GlossaryEntry;
}

export const GLOSSARY: readonly GlossaryEntry[] = GLOSSARY_ROWS.map(
	([spellings, plain, source]) => {
		const forms = spellings.split('|');
		return {
			term: forms[0]!,
			spellings: forms,
			plain,
			source,
			sourceName: GLOSSARY_SOURCES[source]
		};
	}
);

/**
 * An abbreviation written in capitals (CT, US, PE, BI-RADS 2) matches only in capitals, so "us" and "pet" in a
 * sentence stay plain words; every other spelling matches in any case.
 */
const exactCase = (spelling: string) => /[A-Z]/.test(spelling) && !/[a-z]/.test(spelling);

function alternation(spellings: string[]): RegExp | null {
	if (!spellings.length) return null;
	const escaped = [...spellings]
		// Longest first: at one position the regex takes "ground-glass opacity" before "ground-glass".
		.sort((a, b) => b.length - a.length)
		.map((s) => s.replace(/[.*+?^${}()[\]\\|]/g, '\\$&').replace(/\s+/g, '\\s+'));
	// Whole words only: not inside a longer word or number.
	return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

const byExact = new Map<string, GlossaryEntry>();
const byFolded = new Map<string, GlossaryEntry>();
for (const entry of GLOSSARY) {
	for (const spelling of entry.spellings) {
		const key = spelling.replace(/\s+/g, ' ');
		if (exactCase(spelling)) {
			if (!byExact.has(key)) byExact.set(key, entry);
		} else if (!byFolded.has(key.toLowerCase())) byFolded.set(key.toLowerCase(), entry);
	}
}
const exactPattern = alternation([...byExact.keys()]);
const foldedPattern = (() => {
	const re = alternation([...byFolded.keys()]);
	return re && new RegExp(re.source, 'giu');
})();

/** The glossary words in a text, left to right, never overlapping (the longer of two at one place wins). */
export function findTerms(text: string): GlossaryMatch[] {
	const found: GlossaryMatch[] = [];
	for (const [pattern, lookup] of [
		[exactPattern, (m: string) => byExact.get(m)],
		[foldedPattern, (m: string) => byFolded.get(m.toLowerCase())]
	] as const) {
		if (!pattern) continue;
		pattern.lastIndex = 0;
		for (const m of text.matchAll(pattern)) {
			const entry = lookup(m[0].replace(/\s+/g, ' '));
			if (entry) found.push({ start: m.index, end: m.index + m[0].length, entry });
		}
	}
	found.sort((a, b) => a.start - b.start || b.end - a.end);
	const kept: GlossaryMatch[] = [];
	let end = 0;
	for (const match of found) {
		if (match.start < end) continue;
		kept.push(match);
		end = match.end;
	}
	return kept;
}

/** An entry's explanation in the interface language (Spanish where written, English otherwise). */
export function explanation(entry: GlossaryEntry, language: string): string {
	return (language === 'es' && GLOSSARY_ES[entry.term]) || entry.plain;
}

/** The entry a patient types or picks by name ("Explain a word"), in any case. */
export function lookUp(word: string): GlossaryEntry | null {
	const key = word.trim().replace(/\s+/g, ' ');
	return byExact.get(key) ?? byFolded.get(key.toLowerCase()) ?? null;
}
