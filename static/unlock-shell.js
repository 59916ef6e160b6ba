// Shows app.html's plain-HTML locked screen before the app's code has loaded, where this browser holds a vault
// (the app notes that in localStorage: src/lib/state/unlock-shell.ts) and the page is not a shared study's or a
// device transfer's (they open without the vault). In the language the app would use. A passphrase submitted here
// before the app is ready is kept in the field, and the app unlocks with it as soon as it takes the screen over.
// A classic script (no module, no framework), served from the service worker's cache with the shell.
(function () {
	var shell = document.getElementById('unlock-shell');
	if (!shell) return;
	var read = function (key) {
		try {
			return localStorage.getItem(key);
		} catch {
			return null;
		}
	};
	if (read('radfolio.hasVault') !== '1' || /^\/(s\/|transfer)/.test(location.pathname)) {
		shell.remove();
		return;
	}
	var choice = read('radfolio.locale');
	var spanish = choice === 'es';
	if (choice !== 'en' && choice !== 'es') {
		var languages = navigator.languages || [navigator.language || 'en'];
		for (var i = 0; i < languages.length; i++) {
			var language = String(languages[i]).toLowerCase().split('-')[0];
			if (language === 'es' || language === 'en') {
				spanish = language === 'es';
				break;
			}
		}
	}
	if (spanish) {
		document.documentElement.lang = 'es';
		var texts = shell.querySelectorAll('[data-es]');
		for (var j = 0; j < texts.length; j++) texts[j].textContent = texts[j].getAttribute('data-es');
	}
	var form = shell.querySelector('form');
	var input = shell.querySelector('input');
	var button = shell.querySelector('button');
	form.addEventListener('submit', function (event) {
		event.preventDefault();
		if (!input.value) return;
		shell.setAttribute('data-submitted', '');
		button.disabled = true;
		button.textContent = button.getAttribute(spanish ? 'data-busy-es' : 'data-busy');
	});
	shell.hidden = false;
	input.focus();
})();
