import { describe, expect, it } from 'vitest';
import { keyFromFragment, parseShareUrl, shareUrl } from './link';

describe('share links (format v1: <origin>/s/<id>#<key>)', () => {
	const key = new Uint8Array(32).map((_, i) => i * 7);
	const id = 'AbCdEfGhIjKlMnOpQrStUv';

	it('round-trips the id and the key, with the key only in the fragment', () => {
		const url = shareUrl('https://radfolio.example/', id, key);
		expect(url.startsWith(`https://radfolio.example/s/${id}#`)).toBe(true);
		expect(new URL(url).pathname).toBe(`/s/${id}`);
		const parsed = parseShareUrl(url);
		expect(parsed.id).toBe(id);
		expect([...parsed.key]).toEqual([...key]);
		expect([...keyFromFragment(new URL(url).hash)]).toEqual([...key]);
	});

	it.each([
		['a key cut short', `https://r.example/s/${id}#AAAA`],
		['no key', `https://r.example/s/${id}`],
		['a path that is not a share', `https://r.example/x/${id}#${'A'.repeat(43)}`],
		['an id with a slash', `https://r.example/s/a/b#${'A'.repeat(43)}`],
		['not a URL', 'radfolio share']
	])('refuses %s as a bad link', (_name, url) => {
		expect(() => parseShareUrl(url)).toThrow(expect.objectContaining({ code: 'bad-link' }));
	});

	it('builds no link from a key of the wrong size', () => {
		expect(() => shareUrl('https://r.example', id, new Uint8Array(16))).toThrow(
			expect.objectContaining({ code: 'bad-link' })
		);
	});
});
