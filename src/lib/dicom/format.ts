/** DICOM PN "Family^Given^Middle^Prefix^Suffix=Ideographic=Phonetic" → "Given Middle Family" for display. */
export function formatPersonName(pn: string): string {
	const groups = pn.split('=');
	const alphabetic = groups.find((g) => g.trim()) ?? '';
	const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic.split('^');
	const name = [prefix, given, middle, family]
		.map((p) => p.trim())
		.filter(Boolean)
		.join(' ');
	return [name, suffix.trim()].filter(Boolean).join(', ') || pn.trim();
}

/** DICOM DA "YYYYMMDD" (or the old "YYYY.MM.DD") → ISO "YYYY-MM-DD"; anything else → "". */
export function formatDicomDate(da: string): string {
	const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
	return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}
