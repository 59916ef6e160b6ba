import { afterEach, describe, expect, it } from 'vitest';
import { App, AppOptions, ViewConfig } from 'dwv';
import { dicomParser } from '$lib/dicom';
import { DwvViewer } from './dwv-viewer';
import { prepareForViewer } from './prepare';
import { part10, type Element } from '../../../tests/fixtures/dicom/write';

/**
 * The compressed classes of issue 16 (tests/fixtures/classes, made by make_codec_fixtures.py) through the real
 * decoding worker in Chromium, then dwv: each shows an image within seconds, with the exact values of its source.
 */
async function fixture(name: string): Promise<Uint8Array> {
	const response = await fetch(`/tests/fixtures/classes/${name}`);
	if (!response.ok) throw new Error(`${name}: ${response.status}`);
	return new Uint8Array(await response.arrayBuffer());
}

const containers: HTMLElement[] = [];
afterEach(() => containers.splice(0).forEach((c) => c.remove()));

function container(): HTMLElement {
	const div = document.createElement('div');
	div.id = `codecs-${containers.length}-${Date.now()}`;
	div.style.cssText = 'width:300px;height:300px;position:relative';
	document.body.append(div);
	containers.push(div);
	return div;
}

/** The values dwv holds for the image it built from `data` (after its own decoding, if any). */
function dwvValues(data: ArrayBuffer): Promise<ArrayLike<number>> {
	const div = container();
	const app = new App();
	app.init(new AppOptions({ '*': [new ViewConfig(div.id)] }));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('dwv did not finish within 5 s')), 5000);
		app.addEventListener('load', () => {
			clearTimeout(timer);
			const id = app.getDataIds()[0]!;
			resolve(app.getImage(id)!.getBuffer());
		});
		app.addEventListener('error', (event: { error?: unknown }) => {
			clearTimeout(timer);
			reject(new Error(String(event.error)));
		});
		app.loadImageObject([{ name: 'f', filename: 'f.dcm', data }]);
	});
}

/** The native pixel values of an uncompressed fixture (16-bit signed little endian). */
function int16Pixels(bytes: Uint8Array): Int16Array {
	const pixel = dicomParser.parseDicom(bytes).elements['x7fe00010']!;
	return new Int16Array(bytes.slice(pixel.dataOffset, pixel.dataOffset + pixel.length).buffer);
}

interface Synthetic {
	width: number;
	height: number;
	frames: number;
	colour: boolean;
}

/**
 * An HTJ2K file made here with OpenJPH's encoder (the WASM package also encodes): a smooth gradient, 16-bit
 * greyscale or 8-bit RGB, the same codestream in every frame.
 */
