/**
 * Flesch–Kincaid grade level, the US school grade a text reads at (0.39 × words per sentence + 11.8 × syllables per
 * word − 15.59). Syllables are estimated from vowel groups, as readability tools do; good enough to hold the
 * glossary to "a 12-year-old can read it" (grade 6–7) in a test.
 */
export function gradeLevel(text: string): number {
	const sentences = Math.max(1, text.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim()).length);
	const words = text.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g) ?? [];
	if (!words.length) return 0;
	const syllables = words.reduce((n, w) => n + syllablesIn(w), 0);
	return 0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59;
}

export function syllablesIn(word: string): number {
	const w = word.toLowerCase().replace(/[^a-z]/g, '');
	if (w.length <= 3) return 1;
	// A final silent e (make, shape) but not -le (table), and -es/-ed endings that add no syllable.
	const trimmed = w
		.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m[0]!)
		.replace(/^y/, '');
	const groups = trimmed.match(/[aeiouy]+/g);
	return Math.max(1, groups?.length ?? 1);
}

/**
 * Szigriszt-Pazos perspicuity of a Spanish text (206.835 − 62.3 × syllables per word − words per sentence), read on
 * the INFLESZ scale: 55–65 "normal" (about 12–13 years old), 65–80 "quite easy", above 80 "very easy". Syllables
 * are vowel groups, which merges a hiatus ("día") into one; close enough to hold a glossary to a level in a test.
 */
export function perspicuity(text: string): number {
	const sentences = Math.max(1, text.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim()).length);
	const words = text.match(/[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+/g) ?? [];
	if (!words.length) return 0;
	const syllables = words.reduce(
		(n, w) => n + Math.max(1, w.toLowerCase().match(/[aeiouáéíóúü]+/g)?.length ?? 1),
		0
	);
	return 206.835 - 62.3 * (syllables / words.length) - words.length / sentences;
}
