// The test EHR's patient-facing pages: sign-in and consent, as plain HTML forms with labelled fields (the e2e suite
// and assistive technology find them by their labels: "Username", "Password", "Sign in", "Allow").

/** @param {string} text */
export function escapeHtml(text) {
	return String(text)
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

/**
 * @param {string} title
 * @param {string} body already-escaped HTML
 */
function page(title, body) {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Demo EHR</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
button { margin-top: 1.25rem; margin-right: .5rem; padding: .6rem 1.2rem; font-size: 1rem; }
.error { color: #a00000; font-weight: 600; }
li { margin: .25rem 0; }
</style>
</head>
<body>
<main>
<p>Demo EHR patient portal</p>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/**
 * @param {{ action: string, clientName: string, error?: string, username?: string }} options
 */
export function loginPage({ action, clientName, error, username = '' }) {
	return page(
		'Sign in',
		`<p>${escapeHtml(clientName)} asks to connect to your health record. Sign in to continue.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`
	);
}

/** What each scope means to a patient. */
const SCOPE_WORDS = /** @type {Record<string, string>} */ ({
	openid: 'Confirm who you are',
	fhirUser: 'Know which patient record is yours',
	'launch/patient': 'Use your patient record',
	launch: 'Open from this portal with your record',
	'patient/ImagingStudy.rs': 'Read and search your imaging studies, and download their images',
	'patient/ImagingStudy.read': 'Read your imaging studies, and download their images',
	'patient/Patient.rs': 'Read your name and record number',
	'patient/Patient.read': 'Read your name and record number',
	offline_access: 'Keep access until you revoke it, even when you are not signed in'
});

/**
 * @param {{ action: string, clientName: string, patientName: string, scopes: string[] }} options
 */
export function consentPage({ action, clientName, patientName, scopes }) {
	const items = scopes
		.map((scope) => `<li>${escapeHtml(SCOPE_WORDS[scope] ?? scope)}</li>`)
		.join('\n');
	return page(
		'Allow access',
		`<p>Signed in as ${escapeHtml(patientName)}.</p>
<p>${escapeHtml(clientName)} asks to:</p>
<ul>
${items}
</ul>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`
	);
}

/** @param {string} message */
export function errorPage(message) {
	return page('Something went wrong', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
