import { describe, expect, it } from 'vitest';
import { filterJsonArray } from './json-array-stream';

async function run(text: string, pieces: number, map = (e: unknown) => e as unknown) {
	const bytes = new TextEncoder().encode(text);
	const size = Math.max(1, Math.ceil(bytes.length / pieces));
	let at = 0;
	const source = new ReadableStream<Uint8Array>({
		pull(c) {
			if (at >= bytes.length) return c.close();
			c.enqueue(bytes.slice(at, at + size));
			at += size;
		}
	});
	return new Response(source.pipeThrough(filterJsonArray(map))).text();
}

const items = [
	{
		'00100020': { vr: 'LO', Value: ['A'] },
		note: 'commas, [brackets] and {braces} "quoted" \\ in strings'
	},
	{ '00100020': { vr: 'LO', Value: ['B'] }, nested: [[1, 2], { x: [3] }] },
	{ '00100020': { vr: 'LO', Value: ['A'] }, name: 'Zoë 日本' }
];

describe('filterJsonArray', () => {
	it.each([1, 2, 7, 50, 1000])(
		'keeps the elements it is told to, whole, across %i pieces',
		async (pieces) => {
			const out = await run(JSON.stringify(items, null, 2), pieces, (e) =>
				(e as (typeof items)[0])['00100020'].Value[0] === 'A' ? e : null
			);
			expect(JSON.parse(out)).toEqual([items[0], items[2]]);
		}
	);

	it('writes an empty array for an empty array, or when nothing is kept', async () => {
		expect(await run('[]', 1)).toBe('[]');
		expect(await run(' [ ] ', 1)).toBe('[]');
		expect(await run(JSON.stringify(items), 3, () => null)).toBe('[]');
	});

	it('lets the map rewrite an element, also asynchronously', async () => {
		const out = await run('[{"a":1},{"a":2}]', 4, async (e) => ({ ...(e as object), b: true }));
		expect(JSON.parse(out)).toEqual([
			{ a: 1, b: true },
			{ a: 2, b: true }
		]);
	});

	it.each([
		['not an array', '{"a":1}'],
		['a cut array', '[{"a":1},{"a":'],
		['an unterminated array', '[{"a":1}'],
		['an empty element', '[{"a":1},,{"a":2}]'],
		['a trailing comma', '[{"a":1},]'],
		['data after the array', '[{"a":1}] x'],
		['a malformed element', '[{"a":1},{a:2}]']
	])('errors the stream on %s', async (_name, text) => {
		await expect(run(text, 3)).rejects.toThrow();
	});

	it('errors on an element larger than the limit instead of buffering it', async () => {
		const big = `[${JSON.stringify({ s: 'x'.repeat(5000) })}]`;
		const bytes = new TextEncoder().encode(big);
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				for (let i = 0; i < bytes.length; i += 100) c.enqueue(bytes.slice(i, i + 100));
				c.close();
			}
		});
		await expect(
			new Response(stream.pipeThrough(filterJsonArray((e) => e, 1000))).text()
		).rejects.toThrow(/too large/);
	});
});
