import { describe, expect, it } from 'vitest';
import { storedGrey, type StoredDisplay } from '$lib/dicom/pixels';
import { planStoredDisplay, type DisplayPlan } from './stored-window';

function stored(overrides: Partial<StoredDisplay>): StoredDisplay {
	return {
		SOPInstanceUID: '1.2.3',
		BitsStored: 16,
		PixelRepresentation: 0,
		VOILUTFunction: '',
		inverted: false,
		slope: 1,
		intercept: 0,
		window: null,
		lut: null,
		...overrides
	} as StoredDisplay;
}

/** What dwv 0.36 draws for a value with the plan's window (LINEAR, its LUT rounding) and colour map. */
function drawn(plan: DisplayPlan, x: number): number {
	const c = plan.center - 0.5;
	const w = plan.width - 1;
	const y = x <= c - w / 2 ? 0 : x > c + w / 2 ? 255 : ((x - c) / w + 0.5) * 255;
	const level = new Uint8ClampedArray([y])[0]!;
	return plan.grey[level]!;
}

describe('showing a stored display through dwv', () => {
	const range = { min: 0, max: 1000 };

	it('hands dwv a window it keeps, even when the stored one is wider than the image or centred outside it', () => {
		for (const window of [
			{ center: 500, width: 2800 },
			{ center: 5000, width: 300 },
			{ center: -400, width: 1000 },
			{ center: 500, width: 200 }
		]) {
			const plan = planStoredDisplay({
				display: stored({ window: { ...window, fn: 'LINEAR' } }),
				range,
				dwvFunction: '',
				discrete: true
			})!;
			expect(plan.center).toBeGreaterThanOrEqual(range.min);
			expect(plan.center).toBeLessThanOrEqual(range.max);
			expect(plan.width).toBeGreaterThanOrEqual(1);
			expect(plan.width).toBeLessThanOrEqual(range.max - range.min);
		}
	});

	it('draws every value within one grey of the stored display, most of them exactly', () => {
		const cases: StoredDisplay[] = [
			stored({ window: { center: 500, width: 2800, fn: 'LINEAR' } }),
			stored({ window: { center: 900, width: 300, fn: 'LINEAR' }, inverted: true }),
			stored({ window: { center: 300, width: 400, fn: 'LINEAR' } }),
			stored({
				lut: {
					firstMapped: 100,
					bits: 12,
					data: Uint16Array.from({ length: 700 }, (_, i) => Math.round(4095 * (i / 699) ** 2))
				}
			})
		];
		for (const display of cases) {
			const plan = planStoredDisplay({ display, range, dwvFunction: '', discrete: true })!;
			let exact = 0;
			for (let x = range.min; x <= range.max; x++) {
				const want = storedGrey(display, x)!;
				expect(
					Math.abs(drawn(plan, x) - want),
					`${JSON.stringify(display)} at ${x}`
				).toBeLessThanOrEqual(1);
				if (drawn(plan, x) === want) exact++;
			}
			expect(exact / (range.max - range.min + 1)).toBeGreaterThan(0.5);
		}
	});

	it('makes the values the image holds exact', () => {
		const display = stored({ window: { center: 500, width: 2800, fn: 'LINEAR' } });
		const present = [0, 17, 250, 251, 252, 640, 999, 1000];
		const plan = planStoredDisplay({
			display,
			range,
			dwvFunction: '',
			discrete: true,
			present: present.flatMap((v) => [v, v])
		})!;
		for (const x of present) expect(drawn(plan, x), `${x}`).toBe(storedGrey(display, x));
	});

	it('leaves dwv its own default when nothing is stored, and paints a one-value image its stored grey', () => {
		expect(
			planStoredDisplay({ display: stored({}), range, dwvFunction: '', discrete: true })
		).toBeNull();
		const display = stored({ window: { center: 0, width: 100, fn: 'LINEAR' } });
		const flat = planStoredDisplay({
			display,
			range: { min: 40, max: 40 },
			dwvFunction: '',
			discrete: true
		})!;
		expect(new Set(flat.grey)).toEqual(new Set([storedGrey(display, 40)]));
	});
});
