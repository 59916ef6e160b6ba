import { describe, expect, it } from 'vitest';
import { detectPlatform, forgetsOnClose } from './platform';

const UA = {
	iphone:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
	iphoneChrome:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0.7204.119 Mobile/15E148 Safari/604.1',
	ipadDesktop:
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
	android:
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36',
	webkitgtk:
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15'
};

describe('detectPlatform', () => {
	it.each([
		['iPhone Safari', UA.iphone, 5, true],
		['Chrome on iPhone (WebKit too)', UA.iphoneChrome, 5, true],
		['iPad asking for the desktop site', UA.ipadDesktop, 5, true],
		['a Mac (no touch screen)', UA.ipadDesktop, 0, false],
		['Android', UA.android, 5, false],
		['WebKitGTK on Linux', UA.webkitgtk, 0, false]
	])('%s', (_name, userAgent, maxTouchPoints, ios) => {
		expect(detectPlatform({ userAgent, maxTouchPoints, standalone: false }).ios).toBe(ios);
	});
});

describe('forgetsOnClose', () => {
	it('WebKit refusing Blobs (a private session) forgets', () => {
		expect(
			forgetsOnClose({ blobsStored: false, secureContext: true, hasServiceWorker: true })
		).toBe(true);
	});
	it('Firefox private: a secure context without service workers forgets', () => {
		expect(
			forgetsOnClose({ blobsStored: true, secureContext: true, hasServiceWorker: false })
		).toBe(true);
	});
	it('a normal window, or an insecure page (no service workers for another reason), shows no sign', () => {
		expect(forgetsOnClose({ blobsStored: true, secureContext: true, hasServiceWorker: true })).toBe(
			false
		);
		expect(
			forgetsOnClose({ blobsStored: null, secureContext: false, hasServiceWorker: false })
		).toBe(false);
	});
});
