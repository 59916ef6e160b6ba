/**
 * Spanish for connecting a provider by SMART on FHIR ($lib/smart, ConnectProvider, src/routes/providers), spread
 * into es.ts. Kept apart so these words travel together.
 */
export const esSmart = {
	'Or sign in at your provider': 'O inicia sesión en tu centro',
	'If your hospital or clinic lets apps connect to its patient portal (SMART on FHIR), enter its FHIR address, or paste the link its portal gave you. You sign in there and allow Radfolio to copy your imaging studies; your password never reaches Radfolio.':
		'Si tu hospital o clínica deja que las apps se conecten a su portal del paciente (SMART on FHIR), escribe su dirección FHIR o pega el enlace que te dio su portal. Inicias sesión allí y permites que Radfolio copie tus estudios de imagen; tu contraseña nunca llega a Radfolio.',
	'FHIR address': 'Dirección FHIR',
	'Sign in at provider': 'Iniciar sesión en el centro',
	'Enter the FHIR address your provider gave you.':
		'Escribe la dirección FHIR que te dio tu centro.',
	'Going to {host} to sign in…': 'Yendo a {host} para iniciar sesión…',
	'Finishing the connection with your provider…': 'Terminando la conexión con tu centro…',
	'Connecting your provider': 'Conectando tu centro',
	'Back to Providers': 'Volver a Centros',
	'Patient: {name}': 'Paciente: {name}',
	'Reconnect {name}': 'Volver a conectar {name}',
	'{n} study was not added to your history: its files name another patient ({who}).':
		'{n} estudio no se añadió a tu historial: sus archivos nombran a otro paciente ({who}).',
	'{n} studies were not added to your history: their files name another patient ({who}).':
		'{n} estudios no se añadieron a tu historial: sus archivos nombran a otro paciente ({who}).',
	// Archive reason (messages/errors.ts)
	'Your approval at this provider has ended (it expired or was withdrawn). Press Reconnect to approve again; the studies already copied stay in your vault.':
		'Tu permiso en este centro terminó (caducó o se retiró). Pulsa «Volver a conectar» para darlo de nuevo; los estudios ya copiados se quedan en tu bóveda.',
	// SmartError codes (messages/errors.ts)
	'Enter the provider’s FHIR address, starting with https://.':
		'Escribe la dirección FHIR del centro, que empieza por https://.',
	'That address does not offer SMART on FHIR sign-in. Check the FHIR address your provider gave you.':
		'Esa dirección no ofrece inicio de sesión SMART on FHIR. Revisa la dirección FHIR que te dio tu centro.',
	'This provider does not offer imaging studies to apps (SMART Imaging Access).':
		'Este centro no ofrece estudios de imagen a las apps (SMART Imaging Access).',
	'The provider could not be reached. Check your connection. If it keeps happening, the Radfolio server you use may need to allow this provider’s address.':
		'No se pudo contactar con el centro. Revisa tu conexión. Si sigue pasando, puede que el servidor de Radfolio que usas tenga que permitir la dirección de este centro.',
	'This sign-in was not started here, or it took too long. Start again from Providers.':
		'Este inicio de sesión no empezó aquí, o tardó demasiado. Empieza de nuevo desde Centros.',
	'The answer from the provider does not belong to the sign-in Radfolio started, so it was refused. Start again from Providers.':
		'La respuesta del centro no corresponde al inicio de sesión que empezó Radfolio, así que se rechazó. Empieza de nuevo desde Centros.',
	'The provider did not give access (you declined, or it refused). Nothing was connected.':
		'El centro no dio acceso (lo rechazaste, o lo rechazó el centro). No se conectó nada.',
	'The provider refused to finish the sign-in. Start again from Providers.':
		'El centro no quiso terminar el inicio de sesión. Empieza de nuevo desde Centros.',
	'The provider did not say whose records these are, so nothing was connected.':
		'El centro no dijo de quién son estos datos, así que no se conectó nada.',
	'The access you allowed does not include your imaging studies, so nothing was connected.':
		'El acceso que permitiste no incluye tus estudios de imagen, así que no se conectó nada.'
} as const;
