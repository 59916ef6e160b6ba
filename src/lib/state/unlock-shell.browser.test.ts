import { afterEach, describe, expect, it } from 'vitest';
import { HAS_VAULT_KEY, dropShell, rememberVault, takeShell } from './unlock-shell';

/** app.html's plain locked screen, as static/unlock-shell.js leaves it. */
function shell({ shown = true, typed = '', submitted = false, focused = false } = {}) {
	const div = document.createElement('div');
	div.id = 'unlock-shell';
	div.hidden = !shown;
	div.innerHTML = '<form><input type="password" /><button type="submit">Unlock</button></form>';
	if (submitted) div.setAttribute('data-submitted', '');
	document.body.append(div);
	const input = div.querySelector('input')!;
	input.value = typed;
	if (focused) input.focus();
	return { div, input };
}

afterEach(() => {
	document.getElementById('unlock-shell')?.remove();
	localStorage.removeItem(HAS_VAULT_KEY);
});

describe('the plain locked screen before the app', () => {
	it('is handed over with what was typed, whether it was submitted and focused, and removed', () => {
		const { input } = shell({ typed: 'correct horse', submitted: true, focused: true });
		expect(takeShell()).toEqual({ passphrase: 'correct horse', submitted: true, focused: true });
		expect(document.getElementById('unlock-shell')).toBeNull();
		// Nothing of the passphrase stays in the detached field.
		expect(input.value).toBe('');
		expect(takeShell()).toBeNull();
	});

	it('hands nothing over when it was not shown, and is removed all the same', () => {
		shell({ shown: false, typed: 'x' });
		expect(takeShell()).toBeNull();
		expect(document.getElementById('unlock-shell')).toBeNull();
	});

	it('is dropped when the app shows another screen', () => {
		shell({ typed: 'half' });
		dropShell();
		expect(document.getElementById('unlock-shell')).toBeNull();
	});

	it('is shown next time only where a vault was seen, in its language, for the page and the service worker', async () => {
		const hint = async () => {
			// Written without waiting (the layout does not wait): give the cache its turn.
			await new Promise((r) => setTimeout(r, 50));
			const stored = await caches
				.open('radfolio-hints')
				.then((c) => c.match('/__radfolio/has-vault'));
			return stored ? await stored.json() : null;
		};
		rememberVault(true, 'es');
		expect(localStorage.getItem(HAS_VAULT_KEY)).toBe('1');
		expect(await hint()).toEqual({ locale: 'es' });
		rememberVault(false, 'en');
		expect(localStorage.getItem(HAS_VAULT_KEY)).toBeNull();
		expect(await hint()).toBeNull();
	});
});
