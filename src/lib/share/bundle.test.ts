import { describe, expect, it } from 'vitest';
import { nativeSha256 } from '../../../tests/fixtures/native-sha256';
import { piecewise } from '../../../tests/fixtures/streams';
import { BundleError, readBundle, writeBundle, type BundleEntrySource } from './bundle';

const entry = (name: string, bytes: Uint8Array, piece = 100): BundleEntrySource => ({
	name,
	size: bytes.length,
	open: () => piecewise(bytes, piece)
});
const bytesOf = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * seed) & 255);
const study = {
	createdAt: '2026-11-29T00:00:00Z',
	deidentified: false,
	study: { description: 'CT chest', date: '20250302', modalities: ['CT'] }
};
const collect = async (s: ReadableStream<Uint8Array>) =>
	new Uint8Array(await new Response(s).arrayBuffer());
const streamOf = (b: Uint8Array) => new Response(b as BodyInit).body!;

describe('study bundle v1', () => {
	it('round-trips a study’s files, empty ones included, with its manifest', async () => {
		const files = [bytesOf(1000, 3), bytesOf(0, 1), bytesOf(70_001, 7)];
		const bundle = await collect(
			writeBundle(
				study,
				files.map((b, i) => entry(`f${i}.dcm`, b))
			)
		);
		const read = await readBundle(streamOf(bundle));
		expect(read.manifest).toMatchObject({
			v: 1,
			study: study.study,
			entries: [
				{ name: 'f0.dcm', size: 1000 },
				{ name: 'f1.dcm', size: 0 },
				{ name: 'f2.dcm', size: 70_001 }
			]
		});
		expect(read.files.map((f) => f.bytes)).toEqual(files);
	});

	it('refuses an entry whose bytes differ from its checksum, a cut bundle, and extra data', async () => {
		const bundle = await collect(
			writeBundle(study, [entry('a', bytesOf(500, 5)), entry('b', bytesOf(500, 9))])
		);
		const text = new TextDecoder('latin1').decode(bundle);
		const changed = bundle.slice();
		changed[text.indexOf('RFBUNDLE-END') - 10]! ^= 1;
		await expect(readBundle(streamOf(changed))).rejects.toThrow(/checksum/);
		await expect(readBundle(streamOf(bundle.slice(0, bundle.length - 3)))).rejects.toThrow(
			BundleError
		);
		await expect(readBundle(streamOf(bundle.slice(0, 400)))).rejects.toThrow(/ended early/);
		const extra = new Uint8Array(bundle.length + 1);
		extra.set(bundle);
		await expect(readBundle(streamOf(extra))).rejects.toThrow(/after the end/);
	});

	it('refuses a newer bundle version and a file that is not a bundle', async () => {
		const bundle = await collect(writeBundle(study, [entry('a', bytesOf(10, 1))]));
		const newer = bundle.slice();
		newer[8] = 2;
		await expect(readBundle(streamOf(newer))).rejects.toThrow(/format 2/);
		await expect(readBundle(streamOf(bytesOf(100, 1)))).rejects.toThrow(/not a Radfolio bundle/);
	});

	it('fails when an entry is not the size it was announced as', async () => {
		const lying = { ...entry('a', bytesOf(10, 1)), size: 11 };
		await expect(collect(writeBundle(study, [lying]))).rejects.toThrow(/not 11/);
	});

	it('is the same bundle, byte for byte, when node:crypto hashes its entries (the large-share fixture)', async () => {
		// Entries arriving in many pieces: each hash is fed incrementally, and a fresh one starts per entry.
		const files = [bytesOf(70_001, 7), bytesOf(0, 1), bytesOf(9_000, 3), bytesOf(9_000, 5)];
		const sources = () => files.map((b, i) => entry(`f${i}.dcm`, b, 4096));
		const app = await collect(writeBundle(study, sources()));
		const native = await collect(writeBundle(study, sources(), { sha256: nativeSha256 }));
		expect(native).toEqual(app);
		expect((await readBundle(streamOf(native))).files.map((f) => f.bytes)).toEqual(files);
	});
});

describe('a hostile bundle', () => {
	it('naming an entry of terabytes that never arrive is refused without allocating it', async () => {
		const manifest = new TextEncoder().encode(
			JSON.stringify({
				v: 1,
				study: {},
				deidentified: false,
				entries: [{ name: 'huge.dcm', size: 2 ** 42, kind: 'instance' }]
			})
		);
		const head = new Uint8Array([
			...new TextEncoder().encode('RFBUNDLE'),
			1,
			...[
				manifest.length >>> 24,
				(manifest.length >>> 16) & 255,
				(manifest.length >>> 8) & 255,
				manifest.length & 255
			]
		]);
		const stream = new Blob([head, manifest, new Uint8Array(1000)]).stream();
		// Allocating 4 TiB up front throws a RangeError at once; refusing it for ending early is the wanted answer.
		await expect(readBundle(stream)).rejects.toThrow(/ended early/);
	});
});