async function syntheticHtj2k({ width, height, frames, colour }: Synthetic): Promise<Uint8Array> {
	const { default: create } = await import('@cornerstonejs/codec-openjph/wasmjs');
	const { default: wasmUrl } = await import('@cornerstonejs/codec-openjph/wasm?url');
	const codec = (await create({
		locateFile: () => wasmUrl,
		print: () => {},
		printErr: () => {}
	})) as {
		HTJ2KEncoder: new () => {
			getDecodedBuffer(info: object): Uint8Array;
			encode(): void;
			getEncodedBuffer(): Uint8Array;
			delete(): void;
		};
	};
	const encoder = new codec.HTJ2KEncoder();
	const samples = encoder.getDecodedBuffer({
		width,
		height,
		bitsPerSample: colour ? 8 : 16,
		componentCount: colour ? 3 : 1,
		isSigned: false,
		isUsingColorTransform: colour
	});
	if (colour) {
		for (let i = 0; i < samples.length; i++) samples[i] = (i % (width * 3)) % 251;
	} else {
		const values = new Uint16Array(samples.buffer, samples.byteOffset, width * height);
		for (let i = 0; i < values.length; i++) values[i] = (i % width) + Math.floor(i / width);
	}
	encoder.encode();
	const codestream = encoder.getEncodedBuffer().slice();
	encoder.delete();
	const bits = colour ? 8 : 16;
	return part10(
		[
			[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
			[0x00080018, 'UI', '1.2.3.4.5.6'],
			[0x00280002, 'US', colour ? 3 : 1],
			[0x00280004, 'CS', colour ? 'YBR_RCT' : 'MONOCHROME2'],
			...(colour ? [[0x00280006, 'US', 0] as Element] : []),
			[0x00280008, 'IS', String(frames)],
			[0x00280010, 'US', height],
			[0x00280011, 'US', width],
			[0x00280100, 'US', bits],
			[0x00280101, 'US', bits],
			[0x00280102, 'US', bits - 1],
			[0x00280103, 'US', 0],
			[0x7fe00010, 'OB', { fragments: Array<Uint8Array>(frames).fill(codestream) }]
		],
		{
			sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
			sopInstanceUID: '1.2.3.4.5.6',
			transferSyntaxUID: '1.2.840.10008.1.2.4.201'
		}
	);
}

const REFERENCES = (await (
	await fetch('/tests/fixtures/classes/codec-references.json')
).json()) as Record<string, { sha256: string }>;

/** SHA-256 of a typed array's bytes (little endian here, as the DICOM native pixels the digests were taken of). */
async function digest(values: ArrayLike<number>): Promise<string> {
	const view = values as unknown as ArrayBufferView;
	const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
	const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
	return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

function spread(image: ImageData): number {
	let min = 255;
	let max = 0;
	for (let i = 0; i < image.data.length; i += 4) {
		min = Math.min(min, image.data[i]!);
		max = Math.max(max, image.data[i]!);
	}
	return max - min;
}

describe('compressed classes through the decoding worker', () => {
	it.each([
		['j2k-psot0.dcm', '1.2.840.10008.1.2.4.90'],
		['j2k-pixelrep-mismatch.dcm', '1.2.840.10008.1.2.4.90'],
		['j2k-rgb-ybr-rct-no-mct.dcm', '1.2.840.10008.1.2.4.90'],
		['htj2k-ct.dcm', '1.2.840.10008.1.2.4.201'],
		['htj2k-rgb.dcm', '1.2.840.10008.1.2.4.201']
	])('shows %s, non-blank, within a few seconds', async (name, ts) => {
		const bytes = await fixture(name);
		const started = performance.now();
		const data = await prepareForViewer(bytes, ts);
		const div = container();
		const viewer = new DwvViewer(div.id, div, { onState: () => {} });
		try {
			await viewer.load([{ name, data }], 5000);
			const image = viewer.renderedImage()!;
			expect(performance.now() - started).toBeLessThan(5000);
			expect(spread(image)).toBeGreaterThan(50);
		} finally {
			viewer.destroy();
		}
	});

	it('hands dwv the exact values of the source for HTJ2K and the pixel-representation mismatch', async () => {
		const original = int16Pixels(await fixture('ct-signed.dcm'));
		for (const [name, ts] of [
			['htj2k-ct.dcm', '1.2.840.10008.1.2.4.201'],
			['j2k-pixelrep-mismatch.dcm', '1.2.840.10008.1.2.4.90']
		] as const) {
			const values = await dwvValues(await prepareForViewer(await fixture(name), ts));
			expect(Array.from(values), name).toEqual(Array.from(original));
		}
	});

	// Each digest is what GDCM or dcmtk decodes from the file (codec-references.json; wasm-codecs.test.ts checks
	// it against the tools). JPEG lossless is left to dwv and must come out the same.
	it.each(Object.keys(REFERENCES))(
		'%s: what dwv holds after the worker is exactly what GDCM or dcmtk decode',
		async (name) => {
			const bytes = await fixture(name);
			const ts = dicomParser.parseDicom(bytes).string('x00020010')!;
			const values = await dwvValues(await prepareForViewer(bytes, ts));
			expect(await digest(values)).toBe(REFERENCES[name]!.sha256);
		}
	);

	it('ends a decode that makes no progress: the worker is terminated, the reason says where, the next file decodes', async () => {
		// A 4096×4096 16-bit HTJ2K frame takes far longer than 20 ms to decode in WASM.
		const big = await syntheticHtj2k({ width: 4096, height: 4096, frames: 1, colour: false });
		await expect(prepareForViewer(big, '1.2.840.10008.1.2.4.201', { stallMs: 20 })).rejects.toThrow(
			/^decoding its HTJ2K pixels stopped: (its one frame|loading the decoder) did not finish within 0.02 s$/
		);
		const small = await fixture('htj2k-ct.dcm');
		const data = await prepareForViewer(small, '1.2.840.10008.1.2.4.201');
		expect(data.byteLength).toBeGreaterThan(128 * 128 * 2);
	});

	it('shows every frame of a colour cine whose pixel data has an odd length (dwv drops two thirds of a padded one)', async () => {
		const file = await syntheticHtj2k({ width: 99, height: 77, frames: 3, colour: true });
		const data = await prepareForViewer(file, '1.2.840.10008.1.2.4.201');
		expect((await dwvValues(data)).length).toBe(99 * 77 * 3 * 3);
		const div = container();
		const viewer = new DwvViewer(div.id, div, { onState: () => {} });
		try {
			await viewer.load([{ name: 'cine', data }], 5000);
			expect(viewer.state().count).toBe(3);
			expect(spread(viewer.renderedImage()!)).toBeGreaterThan(50);
		} finally {
			viewer.destroy();
		}
	});

	it('gives a damaged codestream a precise reason', async () => {
		const bytes = (await fixture('j2k-psot0.dcm')).slice();
		const at = bytes.indexOf(0x4f, bytes.length - 4400);
		bytes.fill(0x20, at + 1);
		await expect(prepareForViewer(bytes, '1.2.840.10008.1.2.4.90')).rejects.toThrow(
			/JPEG 2000 data could not be decoded|fragment|truncated/
		);
	});
});
