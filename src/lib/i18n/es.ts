/**
 * Spanish, for every English message the interface passes to `t()` (locale.svelte.ts). Placeholders in braces
 * stay as they are. Keep the tone of the English: plain, direct, speaking to the patient as "tú".
 */
export const es = {
	// Shell
	'Skip to content': 'Saltar al contenido',
	Main: 'Principal',
	History: 'Historial',
	Providers: 'Centros',
	Settings: 'Ajustes',
	Lock: 'Bloquear',
	'Offline — your vault still works': 'Sin conexión: tu bóveda sigue funcionando',
	'Reload to update': 'Recargar para actualizar',
	'Opening your vault…': 'Abriendo tu bóveda…',
	"Inside your provider's portal": 'Dentro del portal de tu centro',
	'Radfolio inside your provider’s portal. Your vault and your studies stay on this device, encrypted.':
		'Radfolio dentro del portal de tu centro. Tu bóveda y tus estudios se quedan en este dispositivo, cifrados.',
	'Open Radfolio in its own tab': 'Abrir Radfolio en su propia pestaña',

	// Vault
	'Create your vault': 'Crea tu bóveda',
	'Radfolio keeps your scans and reports encrypted on this device. Choose a passphrase: it unlocks your vault, and':
		'Radfolio guarda tus estudios e informes cifrados en este dispositivo. Elige una frase de contraseña: abre tu bóveda y',
	'no one can recover it for you': 'nadie puede recuperarla por ti',
	'— not Radfolio, not your imaging center.': '— ni Radfolio ni tu centro de imagen.',
	Passphrase: 'Frase de contraseña',
	'Confirm passphrase': 'Confirma la frase de contraseña',
	'At least {n} characters.': 'Al menos {n} caracteres.',
	'Use at least {n} characters. A few unrelated words are easy to remember and hard to guess.':
		'Usa al menos {n} caracteres. Unas pocas palabras sin relación son fáciles de recordar y difíciles de adivinar.',
	'The two passphrases do not match.': 'Las dos frases de contraseña no coinciden.',
	'Create vault': 'Crear bóveda',
	'Creating…': 'Creando…',
	'Moving from another device?': '¿Vienes de otro dispositivo?',
	'Your vault is locked': 'Tu bóveda está bloqueada',
	'Enter your passphrase to see your imaging history.':
		'Escribe tu frase de contraseña para ver tu historial de imágenes.',
	Unlock: 'Desbloquear',
	'Unlocking…': 'Desbloqueando…',
	Show: 'Mostrar',
	Hide: 'Ocultar',
	'Show what you typed': 'Mostrar lo que escribiste',
	'Hide what you typed': 'Ocultar lo que escribiste',

	// Errors (src/lib/messages.ts)
	'There is no vault in this browser yet.': 'Todavía no hay ninguna bóveda en este navegador.',
	'This browser already has a vault.': 'Este navegador ya tiene una bóveda.',
	'Your vault is locked. Unlock it to continue.':
		'Tu bóveda está bloqueada. Desbloquéala para seguir.',
	'Wrong passphrase. Check it and try again.':
		'Frase de contraseña incorrecta. Revísala y vuelve a intentarlo.',
	'Some of your stored data could not be read: it was changed or damaged. Nothing partial was shown.':
		'No se pudieron leer algunos de tus datos guardados: se modificaron o están dañados. No se mostró nada a medias.',
	'This was written by a newer version of Radfolio. Update Radfolio to open it.':
		'Esto lo escribió una versión más nueva de Radfolio. Actualiza Radfolio para abrirlo.',
	'Your device is out of storage space for Radfolio. Free some space and try again.':
		'Tu dispositivo no tiene espacio para Radfolio. Libera espacio y vuelve a intentarlo.',
	'Your browser stopped saving to your vault. What was saved before is kept; try again.':
		'Tu navegador dejó de guardar en tu bóveda. Lo guardado antes se conserva; vuelve a intentarlo.',
	'That item is no longer in your vault.': 'Ese elemento ya no está en tu bóveda.',
	'This file is not a complete Radfolio backup: it may be cut short or changed. Nothing was restored.':
		'Este archivo no es una copia de seguridad completa de Radfolio: puede estar cortado o modificado. No se restauró nada.',
	'Cancelled.': 'Cancelado.',
	'Something went wrong. Your stored data is unchanged.':
		'Algo salió mal. Tus datos guardados no han cambiado.',
	'not a DICOM file': 'no es un archivo DICOM',
	'the file is truncated': 'el archivo está cortado',
	'unreadable header': 'cabecera ilegible',
	'the file has no study, series or image identifier':
		'el archivo no tiene identificador de estudio, serie o imagen',
	'a disc index (DICOMDIR)': 'un índice de disco (DICOMDIR)',
	'too large to import': 'demasiado grande para importarlo',
	'the zip expands to an unsafe size': 'el zip se expande a un tamaño peligroso',
	'the zip is damaged': 'el zip está dañado',
	'listed on the disc index but missing from the disc':
		'está en el índice del disco pero falta en el disco',
	'could not be read': 'no se pudo leer',
	'could not be stored': 'no se pudo guardar',
	'From a CD': 'De un CD',
	'From a folder': 'De una carpeta',
	'From files': 'De archivos',
	'From a zip': 'De un zip',
	'From your provider': 'De tu centro',
	'Shared with you': 'Compartido contigo',
	CT: 'TC',
	PET: 'PET',
	MRI: 'Resonancia',
	Ultrasound: 'Ecografía',
	'X-ray': 'Radiografía',
	Angiography: 'Angiografía',
	Mammogram: 'Mamografía',
	'Nuclear medicine': 'Medicina nuclear',
	Other: 'Otro',
	Report: 'Informe',

	// Home, import, timeline
	'Imaging history — Radfolio': 'Historial de imágenes — Radfolio',
	'Your imaging record': 'Tu historial de imágenes',
	'Does your imaging center offer Radfolio?': '¿Tu centro de imagen ofrece Radfolio?',
	'Connect a provider': 'Conectar un centro',
	'to get your studies and reports from them directly.':
		'para recibir directamente tus estudios e informes.',
	'Add scans': 'Añadir estudios',
	'From your imaging CD or USB stick (choose its top folder), a folder, a zip, or single DICOM files. Nothing leaves this device.':
		'Desde el CD o la memoria USB de tu centro (elige su carpeta principal), una carpeta, un zip o archivos DICOM sueltos. Nada sale de este dispositivo.',
	'Import files': 'Importar archivos',
	'Import folder': 'Importar carpeta',
	'Import progress': 'Progreso de la importación',
	'{done} of {total}': '{done} de {total}',
	'Starting…': 'Empezando…',
	'Cancel import': 'Cancelar la importación',
	'Imported {n} file': 'Importado {n} archivo',
	'Imported {n} files': 'Importados {n} archivos',
	'{files} into {n} study.': '{files} en {n} estudio.',
	'{files} into {n} studies.': '{files} en {n} estudios.',
	'{files}.': '{files}.',
	'{n} already in your vault.': '{n} ya estaban en tu bóveda.',
	'Import cancelled: the studies it touched are marked incomplete.':
		'Importación cancelada: los estudios afectados quedan marcados como incompletos.',
	'Import stopped: {reason}': 'Importación detenida: {reason}',
	'{n} skipped': '{n} omitidos',
	'Imaging history': 'Historial de imágenes',
	'Search history': 'Buscar en el historial',
	'Search: CT, knee, 2023, hospital…': 'Buscar: TC, rodilla, 2023, hospital…',
	'No studies yet. Import your first CD, folder, zip or files above.':
		'Aún no hay estudios. Importa arriba tu primer CD, carpeta, zip o archivos.',
	'{n} study': '{n} estudio',
	'{n} studies': '{n} estudios',
	'{shown} of {n} studies match': '{shown} de {n} estudios coinciden',
	'No date': 'Sin fecha',
	Study: 'Estudio',
	'{n} image': '{n} imagen',
	'{n} images': '{n} imágenes',
	'Incomplete sync': 'Sincronización incompleta',
	'Incomplete import': 'Importación incompleta',
	'Unnamed patient': 'Paciente sin nombre',

	// Settings
	'Settings — Radfolio': 'Ajustes — Radfolio',
	Language: 'Idioma',
	'Follow my browser': 'Como mi navegador',
	'Dates and times follow the language too.': 'Las fechas y horas también siguen el idioma.',
	Security: 'Seguridad',
	'Auto-lock after': 'Bloquear automáticamente tras',
	'Of no activity. Locking wipes the keys from memory.':
		'De inactividad. Al bloquear, las claves se borran de la memoria.',
	'Change passphrase': 'Cambiar la frase de contraseña',
	'Your other devices': 'Tus otros dispositivos',
	Backup: 'Copia de seguridad',
	Restore: 'Restaurar',
	'Storage on this device': 'Almacenamiento en este dispositivo',
	'1 minute': '1 minuto',
	'5 minutes': '5 minutos',
	'15 minutes': '15 minutos',
	'30 minutes': '30 minutos',
	'1 hour': '1 hora',
	'4 hours': '4 horas',
	Never: 'Nunca',

	// Study page, viewer, report
	'Study not found': 'Estudio no encontrado',
	'This study is not in your vault. It may have been deleted.':
		'Este estudio no está en tu bóveda. Puede que se haya borrado.',
	Date: 'Fecha',
	Unknown: 'Desconocida',
	Patient: 'Paciente',
	Unnamed: 'Sin nombre',
	Where: 'Dónde',
	'Referred by': 'Solicitado por',
	Accession: 'Número de acceso',
	Added: 'Añadido',
	Share: 'Compartir',
	'Delete study': 'Borrar estudio',
	'Incomplete import: some files of this study were not stored. Import the source again to complete it.':
		'Importación incompleta: algunos archivos de este estudio no se guardaron. Vuelve a importar el origen para completarlo.',
	'Delete this study?': '¿Borrar este estudio?',
	"It is removed from this device's vault. Your imaging center and any copies you shared keep theirs. This cannot be undone.":
		'Se quita de la bóveda de este dispositivo. Tu centro de imagen y las copias que compartiste conservan las suyas. No se puede deshacer.',
	Delete: 'Borrar',
	'Keep it': 'Conservarlo',
	Series: 'Series',
	'Series {number}': 'Serie {number}',
	'{n} file': '{n} archivo',
	'{n} files': '{n} archivos',
	'Image viewer': 'Visor de imágenes',
	'Viewer tools': 'Herramientas del visor',
	Scroll: 'Desplazar',
	'Window level': 'Ventana y nivel',
	'Zoom and pan': 'Zoom y mover',
	Measure: 'Medir',
	'Reset view': 'Restablecer vista',
	Play: 'Reproducir',
	Pause: 'Pausa',
	'Window preset': 'Ventana predefinida',
	'Default window': 'Ventana por defecto',
	'Image in {series}': 'Imagen de {series}',
	series: 'la serie',
	'Image {i} of {n}': 'Imagen {i} de {n}',
	'Image {i} / {n}': 'Imagen {i} / {n}',
	'Opening images… {done} of {total}': 'Abriendo imágenes… {done} de {total}',
	'Decoding…': 'Decodificando…',
	"This image can't be displayed: {reason}": 'Esta imagen no se puede mostrar: {reason}',
	"{n} file of this series can't be displayed: {reason}.":
		'{n} archivo de esta serie no se puede mostrar: {reason}.',
	"{n} files of this series can't be displayed: {reason}.":
		'{n} archivos de esta serie no se pueden mostrar: {reason}.',
	'Report (PDF)': 'Informe (PDF)',
	'Download the PDF': 'Descargar el PDF',
	Complete: 'Completo',
	Partial: 'Parcial',
	Verified: 'Verificado',
	'Not verified': 'Sin verificar',
	'Opening the report…': 'Abriendo el informe…',
	'Words with a dotted line are explained in plain language: select one. This explains words, not your diagnosis. Ask your doctor what your report means for you.':
		'Las palabras con una línea de puntos tienen una explicación sencilla: elige una. Esto explica palabras, no tu diagnóstico. Pregunta a tu médico qué significa tu informe para ti.',
	'The explanations are in English for now.': 'Por ahora, las explicaciones están en inglés.',
	'Explain a word': 'Explicar una palabra',
	Explain: 'Explicar',
	'“{word}” is not in Radfolio’s word list. Your doctor can explain it.':
		'«{word}» no está en la lista de palabras de Radfolio. Tu médico puede explicártela.',
	'Source: {name}': 'Fuente: {name}',
	'This explains a word, not your diagnosis. Ask your doctor what your results mean for you.':
		'Esto explica una palabra, no tu diagnóstico. Pregunta a tu médico qué significan tus resultados para ti.',
	Close: 'Cerrar',
	'What does “{word}” mean?': '¿Qué significa «{word}»?'
} as const;
