/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';

/**
 * Offline shell. Everything the app needs (build output, static files such as dwv's decoders and the icons, the
 * prerendered page shells) is precached per version and served cache-first, so the installed app opens with no
 * connection and stays on one consistent version until the patient chooses "Reload to update". Navigations to
 * pages without their own shell (e.g. /study?id=…) get the matching shell or the root one. Nothing under /api/
 * is ever cached: relay and gateway responses are live data.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `radfolio-${version}`;
const SHELLS = prerendered.length ? prerendered : ['/'];
const PRECACHE = [...build, ...files.filter((f) => !f.endsWith('.map')), ...SHELLS];

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys())
				if (key !== CACHE && key !== HINTS) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

/**
 * The cache, opened once per worker start rather than once per request: a cold start (the browser relaunched) sends
 * the shell and some thirty files through here at once, and the locked screen waits on the first of them.
 */
let opened: Promise<Cache> | null = null;
const precache = () => (opened ??= caches.open(CACHE));

/**
 * What the app noted for the next start (src/lib/state/unlock-shell.ts): this browser holds a vault, and the
 * interface language. Not patient data; kept apart from the versioned cache so an update does not drop it.
 */
const HINTS = 'radfolio-hints';
const VAULT_HINT = '/__radfolio/has-vault';

/**
 * The page with app.html's plain locked screen revealed, where this browser holds a vault: it is on screen at the
 * first paint, before any script (bench P9). Not on a shared study's page or a device transfer, which open without
 * the vault.
 */
async function withLockedScreen(shell: Response, pathname: string): Promise<Response> {
	if (/^\/(s\/|transfer)/.test(pathname)) return shell;
	const hint = await caches.open(HINTS).then((c) => c.match(VAULT_HINT));
	if (!hint) return shell;
	const { locale } = (await hint.json().catch(() => ({}))) as { locale?: string };
	let html = await shell.text();
	html = html.replace('<div id="unlock-shell" hidden>', '<div id="unlock-shell">');
	if (locale === 'es') {
		html = html.replace('<html lang="en">', '<html lang="es">');
		// Each text of the screen carries its Spanish (data-es); the element's text becomes it.
		html = html.replace(/(<[^>]*\sdata-es="([^"]*)"[^>]*>)[^<]*/g, '$1$2');
	}
	// The body changed: its length (and any encoding the stored copy was fetched with) no longer applies.
	const headers = new Headers(shell.headers);
	headers.delete('content-length');
	headers.delete('content-encoding');
	return new Response(html, { status: shell.status, headers });
}

function shellFor(pathname: string): string {
	const exact = SHELLS.find((s) => s === pathname || s === `${pathname}/` || `${s}/` === pathname);
	return exact ?? '/';
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;

	event.respondWith(
		(async () => {
			const cache = await precache();
			if (request.mode === 'navigate') {
				const shell = await cache.match(shellFor(url.pathname));
				if (shell) return withLockedScreen(shell, url.pathname);
				return fetch(request);
			}
			const cached = await cache.match(url.pathname);
			if (cached) return cached;
			return fetch(request);
		})()
	);
});
