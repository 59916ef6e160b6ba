import { describe, expect, it } from 'vitest';
import { bufferAhead } from './buffer-ahead';

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A source of `count` parts of `size` bytes (part i filled with i), counting how many were pulled. */
function source(count: number, size: number, { failAfter = Infinity } = {}) {
	const state = { pulled: 0, closed: false };
	async function* parts() {
		try {
			for (let i = 0; i < count; i++) {
				await tick();
				if (i >= failAfter) throw new Error('cut off');
				state.pulled++;
				yield new Uint8Array(size).fill(i);
			}
		} finally {
			state.closed = true;
		}
	}
	return { parts: parts(), state };
}

describe('bufferAhead', () => {
	it('goes on reading while the consumer is busy with a part, up to the byte budget', async () => {
		const { parts, state } = source(10, 10);
		const reading = bufferAhead(parts, 35);
		const first = await reading.next();
		expect(first.value?.[0]).toBe(0);
		// The consumer is busy (storing the part): the source is read meanwhile.
		for (let i = 0; i < 10; i++) await tick();
		expect(state.pulled).toBeGreaterThanOrEqual(4);
		// Never more than the budget ahead: 35 bytes held means at most 4 parts of 10 waiting.
		expect(state.pulled).toBeLessThanOrEqual(5);
		const rest: number[] = [];
		for await (const part of reading) rest.push(part[0]!);
		expect(rest).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('gives the parts that came before a failure, then the failure', async () => {
		const { parts } = source(5, 4, { failAfter: 3 });
		const got: number[] = [];
		await expect(
			(async () => {
				for await (const part of bufferAhead(parts, 1024)) got.push(part[0]!);
			})()
		).rejects.toThrow('cut off');
		expect(got).toEqual([0, 1, 2]);
	});

	it('ends the source when the consumer stops early', async () => {
		const { parts, state } = source(100, 8);
		for await (const part of bufferAhead(parts, 16)) if (part[0] === 2) break;
		for (let i = 0; i < 5; i++) await tick();
		expect(state.closed).toBe(true);
		expect(state.pulled).toBeLessThan(10);
	});
});
