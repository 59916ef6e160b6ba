import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readAhead', () => {
	it('yields in the items’ order while keeping up to `depth` reads in flight', async () => {
		let running = 0;
		let most = 0;
		const out: number[] = [];
		for await (const value of readAhead([5, 1, 4, 2, 3, 0], 3, async (n) => {
			running++;
			most = Math.max(most, running);
			await delay(n * 3);
			running--;
			return n * 10;
		})) {
			out.push(value);
		}
		expect(out).toEqual([50, 10, 40, 20, 30, 0]);
		expect(most).toBe(3);
	});

	it('throws the first failure in order and starts nothing after the consumer stops', async () => {
		const started: number[] = [];
		const read = async (n: number) => {
			started.push(n);
			await delay(1);
			if (n === 2) throw new Error('bad 2');
			return n;
		};
		const got: number[] = [];
		await expect(
			(async () => {
				for await (const v of readAhead([0, 1, 2, 3, 4, 5, 6, 7], 2, read)) got.push(v);
			})()
		).rejects.toThrow('bad 2');
		expect(got).toEqual([0, 1]);
		expect(Math.max(...started)).toBeLessThanOrEqual(3);
	});
});
