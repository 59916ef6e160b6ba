/**
 * Spanish for the radiation dose card, page and chart ($lib/components/dose, src/routes/dose), spread into es.ts.
 * Kept apart so the dose screens' words travel together.
 */
export const esDose = {
	'Radiation dose': 'Dosis de radiación',
	'Radiation dose over the years': 'Dosis de radiación a lo largo de los años',
	'Radiation dose — Radfolio': 'Dosis de radiación — Radfolio',
	'Reading the radiation dose…': 'Leyendo la dosis de radiación…',
	'The dose could not be read from this study’s files.':
		'No se pudo leer la dosis en los archivos de este estudio.',
	'This study’s files record no radiation dose.':
		'Los archivos de este estudio no registran ninguna dosis de radiación.',
	'What the equipment recorded': 'Lo que registró el equipo',
	'From the study’s radiation dose report (RDSR).':
		'Del informe de dosis de radiación del estudio (RDSR).',
	'From the images’ own headers: this study has no radiation dose report.':
		'De las cabeceras de las propias imágenes: este estudio no tiene informe de dosis de radiación.',
	'Full dose report': 'Informe de dosis completo',
	'About {dose}': 'Unos {dose}',
	'estimated effective dose': 'de dosis efectiva estimada',
	'That is {span}.': 'Es decir, {span}.',
	'An estimate for a standard-sized patient, from the dose the equipment recorded and published conversion coefficients. It is not a measurement of your body and not a prediction of harm.':
		'Es una estimación para un paciente de tamaño estándar, a partir de la dosis que registró el equipo y de coeficientes de conversión publicados. No es una medida de tu cuerpo ni una predicción de daño.',
	'No effective dose could be estimated for this study.':
		'No se pudo estimar la dosis efectiva de este estudio.',
	'Not included in the estimate:': 'No incluido en la estimación:',
	'How this was estimated': 'Cómo se estimó',
	'Sources:': 'Fuentes:',
	Sources: 'Fuentes',
	adult: 'adulto',
	'age {n}': 'edad {n}',
	'less than one day of natural background radiation':
		'menos de un día de radiación natural de fondo',
	'about {n} day of natural background radiation':
		'alrededor de {n} día de radiación natural de fondo',
	'about {n} days of natural background radiation': 'unos {n} días de radiación natural de fondo',
	'about {n} month of natural background radiation':
		'alrededor de {n} mes de radiación natural de fondo',
	'about {n} months of natural background radiation':
		'unos {n} meses de radiación natural de fondo',
	'about {n} years of natural background radiation': 'unos {n} años de radiación natural de fondo',
	'the comparison with natural background radiation':
		'la comparación con la radiación natural de fondo',
	// What was recorded
	'Not understood:': 'No entendido:',
	'CT irradiation events': 'Adquisiciones de TC',
	Scan: 'Adquisición',
	'Scan {n}': 'Adquisición {n}',
	'Total DLP (as reported)': 'DLP total (según el informe)',
	'Total DLP (sum of the scans)': 'DLP total (suma de las adquisiciones)',
	'Dose-area product': 'Producto dosis-área',
	'Reference air kerma': 'Kerma en aire de referencia',
	'Average glandular dose, {side} breast': 'Dosis glandular media, mama {side}',
	left: 'izquierda',
	right: 'derecha',
	both: 'ambas',
	'X-ray exposures': 'Exposiciones de rayos X',
	Exposure: 'Exposición',
	'Exposure {n}': 'Exposición {n}',
	'Glandular dose': 'Dosis glandular',
	'…and {n} more exposures, in the full report below.':
		'…y {n} exposiciones más, en el informe completo de abajo.',
	'X-ray and fluoroscopy': 'Rayos X y fluoroscopia',
	Mammography: 'Mamografía',
	// Regions of the coefficients
	head: 'cabeza',
	'head and neck': 'cabeza y cuello',
	neck: 'cuello',
	chest: 'tórax',
	'abdomen and pelvis': 'abdomen y pelvis',
	'chest, abdomen and pelvis': 'tórax, abdomen y pelvis',
	heart: 'corazón',
	legs: 'piernas',
	breasts: 'mamas',
	// Why part of a dose is not in the estimate
	'the patient’s age at the study is not known, and the coefficients depend on it':
		'no se conoce la edad del paciente en el estudio, y los coeficientes dependen de ella',
	'the body region is not recorded or not one the coefficients cover':
		'la región del cuerpo no está registrada o los coeficientes no la cubren',
	'Radfolio carries no published coefficient for this body region':
		'Radfolio no tiene un coeficiente publicado para esta región del cuerpo',
	'the dose was measured on a different test phantom from the one the coefficient assumes':
		'la dosis se midió en un maniquí de prueba distinto del que supone el coeficiente',
	'the published coefficient for this examination is for adults only':
		'el coeficiente publicado para esta prueba es solo para adultos',
	'no dose-length product (DLP) is recorded, only CTDIvol':
		'no se registró el producto dosis-longitud (DLP), solo el CTDIvol',
	'no dose-area product is recorded': 'no se registró el producto dosis-área',
	'no average glandular dose is recorded': 'no se registró la dosis glandular media',
	'a dose report could not be read': 'no se pudo leer un informe de dosis',
	// Why a dose report is not understood ({detail} is the code or unit found, as found)
	'a dose value has a unit Radfolio does not know: {detail}':
		'un valor de dosis tiene una unidad que Radfolio no conoce: {detail}',
	'a dose value is not a number: {detail}': 'un valor de dosis no es un número: {detail}',
	'it reports a procedure Radfolio does not know: {detail}':
		'informa de un procedimiento que Radfolio no conoce: {detail}',
	'it records no dose value': 'no registra ningún valor de dosis',
	'it is a nuclear medicine (radiopharmaceutical) dose report, which Radfolio does not read yet':
		'es un informe de dosis de medicina nuclear (radiofármacos), que Radfolio aún no lee',
	'its content is not an X-ray radiation dose report: {detail}':
		'su contenido no es un informe de dosis de radiación de rayos X: {detail}',
	'the file could not be read: {detail}': 'no se pudo leer el archivo: {detail}',
	// The dose history page
	'Each study’s estimated effective dose, from the dose its equipment recorded, and the running total. Estimates are for a standard-sized patient, with published coefficients: they are not a measurement of your body and do not predict harm.':
		'La dosis efectiva estimada de cada estudio, a partir de la dosis que registró su equipo, y el total acumulado. Las estimaciones son para un paciente de tamaño estándar, con coeficientes publicados: no son una medida de tu cuerpo ni predicen daño.',
	'Reading study {n} of {total}…': 'Leyendo el estudio {n} de {total}…',
	'Some studies could not be read; they are left out.':
		'Algunos estudios no se pudieron leer; se dejan fuera.',
	'None of your studies records a radiation dose.':
		'Ninguno de tus estudios registra una dosis de radiación.',
	'Estimated effective dose': 'Dosis efectiva estimada',
	'Estimated effective dose over the years': 'Dosis efectiva estimada a lo largo de los años',
	'{n} study with an estimate, {dose} in all: {span}.':
		'{n} estudio con estimación, {dose} en total: {span}.',
	'{n} studies with an estimate, {dose} in all: {span}.':
		'{n} estudios con estimación, {dose} en total: {span}.',
	'{n} more study has no estimate.': '{n} estudio más no tiene estimación.',
	'{n} more studies have no estimate.': '{n} estudios más no tienen estimación.',
	'No effective dose could be estimated yet; the table says what is missing.':
		'Aún no se pudo estimar ninguna dosis efectiva; la tabla dice qué falta.',
	'Study by study': 'Estudio por estudio',
	'Estimated doses by type:': 'Dosis estimadas por tipo:',
	Estimate: 'Estimación',
	'Running total': 'Total acumulado',
	'not estimated': 'sin estimar',
	'Open a study to see what its equipment recorded and what an estimate is missing.':
		'Abre un estudio para ver lo que registró su equipo y lo que le falta a una estimación.'
} as const;
