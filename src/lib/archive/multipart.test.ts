import { describe, expect, it } from 'vitest';
import { MultipartError, dicomParts } from './multipart';

const enc = new TextEncoder();
const BOUNDARY = 'b0undary-7c3';

function body(parts: Uint8Array[], options: { close?: boolean; type?: string } = {}): Uint8Array {
	const chunks: Uint8Array[] = [enc.encode('preamble to ignore\r\n')];
	for (const part of parts) {
		chunks.push(
			enc.encode(
				`--${BOUNDARY}\r\nContent-Type: ${options.type ?? 'application/dicom'}\r\nContent-Length: ${part.length}\r\n\r\n`
			),
			part,
			enc.encode('\r\n')
		);
	}
	if (options.close !== false) chunks.push(enc.encode(`--${BOUNDARY}--\r\n`));
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

/** A response whose body arrives in pieces of `size` bytes: boundaries land across chunk edges. */
function response(
	bytes: Uint8Array,
	size: number,
	type = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`
) {
	let at = 0;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(at, at + size));
			at += size;
		}
	});
	return new Response(stream, { headers: { 'Content-Type': type } });
}

async function collect(r: Response) {
	const out: Uint8Array[] = [];
	for await (const part of dicomParts(r)) out.push(part);
	return out;
}

// Parts that contain CR LF and dashes, as binary pixel data does.
const parts = [
	new Uint8Array([1, 2, 3, 13, 10, 45, 45, 98]),
	new Uint8Array(70_000).map((_, i) => (i * 7) & 255),
	new Uint8Array(0)
];

describe('dicomParts', () => {
	it.each([1, 3, 17, 4096, 1 << 20])(
		'yields every part intact when the body arrives in %i-byte pieces',
		async (size) => {
			const got = await collect(response(body(parts), size));
			expect(got.map((p) => p.length)).toEqual(parts.map((p) => p.length));
			got.forEach((p, i) => expect(p).toEqual(parts[i]));
		}
	);

	it('accepts a quoted boundary', async () => {
		const got = await collect(
			response(
				body(parts),
				512,
				`multipart/related; type="application/dicom"; boundary="${BOUNDARY}"`
			)
		);
		expect(got).toHaveLength(3);
	});

	it('yields the complete parts of a cut response, then throws', async () => {
		const whole = body(parts);
		const cut = whole.slice(0, whole.length - 200); // inside the last part's closing
		const got: Uint8Array[] = [];
		await expect(async () => {
			for await (const p of dicomParts(response(cut, 1000))) got.push(p);
		}).rejects.toThrow();
		expect(got.length).toBeGreaterThanOrEqual(1);
		expect(got.length).toBeLessThan(3);
		expect(got[0]).toEqual(parts[0]);
	});

	it('refuses a response that is not multipart/related, or names no boundary', async () => {
		await expect(collect(response(body(parts), 100, 'application/dicom'))).rejects.toThrow(
			MultipartError
		);
		await expect(
			collect(response(body(parts), 100, 'multipart/related; type="application/dicom"'))
		).rejects.toThrow(/boundary/);
	});

	it('refuses a part that is not DICOM', async () => {
		await expect(collect(response(body(parts, { type: 'text/html' }), 100))).rejects.toThrow(
			/text\/html/
		);
	});
});
