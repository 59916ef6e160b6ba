/**
 * Where a study's page is: /study with the study's id in the fragment (#id=…). The fragment is never part of a
 * request, so every study's address is the same request as the prerendered /study shell: the browser can serve it
 * from the service worker's cache on its own, without starting the worker (its static routes, bench P9f), offline
 * too; and a study's id never reaches a server or its logs. Addresses from before (/study?id=…) still open.
 */
export function studyFragment(id: string): string {
	return `#id=${encodeURIComponent(id)}`;
}

/** The study id an address of the study page names (#id=…, or the older ?id=…); null when it names none. */
export function studyIdIn(url: URL): string | null {
	return new URLSearchParams(url.hash.slice(1)).get('id') ?? url.searchParams.get('id');
}
