/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';

/**
 * Offline shell. Everything the app needs (build output, static files such as dwv's decoders and the icons, the
 * prerendered page shells) is precached per version and served cache-first, so the installed app opens with no
 * connection and stays on one consistent version until the patient chooses "Reload to update". Navigations to
 * pages without their own shell (e.g. /study?id=…, study addresses from before the id moved to the fragment) get
 * the matching shell or the root one. Nothing under /api/ is ever cached: relay and gateway responses are live data.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `radfolio-${version}`;
/**
 * The page shells as navigations get them, the locked screen already revealed where this browser holds a vault
 * (withLockedScreen): what the browser serves by itself, through the static routes below, without waiting for this
 * worker. Per version like CACHE, so an update replaces them with its own.
 */
const PAGES = `radfolio-pages-${version}`;
const SHELLS = prerendered.length ? prerendered : ['/'];
const PRECACHE = [...build, ...files.filter((f) => !f.endsWith('.map')), ...SHELLS];

/** The Service Worker Static Routing API (Chromium 123+); not yet in TypeScript's lib. */
interface RouterCondition {
	urlPattern?: { pathname: string; search?: string };
	requestMethod?: string;
	requestMode?: RequestMode;
}
interface InstallEventWithRoutes extends ExtendableEvent {
	addRoutes?: (
		rules: { condition: RouterCondition; source: { cacheName: string } }[]
	) => Promise<void>;
}

/** A path as a URLPattern that matches it alone (prerendered paths are plain, but a pattern's syntax is escaped). */
const exactly = (path: string) => path.replace(/[\\:*?+(){}]/g, '\\$&');

/**
 * Routes the browser follows without this worker, where it can. On a cold start (the browser relaunched) the page's
 * response waited for the worker to start and its fetch handler to run: navigation to response end 78 ms through
 * the handler, 39 ms through the route (medians of 10 cold starts each, same build and load; 60 → 37 and 60 → 29 in
 * two repeats). The unlock field itself (bench P9f) did not move measurably with it: what follows the response (the
 * parser waiting at Kit's inline script, then the first contentful paint) dominates and varies by ±50 ms. Chromium
 * still starts the worker beside the route, for the requests no rule covers. A shell's own address with no query (a study's page is
 * /study#id=…, lib/study/address.ts) goes to its copy in PAGES; the locked screen's script and Kit's immutable files
 * to their precached copies. Only addresses that are certainly in those caches: the browser takes a miss to the
 * network, not to the fetch handler, and offline that would be an error page. Everything else (/study?id=…, /s/…,
 * other static files, browsers without the API) still comes through the fetch handler below.
 */
function addRoutes(event: InstallEventWithRoutes): Promise<void> {
	if (typeof event.addRoutes !== 'function') return Promise.resolve();
	const get = { requestMethod: 'GET' };
	return event.addRoutes([
		...SHELLS.map((path) => ({
			condition: {
				...get,
				requestMode: 'navigate' as const,
				urlPattern: { pathname: exactly(path), search: '' }
			},
			source: { cacheName: PAGES }
		})),
		{
			condition: { ...get, urlPattern: { pathname: '/unlock-shell.js', search: '' } },
			source: { cacheName: CACHE }
		},
		{
			condition: { ...get, urlPattern: { pathname: '/_app/immutable/*', search: '' } },
			source: { cacheName: CACHE }
		}
	]);
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		Promise.all([
			// A browser that refuses the rules still has the fetch handler: the install goes on without them.
			addRoutes(event as InstallEventWithRoutes).catch(() => {}),
			caches
				.open(CACHE)
				.then((cache) => cache.addAll(PRECACHE))
				.then(writePages)
		])
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys())
				if (key !== CACHE && key !== PAGES && key !== HINTS) await caches.delete(key);
			// Hints noted while this version waited (its pages were written at install) are taken in now.
			await writePages();
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'SKIP_WAITING') void sw.skipWaiting();
	// The app changed what it notes for the next start (a vault made or deleted, the language): the shells the
	// browser serves without this worker follow.
	if (type === 'HINTS_CHANGED') event.waitUntil(writePages());
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

/** PAGES made anew from the precached shells and the hints as they are now: every shell, so no route misses. */
async function writePages(): Promise<void> {
	const [cache, pages] = await Promise.all([caches.open(CACHE), caches.open(PAGES)]);
	await Promise.all(
		SHELLS.map(async (path) => {
			const shell = await cache.match(path);
			if (shell) await pages.put(path, await withLockedScreen(shell, path));
		})
	);
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
