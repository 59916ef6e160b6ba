import { describe, expect, it } from 'vitest';
import { viewerBudget } from './memory-budget';
import { SliceWindow } from './slice-window';

const KiB = 1024;
const MiB = 1024 * KiB;
const tick = () => new Promise((r) => setImmediate(r));
async function settle() {
	for (let i = 0; i < 5; i++) await tick();
}

/** A series of `count` files of `size` bytes each, read from "the vault" with a log of what was read. */
function series(count: number, size: number, budget: number, depth = 4) {
	const reads: number[] = [];
	let peak = 0;
	const window: SliceWindow<{ index: number; data: ArrayBuffer }> = new SliceWindow({
		count,
		budget,
		depth,
		sizeOf: (f) => f.data.byteLength,
		read: async (index) => {
			reads.push(index);
			await tick();
			return { index, data: new ArrayBuffer(size) };
		}
	});
	const track = async () => {
		await settle();
		peak = Math.max(peak, window.held);
	};
	return { window, reads, track, peak: () => peak };
}

describe('SliceWindow', () => {
	it('holds at most its budget while a 2,048-slice series is scrolled first to last', async () => {
		const s = series(2048, 512 * KiB, 16 * MiB);
		for (let i = 0; i < 2048; i += 1) {
			const file = await s.window.get(i, 1);
			expect(file?.index).toBe(i);
			if (i % 64 === 0) await s.track();
		}
		await s.track();
		expect(s.peak()).toBeLessThanOrEqual(16 * MiB);
		expect(s.peak()).toBeGreaterThan(8 * MiB);
		// Each file read once on the way down: read ahead, held until shown, not read again.
		expect(new Set(s.reads).size).toBe(2048);
		expect(s.reads.length).toBe(2048);
	});

	it('reads ahead in the scroll direction and keeps a few behind', async () => {
		const s = series(100, 1 * MiB, 12 * MiB);
		await s.window.get(50, -1);
		await settle();
		await s.window.get(49, -1);
		await settle();
		const held = s.window.indices();
		expect(held).toContain(49);
		expect(held.filter((i) => i < 49).length).toBeGreaterThan(held.filter((i) => i > 49).length);
		expect(Math.min(...held)).toBeLessThan(45);
		expect(Math.max(...held)).toBeLessThanOrEqual(54);
		expect(s.window.held).toBeLessThanOrEqual(12 * MiB);
	});

	it('never drops the image shown, even when one file is larger than the budget', async () => {
		const s = series(10, 4 * MiB, 2 * MiB);
		const file = await s.window.get(3);
		await settle();
		expect(file?.index).toBe(3);
		expect(s.window.indices()).toEqual([3]);
		expect(await s.window.get(3)).toBe(file);
	});

	it('keeps at most `depth` reads ahead in flight', async () => {
		let running = 0;
		let most = 0;
		const w = new SliceWindow<ArrayBuffer>({
			count: 500,
			budget: 64 * MiB,
			depth: 3,
			sizeOf: (b) => b.byteLength,
			read: async () => {
				most = Math.max(most, ++running);
				await tick();
				running--;
				return new ArrayBuffer(MiB);
			}
		});
		await w.get(0);
		for (let i = 0; i < 10; i++) await settle();
		// The one shown, read at once, plus at most `depth` ahead.
		expect(most).toBeLessThanOrEqual(4);
		expect(w.indices().length).toBeGreaterThan(20);
	});

	it('a file that cannot be shown resolves to null and holds nothing; a seeded file is not read again', async () => {
		const reads: number[] = [];
		const w = new SliceWindow<ArrayBuffer>({
			count: 8,
			budget: 8 * MiB,
			depth: 2,
			sizeOf: (b) => b.byteLength,
			read: async (i) => {
				reads.push(i);
				if (i === 5) throw new Error('decode failed');
				return new ArrayBuffer(MiB);
			}
		});
		const seeded = new ArrayBuffer(MiB);
		w.seed(4, seeded);
		expect(await w.get(4)).toBe(seeded);
		expect(await w.get(5)).toBeNull();
		expect(await w.get(99)).toBeNull();
		expect(reads).not.toContain(4);
		w.close();
		expect(w.held).toBe(0);
	});
});

describe('viewerBudget', () => {
	it('loads a 300-slice CT whole on a desktop and windows a 1 GiB series within 128 MiB', () => {
		const desktop = viewerBudget(8);
		expect(desktop.wholeSeries).toBeGreaterThan(300 * 512 * KiB);
		expect(desktop.wholeSeries).toBeLessThan(1024 * MiB);
		expect(desktop.window).toBe(128 * MiB);
		const phone = viewerBudget(4);
		expect(phone.window).toBe(64 * MiB);
		expect(viewerBudget(0.25).window).toBe(16 * MiB);
		// Safari and Firefox report nothing: a 4 GiB phone is assumed.
		expect(viewerBudget(undefined)).toEqual(phone);
	});
});
