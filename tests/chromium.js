// Debian's Chromium, never a downloaded browser. The flags keep it from reaching for Google's services on a
// machine with no network (each refused connection slows start-up) and let it run as root in CI.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
