/**
 * What the browser is, as far as storage and import differ: read from what the page can see, never sent anywhere.
 * Pure, so each rule is tested with the strings real browsers send.
 */
export interface PlatformClues {
	userAgent: string;
	/** navigator.maxTouchPoints: iPadOS says "Macintosh" but has a touch screen. */
	maxTouchPoints: number;
	/** matchMedia('(display-mode: standalone)') or Safari's own navigator.standalone. */
	standalone: boolean;
}

export interface Platform {
	/** iPhone, iPad or iPod: every browser there is WebKit, and Safari's storage rules apply. */
	ios: boolean;
	/** Opened from the Home Screen (an installed app), not in a browser tab. */
	standalone: boolean;
}

export function detectPlatform(clues: PlatformClues): Platform {
	const ua = clues.userAgent;
	const ios =
		/\b(iPhone|iPad|iPod)\b/.test(ua) || (/\bMacintosh\b/.test(ua) && clues.maxTouchPoints > 1);
	return { ios, standalone: clues.standalone };
}

/**
 * Whether this window keeps nothing once closed, from two signs: WebKit refuses Blobs in IndexedDB only in
 * sessions that forget everything (Safari Private Browsing; `blobsStored` false), and Firefox has no service
 * workers in a private window (a secure context without `navigator.serviceWorker`). Chromium's incognito shows no
 * such sign: null there means "no sign", not "keeps".
 */
export function forgetsOnClose(clues: {
	blobsStored: boolean | null;
	secureContext: boolean;
	hasServiceWorker: boolean;
}): boolean {
	if (clues.blobsStored === false) return true;
	return clues.secureContext && !clues.hasServiceWorker;
}
