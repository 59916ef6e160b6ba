import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deferred<T>() {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
	return { promise, resolve, reject };
}

function recorder(options: { failOn?: string; writeMs?: number } = {}) {
	const batches: string[][] = [];
	const queue = new WriteQueue<string>({
		async write(batch) {
			await delay(options.writeMs ?? 5);
			if (options.failOn && batch.includes(options.failOn)) throw new Error('disk full');
			batches.push(batch);
		},
		maxBytes: 10,
		maxItems: 4,
		maxBatchBytes: 6
	});
	return { queue, batches };
}

describe('WriteQueue', () => {
	it('writes in the order offered even when later items are sealed first, several per transaction', async () => {
		const { queue, batches } = recorder();
		const seals = ['a', 'b', 'c'].map(() => deferred<string>());
		await queue.add('a', 1, seals[0]!.promise);
		await queue.add('b', 1, seals[1]!.promise);
		await queue.add('c', 1, seals[2]!.promise);
		seals[2]!.resolve('c');
		seals[1]!.resolve('b');
		await delay(20);
		expect(batches).toEqual([]); // nothing may pass the head
		seals[0]!.resolve('a');
		await queue.flush();
		expect(batches.flat()).toEqual(['a', 'b', 'c']);
		expect(batches).toEqual([['a', 'b', 'c']]);
		expect(queue.idle).toBe(true);
	});

	it('holds back the producer while too much is in flight, and caps a batch by bytes', async () => {
		const { queue, batches } = recorder({ writeMs: 10 });
		let most = 0;
		for (let i = 0; i < 12; i++) {
			await queue.add(`i${i}`, 3, Promise.resolve(`i${i}`));
			most = Math.max(most, i + 1 - batches.flat().length);
		}
		await queue.flush();
		// maxBytes 10 at 3 bytes each: never more than 3 offered and unwritten when add returns.
		expect(most).toBe(3);
		expect(batches.flat()).toEqual(Array.from({ length: 12 }, (_, i) => `i${i}`));
		for (const batch of batches) expect(batch.length * 3).toBeLessThanOrEqual(6);
	});

	it('a failed write drops what is queued and throws once, to the next add or flush', async () => {
		const { queue, batches } = recorder({ failOn: 'b' });
		await queue.add('a', 1, Promise.resolve('a'));
		await queue.flush();
		const slow = deferred<string>();
		await queue.add('b', 1, Promise.resolve('b'));
		await queue.add('c', 1, slow.promise);
		await expect(queue.flush()).rejects.toThrow('disk full');
		slow.resolve('c');
		await delay(20);
		expect(batches).toEqual([['a']]);
		expect(queue.has('c')).toBe(false);
		await expect(queue.flush()).resolves.toBeUndefined(); // reported once
		await queue.add('d', 1, Promise.resolve('d'));
		await queue.flush();
		expect(batches).toEqual([['a'], ['d']]);
	});

	it('a failed seal stops the queue before anything after it is written', async () => {
		const { queue, batches } = recorder();
		await queue.add('a', 1, Promise.reject(new Error('locked')));
		await queue.add('b', 1, Promise.resolve('b')).catch(() => {});
		await expect(queue.flush()).rejects.toThrow('locked');
		expect(batches).toEqual([]);
	});
});
