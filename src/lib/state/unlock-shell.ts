/**
 * The plain-HTML locked screen app.html draws before the app's code has loaded (shown by static/unlock-shell.js),
 * and what the app does with it: remember in localStorage whether this browser holds a vault (the shell's only
 * clue, read before any code or database is open: not patient data, like the interface language), and take over
 * what the patient typed there when the app's own unlock screen mounts.
 */
export const HAS_VAULT_KEY = 'radfolio.hasVault';
const SHELL_ID = 'unlock-shell';

/** What the shell held when the app took it over. */
export interface ShellHandOver {
	passphrase: string;
	/** The patient pressed Unlock (or Enter) before the app was ready: unlock at once. */
	submitted: boolean;
	/** The shell's field had the focus: the app's field gets it. */
	focused: boolean;
}

/** Where the service worker looks (src/service-worker.ts): Cache Storage, which it can read and localStorage is not. */
const HINTS = 'radfolio-hints';
const VAULT_HINT = '/__radfolio/has-vault';

/**
 * Notes whether this browser holds a vault (and the interface language), so the next start shows the locked screen
 * at once, or not: in localStorage for unlock-shell.js, and in Cache Storage for the service worker, which then
 * serves the page with the screen already revealed (and keeps the shells it has the browser serve alone so).
 */
export function rememberVault(exists: boolean, locale: string): void {
	try {
		if (exists) localStorage.setItem(HAS_VAULT_KEY, '1');
		else localStorage.removeItem(HAS_VAULT_KEY);
	} catch {
		// Storage refused (a private mode): the shell is simply not shown next time.
	}
	if (typeof caches === 'undefined') return;
	void caches
		.open(HINTS)
		.then(async (cache) => {
			const hint = JSON.stringify({ locale });
			const before = await cache.match(VAULT_HINT).then((r) => r?.text() ?? null);
			if ((exists ? hint : null) === before) return;
			if (exists) await cache.put(VAULT_HINT, new Response(hint));
			else await cache.delete(VAULT_HINT);
			// The shells the browser serves without the worker (its static routes) are remade from the hint.
			navigator.serviceWorker?.controller?.postMessage({ type: 'HINTS_CHANGED' });
		})
		.catch(() => {});
}

/**
 * Removes the shell and gives what was typed in it; null when there is none. Called as the app's unlock screen
 * renders, in the same task, so the two are never on screen (or in the accessibility tree) together.
 */
export function takeShell(): ShellHandOver | null {
	if (typeof document === 'undefined') return null;
	const shell = document.getElementById(SHELL_ID);
	if (!shell) return null;
	const input = shell.querySelector('input');
	const handOver = {
		passphrase: input?.value ?? '',
		submitted: shell.hasAttribute('data-submitted'),
		focused: !!input && document.activeElement === input
	};
	if (input) input.value = '';
	shell.remove();
	return shell.hidden ? null : handOver;
}

/** Removes the shell without taking anything (the app shows another screen: no vault, or already open). */
export function dropShell(): void {
	takeShell();
}
