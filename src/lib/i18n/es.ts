import { esDose } from './es-dose';
import { esSmart } from './es-smart';

/**
 * Spanish, for every English message the interface passes to `t()` (locale.svelte.ts). Placeholders in braces
 * stay as they are. Keep the tone of the English: plain, direct, speaking to the patient as "tú".
 */
export const es = {
	// The radiation dose screens (es-dose.ts)
	...esDose,
	// Connecting a provider by SMART on FHIR (es-smart.ts)
	...esSmart,
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
	'Part of your vault was changed outside Radfolio (moved, cut short or replaced by an older copy), so it is not shown. Nothing partial was shown.':
		'Parte de tu bóveda se cambió fuera de Radfolio (se movió, se recortó o se sustituyó por una copia anterior), así que no se muestra. No se mostró nada a medias.',
	'This was written by a newer version of Radfolio. Update Radfolio to open it.':
		'Esto lo escribió una versión más nueva de Radfolio. Actualiza Radfolio para abrirlo.',
	'Your device is out of storage space for Radfolio. Free some space and try again.':
		'Tu dispositivo no tiene espacio para Radfolio. Libera espacio y vuelve a intentarlo.',
	'Your browser’s storage failed to give back part of what Radfolio stored on this device. Nothing shows it was changed. Try again; if it keeps happening, restore your vault from a backup.':
		'El almacenamiento de tu navegador no pudo devolver parte de lo que Radfolio guardó en este dispositivo. Nada indica que se haya modificado. Inténtalo de nuevo; si sigue pasando, restaura tu bóveda desde una copia de seguridad.',
	'Your browser stopped saving to your vault. What was saved before is kept; try again.':
		'Tu navegador dejó de guardar en tu bóveda. Lo guardado antes se conserva; vuelve a intentarlo.',
	'That item is no longer in your vault.': 'Ese elemento ya no está en tu bóveda.',
	'This file is not a complete Radfolio backup: it may be cut short or changed. Nothing was restored.':
		'Este archivo no es una copia de seguridad completa de Radfolio: puede estar cortado o modificado. No se restauró nada.',
	'This vault asks for more memory to unlock than Radfolio allows, so it was not opened: it was not made by Radfolio, or it was altered.':
		'Esta bóveda pide más memoria para abrirse de la que Radfolio permite, así que no se abrió: no la hizo Radfolio, o fue alterada.',
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
	// On iPhone, private windows, backups (StorageNotice.svelte, ImportPanel.svelte, ExportBackup.svelte)
	'Choose your DICOM files or a zip in the Files app: select several at once, from iCloud, this iPhone or a USB stick. Nothing leaves this device.':
		'Elige tus archivos DICOM o un zip en la app Archivos: selecciona varios a la vez, de iCloud, de este iPhone o de una memoria USB. Nada sale de este dispositivo.',
	'Your scans are on a CD? An iPhone cannot read it: copy the CD into a zip on a computer and send it to yourself, or ask your imaging center to share the study or connect you as a provider.':
		'¿Tus estudios están en un CD? Un iPhone no puede leerlo: copia el CD en un zip desde un ordenador y envíatelo, o pide a tu centro de imagen que comparta el estudio o te conecte como centro.',
	'This window forgets your scans': 'Esta ventana olvida tus estudios',
	'This window forgets everything when you close it — open Radfolio in a normal window or add it to your Home Screen.':
		'Esta ventana lo olvida todo al cerrarla: abre Radfolio en una ventana normal o añádelo a tu pantalla de inicio.',
	'You can still import and look at your scans here, but they are gone once this private window is closed.':
		'Aún puedes importar y ver tus estudios aquí, pero desaparecen al cerrar esta ventana privada.',
	'Keeping your scans on iPhone': 'Conservar tus estudios en el iPhone',
	'On iPhone and iPad, Safari deletes what a website stored after 7 days without a visit. Add Radfolio to your Home Screen to keep your scans:':
		'En iPhone y iPad, Safari borra lo que un sitio web ha guardado tras 7 días sin visitarlo. Añade Radfolio a tu pantalla de inicio para conservar tus estudios:',
	'Tap the Share button (the square with an arrow) at the bottom of Safari.':
		'Toca el botón Compartir (el cuadrado con una flecha) en la parte de abajo de Safari.',
	'Choose “Add to Home Screen”, then “Add”.':
		'Elige «Añadir a pantalla de inicio» y luego «Añadir».',
	'Open Radfolio from its new icon. The Home Screen app keeps its own storage: import your scans there, or restore a backup.':
		'Abre Radfolio desde su nuevo icono. La app de la pantalla de inicio tiene su propio almacenamiento: importa allí tus estudios o restaura una copia de seguridad.',
	'{n} study added since your last backup ({date}).':
		'{n} estudio añadido desde tu última copia de seguridad ({date}).',
	'{n} studies added since your last backup ({date}).':
		'{n} estudios añadidos desde tu última copia de seguridad ({date}).',
	'{n} study is not in a backup yet.': '{n} estudio aún no está en ninguna copia de seguridad.',
	'{n} studies are not in a backup yet.':
		'{n} estudios aún no están en ninguna copia de seguridad.',
	'Make a backup now': 'Haz una copia de seguridad ahora',
	'Last backup: {date}.': 'Última copia de seguridad: {date}.',
	'No backup saved yet.': 'Aún no has guardado ninguna copia de seguridad.',
	'In a Safari tab, your scans are deleted after 7 days without a visit. Add Radfolio to your Home Screen (Share, then “Add to Home Screen”) to keep them.':
		'En una pestaña de Safari, tus estudios se borran tras 7 días sin visitarlo. Añade Radfolio a tu pantalla de inicio (Compartir y luego «Añadir a pantalla de inicio») para conservarlos.',
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
	'Zoom {percent}%': 'Zoom {percent} %',
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
	'Explain a word': 'Explicar una palabra',
	Explain: 'Explicar',
	'“{word}” is not in Radfolio’s word list. Your doctor can explain it.':
		'«{word}» no está en la lista de palabras de Radfolio. Tu médico puede explicártela.',
	'Source: {name}': 'Fuente: {name}',
	'This explains a word, not your diagnosis. Ask your doctor what your results mean for you.':
		'Esto explica una palabra, no tu diagnóstico. Pregunta a tu médico qué significan tus resultados para ti.',
	Close: 'Cerrar',
	'What does “{word}” mean?': '¿Qué significa «{word}»?',
	// Opening a share
	'Shared study': 'Estudio compartido',
	'Someone shared medical images with you through Radfolio. They are encrypted: this browser decrypts them with the key in your link, which never reaches our server.':
		'Alguien compartió contigo imágenes médicas a través de Radfolio. Están cifradas: este navegador las descifra con la clave de tu enlace, que nunca llega a nuestro servidor.',
	'This link can be opened any number of times until {until} ({size}).':
		'Este enlace se puede abrir las veces que quieras hasta el {until} ({size}).',
	'This link can be opened {n} more time until {until} ({size}).':
		'Este enlace se puede abrir {n} vez más hasta el {until} ({size}).',
	'This link can be opened {n} more times until {until} ({size}).':
		'Este enlace se puede abrir {n} veces más hasta el {until} ({size}).',
	'Open shared study': 'Abrir el estudio compartido',
	'Download progress': 'Progreso de la descarga',
	'Downloading {done} of {total}…': 'Descargando {done} de {total}…',
	'Downloading {done}…': 'Descargando {done}…',
	'Decrypting and checking every part…': 'Descifrando y comprobando cada parte…',
	'The sender protected this study with a passphrase.':
		'Quien lo envió protegió este estudio con una frase de contraseña.',
	'Unlock shared study': 'Desbloquear el estudio compartido',
	'Were you sent the study as a file as well?': '¿También te enviaron el estudio como archivo?',
	'Open a saved file': 'Abrir un archivo guardado',
	'Date unknown': 'Fecha desconocida',
	', with report': ', con informe',
	'Save to my Radfolio': 'Guardar en mi Radfolio',
	'Saved to your Radfolio.': 'Guardado en tu Radfolio.',
	'Open your imaging history': 'Abrir tu historial de imágenes',
	'Saving…': 'Guardando…',
	'Download DICOM files': 'Descargar archivos DICOM',
	'Preparing… {size}': 'Preparando… {size}',
	'This link has expired. Ask the sender for a new one.':
		'Este enlace ha caducado. Pide uno nuevo a quien te lo envió.',
	'This shared study is no longer available: the sender revoked it, or it was opened as many times as allowed.':
		'Este estudio compartido ya no está disponible: quien lo envió lo revocó, o ya se abrió tantas veces como se permitía.',
	'This shared study is no longer available.': 'Este estudio compartido ya no está disponible.',
	'This shared study is damaged: it was changed or cut short on the way, so nothing of it is shown. Ask the sender for a new link.':
		'Este estudio compartido está dañado: se modificó o se cortó por el camino, así que no se muestra nada. Pide un enlace nuevo a quien te lo envió.',
	'Wrong passphrase. Check it with the sender and try again.':
		'Frase de contraseña incorrecta. Compruébala con quien te lo envió y vuelve a intentarlo.',
	'This shared study is protected by a passphrase.':
		'Este estudio compartido está protegido con una frase de contraseña.',
	'This shared study was made by a newer version of Radfolio. Open it with an up-to-date Radfolio.':
		'Este estudio compartido se hizo con una versión más nueva de Radfolio. Ábrelo con un Radfolio actualizado.',
	'This shared study asks for more memory to unlock than Radfolio allows, so nothing of it was opened: it was not made by Radfolio, or it was altered. Ask the sender for a new link.':
		'Este estudio compartido pide más memoria para abrirse de la que Radfolio permite, así que no se abrió nada de él: no lo hizo Radfolio, o fue alterado. Pide a quien te lo envió un enlace nuevo.',
	'For your privacy, this page removed the link’s key from the address bar once it had read it, so it cannot open the study again by itself. Open the link again from the message you received it in.':
		'Por tu privacidad, esta página quitó la clave del enlace de la barra de direcciones en cuanto la leyó, así que no puede volver a abrir el estudio por sí sola. Vuelve a abrir el enlace desde el mensaje en el que lo recibiste.',
	'This link is incomplete: the part after “#” is missing or changed, so the study is damaged beyond opening. Copy the whole link again.':
		'Este enlace está incompleto: falta o cambió la parte tras «#», así que el estudio no se puede abrir. Vuelve a copiar el enlace entero.',
	'This device is out of storage space: the shared study needs room on it while it is open. Nothing is wrong with the link. Free some space, then press “Open shared study” again.':
		'Este dispositivo no tiene espacio de almacenamiento: el estudio compartido necesita sitio en él mientras está abierto. El enlace está bien. Libera algo de espacio y pulsa «Abrir el estudio compartido» de nuevo.',
	'This browser’s storage failed while it opened the shared study on this device, so nothing of it is shown. Nothing shows the link is damaged: open it in another browser or on another device. If the link could be opened only once, ask the sender for a new one.':
		'El almacenamiento de este navegador falló mientras abría el estudio compartido en este dispositivo, así que no se muestra nada de él. Nada indica que el enlace esté dañado: ábrelo en otro navegador o en otro dispositivo. Si el enlace solo podía abrirse una vez, pide uno nuevo a quien lo envió.',
	'Someone else is opening this link right now. If that is not you on another device, the link may have reached someone else: tell the sender. Otherwise try again in a few minutes.':
		'Otra persona está abriendo este enlace ahora mismo. Si no eres tú en otro dispositivo, puede que el enlace haya llegado a alguien más: díselo a quien te lo envió. Si no, inténtalo de nuevo en unos minutos.',
	'The sharing service could not be reached, or is busy. Check your connection and try again in a moment.':
		'No se pudo contactar con el servicio para compartir, o está ocupado. Revisa tu conexión y vuelve a intentarlo en un momento.',
	// Share dialog
	'1 day': '1 día',
	'7 days': '7 días',
	'30 days': '30 días',
	'Maximum opens is a number from 1 to 100, or empty for no limit.':
		'El máximo de aperturas es un número de 1 a 100, o vacío para no poner límite.',
	'The sharing service is full right now, so no link was made. Try again later, or use “Save as file”.':
		'El servicio para compartir está lleno ahora mismo, así que no se creó ningún enlace. Inténtalo más tarde, o usa «Guardar como archivo».',
	'You have shared a lot from this connection today, so no link was made. Try again tomorrow, or use “Save as file”.':
		'Has compartido mucho desde esta conexión hoy, así que no se creó ningún enlace. Inténtalo mañana, o usa «Guardar como archivo».',
	'The link could not be created: {reason}.': 'No se pudo crear el enlace: {reason}.',
	'This study is larger than the sharing service accepts.':
		'Este estudio es más grande de lo que acepta el servicio para compartir.',
	'The link could not be revoked right now. Try again when online.':
		'Ahora no se pudo revocar el enlace. Vuelve a intentarlo cuando tengas conexión.',
	'Ended (expired, revoked or used up)': 'Terminado (caducado, revocado o agotado)',
	unlimited: 'sin límite',
	'Opened {used} of {allowed} · expires {when}': 'Abierto {used} de {allowed} · caduca {when}',
	passphrase: 'frase de contraseña',
	'without name and IDs': 'sin nombre ni identificadores',
	'Share study': 'Compartir estudio',
	'The study is encrypted on this device. The link carries the key after the “#”, which never reaches our server: whoever has the link can open the study in any browser, without an account.':
		'El estudio se cifra en este dispositivo. El enlace lleva la clave tras el «#», que nunca llega a nuestro servidor: quien tenga el enlace puede abrir el estudio en cualquier navegador, sin cuenta.',
	'Expires after': 'Caduca tras',
	'Maximum opens': 'Máximo de aperturas',
	'No limit': 'Sin límite',
	'Passphrase (optional)': 'Frase de contraseña (opcional)',
	'Tell it to the recipient another way (a call, a text).':
		'Díselo a quien lo recibe por otra vía (una llamada, un mensaje).',
	'Remove my name and IDs': 'Quitar mi nombre e identificadores',
	'Your name, IDs, birth date, dates, places, physicians and descriptions are removed from the copy you share, and its identifiers replaced. Text burned into the images themselves (common in ultrasound and scanned pages) and the wording of a PDF report may still show your name.':
		'Tu nombre, identificadores, fecha de nacimiento, fechas, lugares, médicos y descripciones se quitan de la copia que compartes, y se sustituyen sus identificadores. El texto grabado en las propias imágenes (habitual en ecografías y páginas escaneadas) y el texto de un informe PDF aún pueden mostrar tu nombre.',
	'Create link': 'Crear enlace',
	Cancel: 'Cancelar',
	'Share progress': 'Progreso del envío',
	'{size} encrypted and sent': '{size} cifrados y enviados',
	'Encrypting…': 'Cifrando…',
	'New link': 'Enlace nuevo',
	'Share link': 'Enlace para compartir',
	'Copy link': 'Copiar enlace',
	'Share…': 'Compartir…',
	'Save as file': 'Guardar como archivo',
	'Copied.': 'Copiado.',
	'QR code': 'Código QR',
	'Active shares': 'Enlaces activos',
	'Created {when}': 'Creado {when}',
	Revoke: 'Revocar',
	'No links for this study yet.': 'Aún no hay enlaces para este estudio.',
	// Settings: passphrase, backup, storage
	'Use at least 8 characters.': 'Usa al menos 8 caracteres.',
	'The new passphrases do not match.': 'Las frases de contraseña nuevas no coinciden.',
	'Passphrase changed. Use the new one next time you unlock.':
		'Frase de contraseña cambiada. Usa la nueva la próxima vez que desbloquees.',
	'Current passphrase': 'Frase de contraseña actual',
	'New passphrase': 'Frase de contraseña nueva',
	'Confirm new passphrase': 'Confirma la frase de contraseña nueva',
	'Changing…': 'Cambiando…',
	'A new passphrase locks the same key. Backups made before the change still open with the old passphrase, and a device you added keeps its copy under its own passphrase.':
		'Una frase de contraseña nueva protege la misma clave. Las copias hechas antes del cambio se siguen abriendo con la frase anterior, y un dispositivo que hayas añadido conserva su copia con su propia frase.',
	'Also re-encrypt everything with a new key': 'Volver a cifrar también todo con una clave nueva',
	'Takes a while: every image is encrypted again. Afterwards the old passphrase and old backups no longer open this vault, though an old backup still opens the copy it holds.':
		'Tarda un rato: se vuelve a cifrar cada imagen. Después, la frase anterior y las copias antiguas ya no abren esta bóveda, aunque una copia antigua sigue abriendo lo que guarda.',
	'Re-encrypting… {size}': 'Volviendo a cifrar… {size}',
	'Passphrase changed and everything re-encrypted with a new key. Backups made before still open with the old passphrase: make a new backup, then delete the old ones.':
		'Frase de contraseña cambiada y todo cifrado de nuevo con una clave nueva. Las copias hechas antes se siguen abriendo con la frase anterior: haz una copia nueva y luego borra las antiguas.',
	'Backup saved ({size}). Keep it somewhere safe; it opens only with your passphrase.':
		'Copia guardada ({size}). Guárdala en un lugar seguro; solo se abre con tu frase de contraseña.',
	'Exporting… {size}': 'Exportando… {size}',
	'Export encrypted backup': 'Exportar copia cifrada',
	'Bring back a vault from a Radfolio backup file (.rfbackup). You will need the passphrase the vault had when the backup was made.':
		'Recupera una bóveda desde un archivo de copia de Radfolio (.rfbackup). Necesitarás la frase de contraseña que tenía la bóveda al hacer la copia.',
	'Restoring replaces everything in this vault.':
		'Restaurar sustituye todo lo que hay en esta bóveda.',
	'Restore backup': 'Restaurar copia',
	'Backup file:': 'Archivo de copia:',
	'Backup passphrase': 'Frase de contraseña de la copia',
	'Restoring… {size}': 'Restaurando… {size}',
	'Restore this backup': 'Restaurar esta copia',
	// Several tabs: a restore or a received vault waits for another tab's import or sync (vault-switch.ts)
	'Restore cancelled. Your vault is unchanged.':
		'Restauración cancelada. Tu bóveda no ha cambiado.',
	'Your studies are not listed until this is resolved. Restore a backup to get them back:':
		'Tus estudios no se muestran hasta que esto se resuelva. Restaura una copia de seguridad para recuperarlos:',
	'Waiting for an import to finish before re-encrypting…':
		'Esperando a que termine una importación antes de volver a cifrar…',
	'Waiting for the provider sync to finish before re-encrypting…':
		'Esperando a que termine la sincronización con el centro antes de volver a cifrar…',
	'Waiting for the provider sync in another tab to stop…':
		'Esperando a que se detenga la sincronización con tu centro en otra pestaña…',
	'Waiting for the import in progress to finish. Then the restore replaces everything in this vault, including what that import added.':
		'Esperando a que termine la importación en curso. Después, la restauración sustituye todo lo que hay en esta bóveda, también lo que haya añadido esa importación.',
	'Waiting for the import in another tab to finish. Then the restore replaces everything in this vault, including what that import added.':
		'Esperando a que termine la importación en otra pestaña. Después, la restauración sustituye todo lo que hay en esta bóveda, también lo que haya añadido esa importación.',
	'Cancel restore': 'Cancelar la restauración',
	'Everything arrived. Waiting for the provider sync in another tab to stop…':
		'Ha llegado todo. Esperando a que se detenga la sincronización con tu centro en otra pestaña…',
	'Everything arrived. Waiting for the import in another tab to finish…':
		'Ha llegado todo. Esperando a que termine la importación en otra pestaña…',
	'Another Radfolio tab replaced this vault with a restored backup or a vault from your other device. Unlock it with that vault’s passphrase.':
		'Otra pestaña de Radfolio sustituyó esta bóveda por una copia restaurada o por la bóveda de tu otro dispositivo. Desbloquéala con la frase de contraseña de esa bóveda.',
	'Your last import in this tab is not in your vault now:':
		'Tu última importación en esta pestaña ya no está en tu bóveda:',
	'import those files again once it is unlocked.':
		'vuelve a importar esos archivos cuando la desbloquees.',
	'A backup restored (or a vault received) in another tab replaced the vault this import was for: its files are not in your vault now. Import them again.':
		'Una copia restaurada (o una bóveda recibida) en otra pestaña sustituyó la bóveda a la que iba esta importación: sus archivos no están ahora en tu bóveda. Vuelve a importarlos.',
	'Storage used: {used}': 'Espacio usado: {used}',
	unknown: 'desconocido',
	'of {quota} available': 'de {quota} disponibles',
	'Storage is persistent: the browser will not clear it to free space.':
		'El almacenamiento es persistente: el navegador no lo borrará para liberar espacio.',
	'Storage is not persistent: the browser may clear it when space runs low. Keep a backup.':
		'El almacenamiento no es persistente: el navegador puede borrarlo si falta espacio. Guarda una copia.',
	'Checking storage…': 'Comprobando el almacenamiento…',
	'Ask to keep storage': 'Pedir que se conserve',
	// Providers and sync
	'From your providers': 'De tus centros',
	Sync: 'Sincronización',
	'Sync progress': 'Progreso de la sincronización',
	'{done} of {total} studies checked, {files} new files':
		'{done} de {total} estudios revisados, {files} archivos nuevos',
	'asking for your studies…': 'pidiendo tus estudios…',
	'Cancel sync': 'Cancelar la sincronización',
	'Last sync {when}: {what}': 'Última sincronización {when}: {what}',
	'Not synced yet.': 'Aún sin sincronizar.',
	'Sync now': 'Sincronizar ahora',
	'Sync waits until you are online.': 'La sincronización espera a que tengas conexión.',
	'Enter the enrollment code from your imaging center.':
		'Escribe el código de alta que te dio tu centro de imagen.',
	'Connected to {name}. Your studies are being copied into your vault.':
		'Conectado a {name}. Tus estudios se están copiando en tu bóveda.',
	'Your imaging center gives you an enrollment code (or a link or QR code that fills it in). Once connected, Radfolio copies your studies and reports from their archive into this vault whenever you are online, so you have them without a connection too.':
		'Tu centro de imagen te da un código de alta (o un enlace o código QR que lo rellena). Una vez conectado, Radfolio copia tus estudios e informes de su archivo a esta bóveda cuando tienes conexión, para que los tengas también sin conexión.',
	'Enrollment code': 'Código de alta',
	'Provider address': 'Dirección del centro',
	Connect: 'Conectar',
	Connected: 'Conectados',
	'connected {when}': 'conectado {when}',
	'This provider no longer accepts this connection. Connect again with a new enrollment code.':
		'Este centro ya no acepta esta conexión. Vuelve a conectar con un código de alta nuevo.',
	'Disconnect {name}? Studies already copied stay in your vault.':
		'¿Desconectar {name}? Los estudios ya copiados se quedan en tu bóveda.',
	Disconnect: 'Desconectar',
	Keep: 'Mantener',
	'Disconnect {name}': 'Desconectar {name}',
	// Add a device
	'Wrong passphrase. Nothing was sent.': 'Frase de contraseña incorrecta. No se envió nada.',
	'The pairing was changed on the way, so nothing was sent. Someone may be trying to get your vault: start again, and check the code on both screens.':
		'El emparejamiento se modificó por el camino, así que no se envió nada. Puede que alguien intente hacerse con tu bóveda: empieza de nuevo y comprueba el código en las dos pantallas.',
	'The Radfolio relay could not be reached, or the pairing ended. Start again.':
		'No se pudo contactar con el servicio de Radfolio, o el emparejamiento terminó. Empieza de nuevo.',
	'Move or copy everything — studies, reports, providers and shared links — to your phone, a new computer or another browser. It goes end-to-end encrypted: the Radfolio server only ever passes on scrambled data, and deletes it once your new device has it. This device keeps its copy.':
		'Mueve o copia todo (estudios, informes, centros y enlaces compartidos) a tu teléfono, un ordenador nuevo u otro navegador. Va cifrado de extremo a extremo: el servidor de Radfolio solo transmite datos ilegibles y los borra cuando tu dispositivo nuevo ya los tiene. Este dispositivo conserva su copia.',
	'Add a device': 'Añadir un dispositivo',
	'On your new device, open this link or scan the code. It works once, for 30 minutes.':
		'En tu dispositivo nuevo, abre este enlace o escanea el código. Funciona una vez, durante 30 minutos.',
	'Link for your new device': 'Enlace para tu dispositivo nuevo',
	'Waiting for your new device…': 'Esperando a tu dispositivo nuevo…',
	'Preparing the link…': 'Preparando el enlace…',
	'Your new device answered. Check that it shows this code:':
		'Tu dispositivo nuevo respondió. Comprueba que muestra este código:',
	'Confirmation code {code}': 'Código de confirmación {code}',
	'If the codes differ, someone else answered your link: press Cancel, and nothing is sent.':
		'Si los códigos no coinciden, otra persona respondió a tu enlace: pulsa Cancelar y no se enviará nada.',
	'Your passphrase': 'Tu frase de contraseña',
	'Codes match: send my vault': 'Los códigos coinciden: enviar mi bóveda',
	'Sending your vault, encrypted… {size}': 'Enviando tu bóveda, cifrada… {size}',
	'Sent. Waiting for your new device to finish…':
		'Enviada. Esperando a que tu dispositivo nuevo termine…',
	'Your new device has everything now. This device keeps its copy.':
		'Tu dispositivo nuevo ya lo tiene todo. Este dispositivo conserva su copia.',
	Done: 'Hecho',
	'This link was already answered by another device. Start again on your other device.':
		'Otro dispositivo ya respondió a este enlace. Empieza de nuevo en tu otro dispositivo.',
	'The Radfolio relay could not be reached, or the link ended. Start again on your other device.':
		'No se pudo contactar con el servicio de Radfolio, o el enlace terminó. Empieza de nuevo en tu otro dispositivo.',
	'Receive your vault': 'Recibir tu bóveda',
	'Opening…': 'Abriendo…',
	'This link is incomplete or not a Radfolio device link. On your other device, open Settings, choose “Add a device”, and open the new link here.':
		'Este enlace está incompleto o no es un enlace de dispositivo de Radfolio. En tu otro dispositivo, abre Ajustes, elige «Añadir un dispositivo» y abre aquí el enlace nuevo.',
	'This browser already has a Radfolio vault. Receiving another one here would replace it: open the link in a browser or profile without a vault.':
		'Este navegador ya tiene una bóveda de Radfolio. Recibir otra aquí la sustituiría: abre el enlace en un navegador o perfil sin bóveda.',
	'Go to your imaging history': 'Ir a tu historial de imágenes',
	'Your other device will send everything in its vault here, end-to-end encrypted. Choose a passphrase for this device: it unlocks your vault here, and':
		'Tu otro dispositivo enviará aquí todo lo que hay en su bóveda, cifrado de extremo a extremo. Elige una frase de contraseña para este dispositivo: abre tu bóveda aquí y',
	Continue: 'Continuar',
	'Your other device should now show this code:':
		'Tu otro dispositivo debería mostrar ahora este código:',
	'If it matches, confirm on your other device. Waiting for it to send…':
		'Si coincide, confírmalo en tu otro dispositivo. Esperando a que envíe…',
	'Receiving your vault… {done} of {total}': 'Recibiendo tu bóveda… {done} de {total}',
	'Receiving your vault… {done}': 'Recibiendo tu bóveda… {done}',
	'Everything arrived. This device now has your vault, under the passphrase you chose here.':
		'Todo llegó. Este dispositivo ya tiene tu bóveda, con la frase de contraseña que elegiste aquí.',
	'Save as a file instead': 'Guardar como archivo en su lugar',
	'Saved as a file. Open it on your new device, which asks for it now. Waiting for it to finish…':
		'Guardada como archivo. Ábrelo en tu dispositivo nuevo, que ahora te lo pide. Esperando a que termine…',
	'Your other device saved your vault as a file. Open that file here:':
		'Tu otro dispositivo guardó tu bóveda como archivo. Abre aquí ese archivo:',
	'Open the transfer file': 'Abrir el archivo de traspaso',
	// Sync status lines
	'{n} study updated ({files})': '{n} estudio actualizado ({files})',
	'{n} studies updated ({files})': '{n} estudios actualizados ({files})',
	'{n} new file': '{n} archivo nuevo',
	'{n} new files': '{n} archivos nuevos',
	'no new studies': 'ningún estudio nuevo',
	'Cancelled — {gained} so far': 'Cancelada: {gained} hasta ahora',
	'Stopped: {reason}. It will resume by itself — {gained} so far':
		'Detenida: {reason}. Seguirá sola: {gained} hasta ahora',
	'Failed: {reason}': 'Falló: {reason}',
	'Stopped: {reason}': 'Detenida: {reason}',
	'{gained}; {n} study still incomplete': '{gained}; {n} estudio aún incompleto',
	'{gained}; {n} studies still incomplete': '{gained}; {n} estudios aún incompletos',
	'({n} file could not be read)': '({n} archivo no se pudo leer)',
	'({n} files could not be read)': '({n} archivos no se pudieron leer)',
	'Up to date': 'Al día',
	// Viewer problems ($lib/messages/viewer.ts), the end of "This image can't be displayed: …"
	'it is a report, shown as a document': 'es un informe, y se muestra como documento',
	'it holds no image (for example a plan or a waveform)':
		'no contiene imagen (por ejemplo, un plan o una curva)',
	"its pixels are in a vendor's private format":
		'sus píxeles están en un formato privado del fabricante',
	'its compression ({name}) has no decoder in this version of Radfolio':
		'su compresión ({name}) no tiene decodificador en esta versión de Radfolio',
	'its image size is missing': 'le falta el tamaño de la imagen',
	'it is too large to decode safely on this device':
		'es demasiado grande para decodificarla con seguridad en este dispositivo',
	'it is a segmentation, drawn over another series, not an image of its own':
		'es una segmentación, dibujada sobre otra serie, no una imagen propia',
	'this series has no images': 'esta serie no tiene imágenes',
	'the viewer could not build an image from this file':
		'el visor no pudo formar una imagen con este archivo',
	'loading was stopped': 'se detuvo la carga',
	'decoding took too long; the file may be damaged':
		'la decodificación tardó demasiado; puede que el archivo esté dañado',
	'the viewer could not read this file: a header value it needs is not in the form it expects':
		'el visor no pudo leer este archivo: un valor de su cabecera que necesita no tiene la forma esperada',
	'the viewer could not draw this image: a header value it needs is not in the form it expects':
		'el visor no pudo dibujar esta imagen: un valor de su cabecera que necesita no tiene la forma esperada',
	'the viewer could not read this file': 'el visor no pudo leer este archivo',
	'its image data could not be decoded': 'no se pudieron decodificar sus datos de imagen',
	'decoding took too long, so it was stopped': 'la decodificación tardó demasiado y se detuvo',
	// Error codes in words ($lib/messages/errors.ts)
	'This enrollment code is unknown, already used or expired.':
		'Este código de alta no existe, ya se usó o ha caducado.',
	'Too many attempts. Wait a few minutes and try again.':
		'Demasiados intentos. Espera unos minutos y vuelve a intentarlo.',
	'The provider could not be reached.': 'No se pudo contactar con el centro.',
	'The transfer was cut off.': 'La transferencia se cortó.',
	'The provider is busy ({status}).': 'El centro está ocupado ({status}).',
	'The provider answered the enrollment with something else.':
		'El centro respondió al alta con otra cosa.',
	'The provider pointed its archive at another server, so Radfolio did not follow it.':
		'El centro indicó su archivo en otro servidor, así que Radfolio no lo siguió.',
	'The provider sent a list of studies Radfolio could not read.':
		'El centro envió una lista de estudios que Radfolio no pudo leer.',
	'The provider answered {status}.': 'El centro respondió {status}.',
	'This link has expired.': 'Este enlace ha caducado.',
	'This link has ended: it was revoked, or opened as many times as allowed.':
		'Este enlace ha terminado: se revocó o se abrió tantas veces como se permitía.',
	'This link is no longer available.': 'Este enlace ya no está disponible.',
	'The download took too long and was stopped. Try again.':
		'La descarga tardó demasiado y se detuvo. Vuelve a intentarlo.',
	'The sharing service refused the request ({status}).':
		'El servicio para compartir rechazó la petición ({status}).',
	'No device has answered yet.': 'Ningún dispositivo ha respondido todavía.',
	'The other device sent something this version of Radfolio cannot read. Update Radfolio on both devices and start again.':
		'El otro dispositivo envió algo que esta versión de Radfolio no puede leer. Actualiza Radfolio en los dos dispositivos y empieza de nuevo.',
	'This file could not be used: {reason}.': 'Este archivo no se pudo usar: {reason}.',
	'something went wrong': 'algo salió mal',
	'This browser did not let Radfolio copy: the link is selected, copy it yourself.':
		'Este navegador no dejó copiar a Radfolio: el enlace está seleccionado, cópialo tú.'
} as const;
