/**
 * The glossary's explanations in Spanish (format version 1, beside entries.ts): for a patient who reads Radfolio in
 * Spanish a report written in English. Keyed by headword; the words matched in a report stay the English ones. The
 * wording is Radfolio's own, for a reader of about 12, checked against the same sources as the English.
 */
export const GLOSSARY_ES: Readonly<Record<string, string>> = {
	unremarkable: 'Normal. No se vio nada fuera de lo común.',
	'within normal limits': 'Normal. Está en el rango esperado para una persona sana.',
	'no acute findings': 'No se vio nada nuevo ni urgente.',
	acute: 'Repentino o nuevo. Empezó hace poco.',
	chronic: 'Duradero. Lleva mucho tiempo ahí.',
	subacute: 'Entre nuevo y duradero. Empezó hace días o semanas.',
	benign: 'No es cáncer. No se extiende a otras partes del cuerpo.',
	malignant: 'Cáncer. Puede crecer hacia partes cercanas y extenderse por el cuerpo.',
	lesion:
		'Una zona que se ve distinta del tejido de alrededor. Es una palabra general. No dice qué es esa zona.',
	mass: 'Un bulto o crecimiento. La palabra sola no dice si es cáncer o no.',
	nodule:
		'Una mancha o bulto pequeño y redondo. La mayoría no son dañinos, pero algunos se vuelven a revisar más adelante.',
	cyst: 'Una bolsita llena de líquido o aire. La mayoría de los quistes no son dañinos.',
	'simple cyst':
		'Una bolsita de pared fina llena solo de líquido claro. Casi siempre es inofensiva.',
	'complex cyst':
		'Una bolsita con líquido que tiene paredes gruesas, tabiques o partes sólidas. Los médicos pueden volver a revisarla.',
	solid: 'Hecho de tejido, no de líquido.',
	focal: 'Solo en un punto pequeño.',
	diffuse: 'Repartido por una zona grande, no en un solo punto.',
	incidental: 'Encontrado por casualidad al buscar otra cosa.',
	finding: 'Algo que el radiólogo vio y anotó. Puede ser normal o no.',
	impression: 'El resumen al final del informe. Da los resultados más importantes.',
	indication: 'El motivo por el que se hizo la prueba.',
	comparison: 'Pruebas anteriores que el radiólogo miró para ver qué ha cambiado.',
	technique: 'Cómo se hizo la prueba, por ejemplo qué máquina y qué ajustes se usaron.',
	stable: 'Sin cambios desde la última prueba.',
	'interval change': 'El cambio entre esta prueba y una anterior.',
	progression: 'Que se hace más grande o empeora con el tiempo.',
	regression: 'Que se hace más pequeño o mejora con el tiempo.',
	resolved: 'Ya no está. Ya no se ve.',
	persistent: 'Sigue ahí, como en una prueba anterior.',
	nonspecific: 'Puede tener más de una causa, así que la prueba sola no puede decir cuál.',
	indeterminate:
		'La prueba no puede decir con seguridad qué es. Más pruebas o una prueba más adelante pueden ayudar.',
	suspicious:
		'Parece que podría ser un problema, como un cáncer. A menudo hacen falta más pruebas.',
	'cannot be excluded': 'La prueba no puede demostrar con seguridad que no está.',
	correlation:
		'El radiólogo pide a tu médico que compare este resultado con tus síntomas, tu exploración y otras pruebas.',
	'follow-up': 'Otra revisión más adelante, a menudo repetir la prueba, para ver si algo cambia.',
	'differential diagnosis': 'Una lista de posibles causas de lo que se vio.',
	etiology: 'La causa de un problema.',
	idiopathic: 'Sin causa conocida.',
	artifact:
		'Algo en la imagen que no está de verdad en el cuerpo. Puede venir del movimiento, de un metal o de la máquina.',
	'motion artifact': 'Imágenes borrosas porque el cuerpo se movió durante la prueba.',
	'limited study': 'Las imágenes no pudieron mostrarlo todo bien, por ejemplo por el movimiento.',
	grossly: 'Mirando el conjunto, sin detalle fino.',
	prominent: 'Algo más grande o más fácil de ver de lo habitual. A menudo sigue siendo normal.',
	scattered: 'Repartido aquí y allá, no en un solo lugar.',
	multifocal: 'Encontrado en más de un punto.',
	bilateral: 'En los dos lados del cuerpo.',
	unilateral: 'Solo en un lado del cuerpo.',
	ipsilateral: 'En el mismo lado del cuerpo.',
	contralateral: 'En el otro lado del cuerpo.',
	anterior: 'Hacia la parte de delante del cuerpo.',
	posterior: 'Hacia la parte de atrás del cuerpo.',
	superior: 'Más arriba, hacia la cabeza.',
	inferior: 'Más abajo, hacia los pies.',
	medial: 'Más cerca de la línea del centro del cuerpo.',
	lateral: 'Más lejos de la línea del centro del cuerpo, hacia el lado.',
	proximal: 'Más cerca del centro del cuerpo o de donde empieza una parte.',
	distal: 'Más lejos del centro del cuerpo o de donde empieza una parte.',
	superficial: 'Cerca de la superficie del cuerpo.',
	dorsal: 'Hacia la espalda, o el dorso de la mano o del pie.',
	ventral: 'Hacia el lado de la barriga.',
	axial: 'Cortes de lado a lado del cuerpo, como al cortar una barra de pan.',
	coronal: 'Cortes de delante hacia atrás, como mirar a una persona de frente.',
	sagittal: 'Cortes de un lado al otro, como mirar a una persona de perfil.',
	midline: 'La línea del centro que divide el cuerpo en mitad izquierda y derecha.',
	subcentimeter: 'Más pequeño que un centímetro.',
	millimeter: 'Una unidad de longitud muy pequeña. Diez milímetros forman un centímetro.',
	centimeter: 'Una unidad de longitud. Una pulgada mide unos dos centímetros y medio.',
	calcification:
		'Un pequeño depósito de calcio, el mineral de los huesos. Se ve brillante. La mayoría no son dañinos.',
	hyperdense: 'Más brillante que el tejido de alrededor en un TC.',
	hypodense: 'Más oscuro que el tejido de alrededor en un TC. El líquido suele verse así.',
	isodense: 'Con el mismo brillo que el tejido de alrededor en un TC.',
	hyperintense: 'Más brillante que el tejido de alrededor en una resonancia.',
	hypointense: 'Más oscuro que el tejido de alrededor en una resonancia.',
	isointense: 'Con el mismo brillo que el tejido de alrededor en una resonancia.',
	hyperechoic: 'Más brillante que el tejido de alrededor en una ecografía.',
	hypoechoic: 'Más oscuro que el tejido de alrededor en una ecografía.',
	anechoic: 'Totalmente negro en una ecografía. Suele indicar líquido claro.',
	isoechoic: 'Con el mismo brillo que el tejido de alrededor en una ecografía.',
	heterogeneous: 'No es igual en todas partes. Algunas partes se ven distintas de otras.',
	homogeneous: 'Igual en todas partes.',
	attenuation:
		'Cuánto frena un tejido los rayos X. Decide lo brillante que se ve el tejido en un TC.',
	density: 'Lo brillante o sólido que se ve algo en una radiografía o un TC.',
	opacity:
		'Una zona que se ve más blanca de lo normal en una radiografía o un TC. En los pulmones puede indicar líquido, infección o cicatrices.',
	lucency:
		'Una zona que se ve más oscura de lo normal en una radiografía, porque los rayos X la atraviesan más fácilmente.',
	enhancement:
		'Una zona que se vuelve más brillante tras darte contraste. Muestra por dónde pasa la sangre.',
	nonenhancing:
		'No se vuelve más brillante con el contraste. A menudo indica líquido o tejido con poco riego.',
	'restricted diffusion':
		'Un signo de la resonancia: el agua no se mueve libremente en una zona. Puede verse con un ictus reciente, una infección o algunos tumores.',
	'signal abnormality': 'Lo brillante u oscuro que se ve un tejido en la resonancia.',
	morphology: 'La forma y la estructura de algo.',
	contour: 'El contorno o borde de algo.',
	margin: 'El borde de una mancha o bulto. Los bordes lisos suelen ser más inofensivos.',
	'well-circumscribed': 'Con un borde claro y nítido.',
	'ill-defined': 'Con un borde borroso y difícil de ver.',
	spiculated:
		'Con puntas finas que salen del borde. Los médicos miran con más atención las manchas así.',
	lobulated: 'Con un borde abultado, hecho de partes redondeadas.',
	septated: 'Dividido por dentro por paredes finas.',
	infiltrate: 'Una zona nublada en los pulmones, a menudo por infección o líquido.',
	thickening: 'Más grueso de lo normal.',
	dilated: 'Más ancho o más grande de lo normal.',
	narrowing: 'Menos ancho de lo normal.',
	stenosis:
		'Un estrechamiento de un tubo del cuerpo, como un vaso sanguíneo o el canal de la columna.',
	occlusion: 'Un bloqueo completo de un tubo del cuerpo, como un vaso sanguíneo.',
	obstruction: 'Un bloqueo que para o frena el paso.',
	patent: 'Abierto, sin nada que lo tape.',
	compression: 'Apretado o aplastado por algo cercano.',
	displacement: 'Movido de su sitio normal.',
	herniation:
		'Cuando una parte del cuerpo sale por un punto débil hacia un lugar donde no debería estar.',
	effusion:
		'Líquido de más acumulado en un espacio del cuerpo, como alrededor de un pulmón o en una articulación.',
	'fluid collection': 'Una bolsa de líquido en el cuerpo.',
	edema: 'Hinchazón causada por líquido de más en un tejido.',
	inflammation:
		'La respuesta del cuerpo a una lesión o infección. Puede causar hinchazón, enrojecimiento y dolor.',
	infection: 'Enfermedad causada por gérmenes como bacterias, virus u hongos.',
	abscess: 'Una bolsa de pus, normalmente por una infección.',
	fistula: 'Un túnel anormal que une dos partes del cuerpo que normalmente no están unidas.',
	necrosis: 'Tejido muerto.',
	fibrosis: 'Tejido de cicatriz. Vuelve el tejido rígido y grueso.',
	scarring: 'Tejido que se forma cuando el cuerpo cura una herida.',
	atrophy: 'Encogimiento de una parte del cuerpo, a menudo por la edad o por usarla menos.',
	hypertrophy: 'Crecimiento de una parte del cuerpo porque sus células se hicieron más grandes.',
	hyperplasia:
		'Crecimiento de una parte del cuerpo porque tiene más células de lo normal. No es cáncer.',
	enlarged: 'Más grande de lo normal.',
	degenerative: 'Desgaste, a menudo por la edad.',
	postoperative: 'Significa después de una operación.',
	'status post': 'Después de. Nombra una operación o tratamiento que tuviste antes.',
	congenital: 'Presente desde el nacimiento.',
	anomaly:
		'Distinto de lo habitual, a menudo desde el nacimiento. Una variante normal es inofensiva.',
	hemorrhage: 'Sangrado.',
	hematoma: 'Sangre acumulada fuera de los vasos, como un moratón profundo.',
	ischemia: 'Falta de riego de sangre en una parte del cuerpo.',
	infarct: 'Una zona de tejido que murió porque se cortó su riego de sangre.',
	thrombus: 'Un coágulo de sangre dentro de un vaso sanguíneo.',
	embolus: 'Un coágulo u otro tapón que viajó por la sangre y se atascó en un vaso.',
	aneurysm: 'Un abultamiento en la pared de un vaso sanguíneo, como un punto débil en un globo.',
	atherosclerosis: 'Depósitos de grasa en las paredes de las arterias que pueden estrecharlas.',
	vascular: 'Sobre los vasos sanguíneos.',
	perfusion: 'El paso de la sangre por un tejido.',
	'lymph node':
		'Pequeñas partes del sistema de defensas con forma de judía. Pueden hincharse con una infección u otra enfermedad.',
	lymphadenopathy:
		'Ganglios linfáticos más grandes de lo normal. Una infección es una causa frecuente.',
	'short axis': 'La anchura de algo medida por su lado más corto. Los ganglios suelen medirse así.',
	parenchyma: 'El tejido principal que hace el trabajo de un órgano.',
	cortex: 'La capa de fuera de un órgano, como el cerebro, el riñón o el hueso.',
	medulla: 'La parte de dentro de un órgano.',
	lumen: 'El espacio dentro de un tubo, como un vaso sanguíneo o el intestino.',
	mucosa:
		'El revestimiento blando y húmedo de dentro de partes como la nariz, la boca o el intestino.',
	'soft tissue': 'Las partes del cuerpo que no son hueso, como el músculo, la grasa y la piel.',
	subcutaneous: 'Debajo de la piel.',
	'fat stranding':
		'Líneas borrosas en la grasa en un TC. Suele acompañar a una inflamación cercana.',
	'free fluid': 'Líquido suelto en la barriga o la pelvis. Un poco puede ser normal.',
	'free air':
		'Aire en la barriga fuera del intestino. Puede indicar un agujero en el intestino y necesita atención rápida.',
	metastasis: 'Cáncer que se ha extendido desde donde empezó a otra parte del cuerpo.',
	neoplasm: 'Un crecimiento de células que no es normal. Puede ser cáncer o no.',
	tumor: 'Un crecimiento de tejido. Puede ser cáncer o no.',
	carcinoma: 'Un cáncer que empieza en las células que recubren los órganos o la piel.',
	sarcoma: 'Un cáncer que empieza en el hueso, el músculo, la grasa u otro tejido de sostén.',
	lymphoma: 'Un cáncer del sistema de defensas que a menudo empieza en los ganglios.',
	adenoma: 'Un crecimiento en una glándula que no es cáncer.',
	lipoma: 'Un bulto blando hecho de grasa. No es cáncer.',
	hemangioma: 'Un crecimiento inofensivo hecho de vasos sanguíneos. Es frecuente en el hígado.',
	fibroid: 'Un crecimiento de músculo en el útero que no es cáncer. Es muy frecuente.',
	staging: 'Averiguar lo grande que es un cáncer y si se ha extendido.',
	biopsy: 'Sacar un trocito de tejido para mirarlo al microscopio.',
	recommend:
		'Lo que el radiólogo sugiere hacer después, como otra prueba. Tu médico decide contigo.',
	radiograph:
		'Una imagen hecha con una dosis pequeña de rayos X. Los huesos se ven blancos y el aire negro.',
	'computed tomography':
		'Una prueba que usa rayos X desde muchos ángulos para hacer cortes del interior del cuerpo.',
	'magnetic resonance imaging':
		'Una prueba que usa un imán potente y ondas de radio, no rayos X, para hacer imágenes detalladas.',
	ultrasound: 'Imágenes hechas con sonidos tan agudos que no se oyen. No usa radiación.',
	doppler: 'Un modo de la ecografía que muestra la sangre moviéndose por los vasos.',
	mammogram: 'Una radiografía de la mama, para encontrar pronto el cáncer de mama.',
	tomosynthesis:
		'Una mamografía hecha de muchas imágenes finas, para ver mejor a través del tejido que se superpone.',
	'positron emission tomography':
		'Una prueba que usa un poco de azúcar radiactivo para mostrar lo activos que están los tejidos.',
	FDG: 'Un azúcar radiactivo que se usa en el PET. Las células muy activas, como muchos cánceres, captan más.',
	SUV: 'Un número del PET que dice cuánto trazador captó una zona.',
	uptake:
		'Cuánto trazador capta una zona en un PET o una prueba nuclear. Mucha captación significa que el tejido está muy activo.',
	'nuclear medicine':
		'Pruebas que usan un poco de trazador radiactivo para mostrar cómo funcionan los órganos.',
	fluoroscopy: 'Una película de rayos X en directo, para ver cosas moviéndose dentro del cuerpo.',
	angiography: 'Imágenes de los vasos sanguíneos, a menudo con contraste.',
	DEXA: 'Una prueba de rayos X de dosis baja que mide lo fuertes que son tus huesos.',
	'T-score':
		'Un número de densidad ósea que compara tus huesos con los de un adulto joven sano. Por debajo de -2,5 significa osteoporosis.',
	contrast:
		'Un tinte que se da por la vena, por la boca o de otras formas para que algunas partes se vean mejor en las imágenes.',
	gadolinium: 'Un contraste que se usa en la resonancia.',
	'iodinated contrast': 'Un contraste con yodo que se usa en el TC y en pruebas de rayos X.',
	intravenous: 'Dado por la vena.',
	noncontrast: 'Hecho sin contraste.',
	'arterial phase':
		'Imágenes tomadas poco después de dar el contraste, mientras llena las arterias.',
	'portal venous phase':
		'Imágenes tomadas un poco más tarde, cuando el contraste ha llegado a las venas y los órganos.',
	'delayed phase': 'Imágenes tomadas varios minutos después de dar el contraste.',
	T1: 'Un tipo de imagen de resonancia. La grasa se ve brillante y el agua oscura.',
	T2: 'Un tipo de imagen de resonancia. El agua y los líquidos se ven brillantes.',
	FLAIR:
		'Una imagen de resonancia en la que el líquido normal del cerebro se ve oscuro, para ver mejor la hinchazón o las cicatrices cercanas.',
	DWI: 'Una imagen de resonancia que muestra lo libremente que se mueve el agua en un tejido. Ayuda a encontrar un ictus reciente.',
	ADC: 'Un mapa de resonancia que acompaña a las imágenes de difusión y ayuda a leerlas.',
	STIR: 'Una imagen de resonancia en la que la grasa se vuelve oscura, para que la hinchazón destaque.',
	'Hounsfield units':
		'Un número que dice lo denso que es un tejido en un TC. El agua es 0, el aire unos -1000 y el hueso es alto.',
	'slice thickness': 'Lo grueso que es cada corte de imagen de una prueba.',
	'window level':
		'Los ajustes de brillo y contraste para mirar una prueba. Cada ajuste muestra mejor el hueso, el pulmón o los tejidos blandos.',
	reconstruction:
		'Vistas nuevas que hace un ordenador a partir de los cortes, por ejemplo de lado.',
	DICOM:
		'El formato de archivo estándar de las imágenes médicas. Guarda juntos la imagen y sus datos.',
	PACS: 'El sistema informático que usa un hospital para guardar y mostrar imágenes médicas.',
	'radiation dose': 'Cuánta radiación usó una prueba. Se mantiene lo más baja posible.',
	radiologist: 'Un médico formado para leer imágenes médicas y escribir el informe.',
	technologist: 'La persona formada para manejar el equipo y tomar las imágenes.',
	addendum: 'Una nota añadida a un informe después de escribirlo.',
	'preliminary report': 'Un primer informe que puede cambiar cuando se escriba el informe final.',
	pulmonary: 'Sobre los pulmones, los dos órganos del pecho que toman el aire.',
	lobe: 'Una parte grande de un órgano. El pulmón derecho tiene tres lóbulos y el izquierdo dos.',
	lingula: 'Una parte pequeña del pulmón izquierdo, cerca del corazón.',
	hilum:
		'El lugar por donde entran y salen vasos, vías respiratorias o conductos de un órgano, como el pulmón o el riñón.',
	mediastinum:
		'El espacio en medio del pecho entre los pulmones. Contiene el corazón, los vasos grandes y la tráquea.',
	pleura: 'La capa fina que rodea los pulmones y cubre por dentro la pared del pecho.',
	'pleural effusion': 'Líquido de más entre el pulmón y la pared del pecho.',
	pneumothorax:
		'Aire entre el pulmón y la pared del pecho. Puede hacer que parte del pulmón se hunda.',
	atelectasis:
		'Una parte del pulmón hundida del todo o en parte, así que entra menos aire. Las zonas pequeñas son frecuentes y a menudo mejoran solas.',
	consolidation:
		'Parte del pulmón llena de líquido o pus en vez de aire. La neumonía es una causa frecuente.',
	pneumonia: 'Una infección de los pulmones.',
	'ground-glass':
		'Una zona borrosa del pulmón en el TC. Aún se ven los vasos a través de ella. Tiene muchas causas, como una infección.',
	'airspace disease':
		'Los pequeños sacos de aire del pulmón están llenos de líquido, pus, sangre o células.',
	interstitial: 'Sobre el tejido fino que hay entre los sacos de aire de los pulmones.',
	emphysema:
		'Daño en los pequeños sacos de aire de los pulmones, a menudo por fumar. Hace más difícil respirar.',
	bronchiectasis:
		'Vías respiratorias de los pulmones más anchas de lo normal que pueden acumular moco.',
	bronchi: 'Las vías respiratorias grandes que llevan el aire a los pulmones.',
	bronchitis: 'Hinchazón de las vías respiratorias, a menudo por infección, asma o tabaco.',
	trachea: 'La tráquea. Lleva el aire de la garganta a los pulmones.',
	granuloma:
		'Un pequeño grupo de células de defensa, a menudo resto de una infección antigua. Los calcificados son inofensivos.',
	'scarring in the lungs': 'Tejido de cicatriz en los pulmones que los vuelve rígidos.',
	'tree-in-bud':
		'Un dibujo de pequeñas manchas ramificadas en los pulmones en el TC, a menudo por infección de las vías pequeñas.',
	'air trapping':
		'Aire que se queda en partes de los pulmones al soltar el aire. Puede acompañar a enfermedad de las vías pequeñas.',
	hyperinflation: 'Los pulmones guardan más aire de lo normal, como en la EPOC o el asma.',
	'pulmonary embolism': 'Un coágulo de sangre atascado en un vaso del pulmón.',
	'pulmonary edema': 'Líquido de más en los pulmones, a menudo porque el corazón no bombea bien.',
	cardiomegaly: 'Un corazón agrandado.',
	'cardiac silhouette': 'El contorno del corazón y del centro del pecho en una radiografía.',
	'costophrenic angle':
		'La esquina aguda de abajo de cada pulmón en una radiografía de tórax. Si se borra, puede haber algo de líquido.',
	blunting:
		'Pérdida de la esquina aguda de abajo del pulmón en una radiografía, a menudo por un poco de líquido.',
	diaphragm: 'El músculo en forma de cúpula bajo los pulmones que te ayuda a respirar.',
	pericardium: 'La bolsa que rodea el corazón. Un derrame es líquido de más dentro de ella.',
	aorta: 'La arteria más grande. Lleva la sangre del corazón al cuerpo.',
	'coronary arteries':
		'Los vasos que alimentan el músculo del corazón. El calcio en ellos es un signo de enfermedad de las arterias del corazón.',
	'Lung-RADS':
		'Una puntuación de 0 a 4 para los TC de cribado de cáncer de pulmón. Los números bajos indican menos preocupación.',
	abdomen: 'La barriga: la parte del cuerpo entre el pecho y las caderas.',
	pelvis:
		'La parte baja de la barriga entre los huesos de la cadera. Contiene la vejiga y los órganos sexuales.',
	liver:
		'El órgano grande del lado derecho de la barriga. Limpia la sangre y ayuda a digerir la comida.',
	hepatomegaly: 'Un hígado agrandado.',
	steatosis:
		'Grasa de más en el hígado. Es frecuente y suele relacionarse con el peso o el alcohol.',
	cirrhosis: 'Cicatrices en el hígado por un daño de mucho tiempo.',
	'LI-RADS':
		'Una puntuación para manchas del hígado en personas con riesgo de cáncer de hígado. Los números altos indican más preocupación.',
	gallbladder:
		'Una bolsita bajo el hígado que guarda la bilis, un líquido que ayuda a digerir la grasa.',
	cholelithiasis: 'Piedras duras que se forman en la vesícula.',
	cholecystitis: 'Hinchazón de la vesícula, a menudo por una piedra.',
	sludge: 'Material espeso en la vesícula. Puede convertirse en piedras.',
	biliary: 'Los conductos que llevan la bilis del hígado al intestino.',
	pancreas: 'Un órgano detrás del estómago que fabrica jugos digestivos e insulina.',
	pancreatitis: 'Hinchazón e irritación del páncreas.',
	spleen:
		'Un órgano del lado izquierdo de la barriga que filtra la sangre y lucha contra las infecciones.',
	splenomegaly: 'Un bazo agrandado.',
	kidney: 'Los dos órganos con forma de judía que limpian la sangre y fabrican la orina.',
	hydronephrosis: 'Hinchazón de un riñón porque la orina no sale bien.',
	nephrolithiasis: 'Una piedra dura que se forma en el riñón o en las vías urinarias.',
	Bosniak:
		'Una escala de I a IV para los quistes del riñón. I y II son inofensivos; los números más altos necesitan más controles.',
	ureter: 'Los tubos que llevan la orina de los riñones a la vejiga.',
	bladder: 'La bolsa que guarda la orina.',
	adrenal: 'Glándulas pequeñas encima de los riñones que fabrican hormonas.',
	bowel: 'El intestino: el tubo largo que digiere la comida después del estómago.',
	'small bowel': 'La parte larga y estrecha del intestino después del estómago.',
	colon: 'La última parte ancha del intestino. Termina en el recto.',
	diverticulosis: 'Pequeñas bolsas que salen de la pared del colon. Son frecuentes con la edad.',
	diverticulitis: 'Hinchazón o infección de las pequeñas bolsas de la pared del colon.',
	appendix: 'Una bolsita con forma de dedo unida al colon.',
	appendicitis: 'Hinchazón e infección del apéndice.',
	ascites: 'Líquido de más en la barriga.',
	peritoneum: 'La capa fina que cubre la barriga por dentro.',
	mesentery: 'El tejido que sujeta el intestino y lleva sus vasos sanguíneos.',
	retroperitoneum:
		'El espacio al fondo de la barriga, detrás de su capa de dentro. Allí están los riñones.',
	'hiatal hernia': 'Parte del estómago sube a través del diafragma hacia el pecho.',
	'inguinal hernia': 'Tejido que sale por un punto débil de la ingle.',
	uterus: 'El útero, donde crece un bebé.',
	endometrium: 'La capa de dentro del útero.',
	ovary:
		'Los órganos junto al útero que fabrican óvulos y hormonas. Anejos significa los ovarios y las trompas juntos.',
	follicle: 'Una bolsita de líquido en el ovario que contiene un óvulo. Es normal.',
	'corpus luteum': 'Un quiste normal y de corta vida en el ovario tras soltar un óvulo.',
	prostate: 'Una glándula bajo la vejiga en los hombres que ayuda a fabricar el semen.',
	'benign prostatic hyperplasia':
		'Una próstata agrandada que no es cáncer. Es frecuente con la edad.',
	'PI-RADS':
		'Una puntuación de 1 a 5 para la resonancia de próstata. Los números altos indican que el cáncer es más probable.',
	testis: 'Las dos glándulas del escroto que fabrican los espermatozoides.',
	varicocele: 'Venas hinchadas en el escroto, como varices.',
	hydrocele: 'Líquido alrededor de un testículo.',
	cerebral: 'Sobre el cerebro.',
	cerebrum: 'La parte más grande del cerebro, dividida en una mitad izquierda y otra derecha.',
	cerebellum: 'La parte de atrás del cerebro que ayuda con el equilibrio y el movimiento.',
	brainstem:
		'La parte del cerebro que se une a la médula espinal. Controla la respiración y el latido.',
	'white matter': 'Las partes de dentro del cerebro que llevan señales entre zonas.',
	'gray matter': 'La capa de fuera del cerebro, donde se piensa.',
	'white matter hyperintensities':
		'Pequeñas manchas brillantes en el cerebro en la resonancia, frecuentes con la edad, la tensión alta o la diabetes.',
	ventricles:
		'Espacios dentro del cerebro llenos de líquido. El corazón también tiene cavidades llamadas ventrículos.',
	hydrocephalus: 'Demasiado líquido en los espacios de dentro del cerebro.',
	sulci: 'Los surcos y pliegues de la superficie del cerebro.',
	'volume loss': 'El cerebro es algo más pequeño, como suele pasar con la edad.',
	'midline shift':
		'El centro del cerebro está empujado hacia un lado, a menudo por hinchazón o sangrado.',
	'mass effect': 'Algo está empujando el tejido cercano.',
	stroke: 'Daño en el cerebro cuando se bloquea su riego o sangra un vaso.',
	lacune: 'Un ictus antiguo muy pequeño en la profundidad del cerebro.',
	subdural: 'Bajo la cubierta de fuera del cerebro. La sangre ahí es un hematoma subdural.',
	subarachnoid: 'El espacio alrededor del cerebro que contiene líquido. Un sangrado ahí es grave.',
	meninges: 'Las cubiertas que envuelven el cerebro y la médula espinal.',
	meningioma: 'Un crecimiento de las cubiertas del cerebro. Normalmente no es cáncer.',
	pituitary: 'Una glándula pequeña bajo el cerebro que fabrica hormonas.',
	sinus: 'Espacios con aire en los huesos de la cara alrededor de la nariz.',
	sinusitis:
		'Hinchazón de la capa de los senos de la cara, a menudo por un resfriado o una alergia.',
	mastoid: 'El hueso detrás de la oreja. Tiene pequeñas bolsas de aire.',
	orbit: 'La cavidad de hueso donde está el ojo.',
	thyroid:
		'Una glándula en la parte de delante del cuello que fabrica hormonas que controlan el uso de energía.',
	'TI-RADS':
		'Una puntuación para los nódulos de tiroides en la ecografía. Ayuda a decidir si hace falta una punción.',
	goiter: 'Una glándula tiroides agrandada.',
	parotid: 'Glándulas que fabrican saliva, cerca de la oreja y bajo la mandíbula.',
	carotid: 'Las dos arterias grandes del cuello que llevan sangre al cerebro.',
	spine: 'La columna vertebral.',
	vertebra: 'Uno de los huesos que se apilan para formar la columna.',
	cervical:
		'Sobre el cuello. La columna cervical es la parte del cuello de la columna. El cuello del útero también se llama cérvix.',
	thoracic: 'Sobre el pecho. La columna torácica es la parte media de la columna.',
	lumbar: 'Sobre la parte baja de la espalda.',
	sacrum: 'Los huesos del final de la columna, entre las caderas.',
	'intervertebral disc': 'El cojín blando entre dos huesos de la columna.',
	'disc bulge':
		'Un disco que se abomba más allá de su borde normal. Es frecuente y a menudo no duele.',
	'disc protrusion':
		'Parte del centro blando de un disco sale hacia fuera. Puede apretar un nervio.',
	'disc desiccation':
		'Un disco que ha perdido agua con la edad. Se ve más oscuro en la resonancia.',
	'degenerative disc disease':
		'Desgaste de los discos de la columna. Es muy frecuente con la edad.',
	spondylosis: 'Desgaste de la columna.',
	spondylolisthesis:
		'Un hueso de la columna se ha deslizado hacia delante o hacia atrás sobre el de abajo.',
	'spinal stenosis': 'Estrechamiento del espacio de la columna por donde pasan los nervios.',
	foramen: 'Un agujero en un hueso. En la columna, los nervios salen por estos agujeros.',
	'foraminal stenosis':
		'Estrechamiento del agujero por donde un nervio sale de la columna. Puede apretar el nervio.',
	facet:
		'Las pequeñas articulaciones de la parte de atrás de la columna. Artropatía significa desgaste de estas articulaciones.',
	osteophyte: 'Un bulto de hueso que crece en el borde de una articulación, a menudo por desgaste.',
	endplate:
		'Las caras de arriba y de abajo de los huesos de la columna. Los cambios ahí suelen acompañar al desgaste del disco.',
	'nerve root': 'Los nervios al salir de la médula espinal, y la bolsa de líquido que los rodea.',
	'spinal cord':
		'El haz de nervios dentro de la columna que lleva mensajes entre el cerebro y el cuerpo.',
	scoliosis: 'Una curva de la columna hacia un lado.',
	kyphosis: 'Un redondeo hacia delante de la parte alta de la espalda.',
	lordosis:
		'La curva normal hacia dentro del cuello y de la parte baja de la espalda. Un informe puede decir que es mayor o menor de lo habitual.',
	fracture: 'Un hueso roto. Puede ser una pequeña grieta o una rotura completa.',
	nondisplaced: 'Una rotura en la que los trozos de hueso siguen en línea.',
	comminuted: 'Una rotura en la que el hueso está en más de dos trozos.',
	'compression fracture':
		'Un hueso de la columna que se ha aplastado y se ha hecho más bajo, a menudo por huesos débiles.',
	'stress fracture': 'Una pequeña grieta en un hueso por un uso repetido.',
	'healing fracture': 'Hueso nuevo que se forma alrededor de una rotura mientras se cura.',
	dislocation:
		'Huesos de una articulación fuera de su sitio. Subluxación significa parcialmente fuera de su sitio.',
	osteoarthritis:
		'Desgaste de una articulación. El cartílago que hace de cojín se vuelve más fino.',
	arthritis: 'Hinchazón, dolor o daño de una articulación.',
	'joint space narrowing':
		'El hueco entre los huesos de una articulación es menor, a menudo porque el cojín se ha desgastado.',
	cartilage: 'El tejido liso y firme que cubre los extremos de los huesos en una articulación.',
	chondromalacia: 'Reblandecimiento del cartílago, a menudo bajo la rótula.',
	meniscus: 'Los cojines con forma de C de la rodilla, entre el fémur y la tibia.',
	tear: 'Una rotura en un tejido como un tendón, un ligamento o un cartílago.',
	ligament: 'Una banda fuerte que une los huesos en una articulación.',
	ACL: 'Un ligamento en medio de la rodilla que la mantiene estable.',
	tendon: 'Un cordón fuerte que une el músculo al hueso.',
	tendinosis: 'Irritación o desgaste de un tendón.',
	'rotator cuff': 'Un grupo de músculos y tendones que sujetan la articulación del hombro.',
	bursa:
		'Una bolsita de líquido que ayuda a que los tejidos se deslicen. La bursitis es la hinchazón de esta bolsa.',
	'joint effusion': 'Líquido de más dentro de una articulación.',
	'bone marrow': 'El tejido blando de dentro de los huesos que fabrica las células de la sangre.',
	'bone marrow edema':
		'Líquido de más dentro de un hueso, visto en la resonancia. Puede venir de un golpe.',
	osteopenia: 'Huesos más finos de lo normal, pero no tanto como en la osteoporosis.',
	osteoporosis: 'Huesos débiles y finos que se rompen con más facilidad.',
	sclerosis: 'Endurecimiento. En el hueso, una zona que se ve más densa y más blanca.',
	lytic: 'Una zona donde el hueso se ha gastado. Se ve más oscura en la radiografía.',
	osteomyelitis: 'Una infección en un hueso.',
	enchondroma: 'Un crecimiento inofensivo de cartílago dentro de un hueso.',
	hardware:
		'Piezas de metal, como placas y tornillos, puestas en una operación para sujetar huesos.',
	prosthesis:
		'Una pieza artificial que sustituye a una articulación, como una cadera o una rodilla nuevas.',
	alignment: 'Cómo se alinean los huesos entre sí.',
	'soft tissue swelling': 'Hinchazón de la piel, la grasa o el músculo.',
	'BI-RADS':
		'Una puntuación de 0 a 6 que usan los radiólogos en las pruebas de mama. Dice lo probable que es un cáncer y qué hacer después.',
	'BI-RADS 0': 'Hacen falta más imágenes o pruebas antes de dar el resultado.',
	'BI-RADS 1': 'Negativo. No se vio nada preocupante.',
	'BI-RADS 2': 'Benigno. Se vio algo, pero no es cáncer. Se sigue con el cribado habitual.',
	'BI-RADS 3':
		'Probablemente benigno. La probabilidad de cáncer es muy baja, pero se aconseja un control a corto plazo.',
	'BI-RADS 4': 'Sospechoso. Se aconseja una biopsia para saber qué es.',
	'BI-RADS 5': 'Muy sugestivo de cáncer. Se aconseja una biopsia.',
	'BI-RADS 6': 'Cáncer ya confirmado por biopsia. Las imágenes ayudan a planear el tratamiento.',
	'breast density':
		'Cuánto de la mama es tejido firme en vez de grasa. El tejido denso puede esconder un cáncer en la mamografía.',
	'scattered fibroglandular': 'La mama es sobre todo grasa, con algunas zonas de tejido denso.',
	'heterogeneously dense': 'La mama tiene mucho tejido denso, que puede esconder manchas pequeñas.',
	'extremely dense': 'La mama es casi toda tejido denso. Esto hace más difícil leer la mamografía.',
	fibroglandular: 'El tejido firme de la mama, hecho de glándulas y tejido de sostén.',
	'architectural distortion':
		'El tejido de la mama se ve estirado o retorcido, sin un bulto claro.',
	asymmetry: 'Una zona que se ve distinta en una mama que en el mismo sitio de la otra.',
	microcalcifications:
		'Puntitos diminutos de calcio en la mama. La mayoría son inofensivos; algunos dibujos se estudian más.',
	fibroadenoma: 'Un bulto de mama liso y firme que no es cáncer. Es frecuente en mujeres jóvenes.',
	fibrocystic:
		'Tejido de la mama abultado o sensible con pequeños quistes. Es frecuente y no es cáncer.',
	axilla: 'La axila.',
	screening: 'Una prueba para personas sin síntomas, para encontrar problemas pronto.',
	diagnostic: 'Una prueba hecha para estudiar un síntoma o un hallazgo anterior.',
	callback:
		'Que te llamen para más imágenes tras una prueba de cribado. A menudo resulta no ser nada.',
	cardiac: 'Sobre el corazón.',
	atrium: 'Las dos cavidades de arriba del corazón.',
	valve: 'Compuertas del corazón que hacen que la sangre vaya en un solo sentido.',
	'ejection fraction':
		'Cuánta sangre expulsa el corazón en cada latido, en porcentaje. Entre 55 y 70 es normal.',
	artery: 'Vasos que llevan la sangre desde el corazón.',
	vein: 'Vasos que devuelven la sangre al corazón.',
	'deep vein thrombosis': 'Un coágulo en una vena profunda, a menudo en la pierna.',
	'varicose veins': 'Venas hinchadas y retorcidas cerca de la piel, a menudo en las piernas.',
	'abdominal aortic aneurysm': 'Un abultamiento en la arteria principal de la barriga.',
	collateral: 'Vasos de más que crecen para rodear un bloqueo.',
	'calcified plaque':
		'Calcio en las paredes de los vasos, un signo de endurecimiento de las arterias.',
	'gestational age': 'Lo avanzado que está un embarazo, contado en semanas.',
	fetus: 'Un bebé que aún no ha nacido.',
	placenta: 'El órgano que alimenta al bebé en el útero.',
	'amniotic fluid': 'El líquido que rodea al bebé en el útero.',
	'crown-rump length':
		'La longitud de un bebé al principio del embarazo, de la cabeza a las nalgas. Ayuda a fechar el embarazo.',
	'growth plate': 'La zona cerca del extremo del hueso de un niño donde crece.',
	'bone age':
		'Lo maduros que se ven los huesos de un niño en una radiografía, comparado con su edad.',
	RECIST:
		'Un conjunto de reglas para medir tumores en las pruebas y ver si el tratamiento funciona.',
	'target lesion': 'Un tumor elegido para medirlo en cada prueba durante el tratamiento.',
	'partial response':
		'Cómo cambió un cáncer con el tratamiento. Respuesta completa significa que ya no se ve.',
	recurrence: 'Una enfermedad que volvió después del tratamiento.',
	residual: 'Lo que queda, por ejemplo después de un tratamiento.',
	'post-treatment changes':
		'Cambios en el tejido causados por una operación o una radioterapia anteriores.'
};
