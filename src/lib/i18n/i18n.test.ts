import { describe, expect, it } from 'vitest';
import { es } from './es';
import { fromBrowser, locale, t, tn } from './locale.svelte';

describe('interface language', () => {
	it('has every message in Spanish, with the same placeholders', () => {
		const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const [english, spanish] of Object.entries(es)) {
			expect(spanish.trim(), english).not.toBe('');
			expect(placeholders(spanish), english).toEqual(placeholders(english));
		}
	});

	it('follows the browser’s first language it speaks, English otherwise', () => {
		expect(fromBrowser(['es-MX', 'en-US'])).toBe('es');
		expect(fromBrowser(['de-DE', 'es'])).toBe('es');
		expect(fromBrowser(['en-GB', 'es'])).toBe('en');
		expect(fromBrowser(['fr-FR'])).toBe('en');
		expect(fromBrowser([])).toBe('en');
	});

	it('fills placeholders and picks singular or plural, in the chosen language', () => {
		locale.choose('es');
		expect(tn(1, '{n} image', '{n} images')).toBe('1 imagen');
		expect(tn(3, '{n} image', '{n} images')).toBe('3 imágenes');
		expect(t('{shown} of {n} studies match', { shown: 2, n: 9 })).toBe('2 de 9 estudios coinciden');
		locale.choose('en');
		expect(tn(3, '{n} image', '{n} images')).toBe('3 images');
		locale.choose('browser');
	});
});
