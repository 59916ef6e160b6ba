import { describe, expect, it } from 'vitest';
import { compare, readPnm, type Picture } from './fidelity-compare';

function picture(
	width: number,
	height: number,
	pixel: (x: number, y: number) => number[]
): Picture {
	const rgb = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) rgb.set(pixel(x, y), (y * width + x) * 3);
	return { width, height, rgb };
}
const gradient = picture(16, 8, (x, y) => [x * 10, y * 20, 255 - x * 10]);

describe('comparing a rendering with its reference', () => {
	it('finds a picture identical to itself', () => {
		expect(compare(gradient, gradient)).toEqual({ verdict: 'compared', correlation: 1 });
	});

	it('calls a uniform rendering of a structured reference blank, not NaN', () => {
		const black = picture(16, 8, () => [0, 0, 0]);
		expect(compare(black, gradient)).toEqual({ verdict: 'blank' });
		expect(compare(gradient, black)).toEqual({ verdict: 'uniform-on-one-side' });
		expect(compare(black, black)).toEqual({ verdict: 'compared', correlation: 1 });
	});

	it('compares colour per channel: swapped red and blue do not pass on luminance', () => {
		const swapped = picture(16, 8, (x, y) => [255 - x * 10, y * 20, x * 10]);
		const result = compare(swapped, gradient);
		expect(result.verdict).toBe('compared');
		expect(result.correlation!).toBeLessThan(0);
	});

	it('says when sizes differ', () => {
		expect(
			compare(
				picture(4, 4, () => [1, 2, 3]),
				gradient
			).verdict
		).toBe('size-differs');
	});

	it('reads dcmtk’s PGM and PPM', () => {
		const pgm = new Uint8Array([...new TextEncoder().encode('P5\n2 1\n255\n'), 7, 9]);
		expect(Array.from(readPnm(pgm).rgb)).toEqual([7, 7, 7, 9, 9, 9]);
		const ppm = new Uint8Array([...new TextEncoder().encode('P6\n1 1\n255\n'), 1, 2, 3]);
		expect(Array.from(readPnm(ppm).rgb)).toEqual([1, 2, 3]);
	});
});
