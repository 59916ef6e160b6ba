import { afterEach, describe, expect, it } from 'vitest';
import { readStoredDisplay, storedGrey } from '$lib/dicom/pixels';
import { part10 } from '../../../tests/fixtures/dicom/write';
import { DwvViewer } from './dwv-viewer';
import { prepareForViewer } from './prepare';

/**
 * The stored display, as stored (issue 16, item 5): each class file in tests/fixtures/classes is rendered by the
 * viewer and compared with dcmtk's rendering of its stored display (tests/fixtures/voi-references, made by
 * tests/fixtures/make-voi-classes.py with `dcmj2pnm +Wi 1` or `+Wl 1`). The phantom's flat regions are at fixed
 * places — background (0,0), the bright disc (80,58), the dark notch (44,72) — and must match exactly; inside the
 * ellipse's gradient dwv's 256 intermediate levels can put two neighbouring greys on one level, so a few pixels
 * may be one grey off there.
 */
const FLAT: [number, number][] = [
	[0, 0],
	[80, 58],
	[44, 72]
];

const CASES = [
	{ name: 'mr-window-wider-than-range', window: { center: 500, width: 2800 } },
	{ name: 'cr-monochrome1-window', window: { center: 5000, width: 9000 } },
	{ name: 'mr-sigmoid-window', window: { center: 900, width: 3000 } },
	{ name: 'mr-voi-lut-sequence', window: null }
];

async function bytesAt(url: string): Promise<Uint8Array> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: ${response.status}`);
	return new Uint8Array(await response.arrayBuffer());
}

/** dcmj2pnm's 8-bit P5 greymap. */
function readPgm(bytes: Uint8Array): { width: number; height: number; grey: Uint8Array } {
	const text = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
	const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(text);
	if (!m) throw new Error('not an 8-bit PGM');
	return { width: Number(m[1]), height: Number(m[2]), grey: bytes.subarray(m[0].length) };
}

function greyOf(image: ImageData): Uint8Array {
	const out = new Uint8Array(image.width * image.height);
	for (let i = 0; i < out.length; i++) out[i] = image.data[i * 4]!;
	return out;
}

function correlation(a: Uint8Array, b: Uint8Array): number {
	const n = a.length;
	let ma = 0;
	let mb = 0;
	for (let i = 0; i < n; i++) {
		ma += a[i]! / n;
		mb += b[i]! / n;
	}
	let cov = 0;
	let va = 0;
	let vb = 0;
	for (let i = 0; i < n; i++) {
		cov += (a[i]! - ma) * (b[i]! - mb);
		va += (a[i]! - ma) ** 2;
		vb += (b[i]! - mb) ** 2;
	}
	return cov / Math.sqrt(va * vb);
}

const cleanups: (() => void)[] = [];
afterEach(() => {
	while (cleanups.length) cleanups.pop()!();
});

function mount(name: string): DwvViewer {
	const container = document.createElement('div');
	container.id = `stored-window-${name}`;
	container.style.cssText = 'width:300px;height:300px;position:relative';
	document.body.append(container);
	const viewer = new DwvViewer(container.id, container, { onState: () => {} });
	cleanups.push(() => {
		viewer.destroy();
		container.remove();
	});
	return viewer;
}

async function open(name: string): Promise<DwvViewer> {
	const viewer = mount(name);
	const bytes = await bytesAt(`/tests/fixtures/classes/${name}.dcm`);
	await viewer.load([{ name, data: await prepareForViewer(bytes, '1.2.840.10008.1.2.1') }]);
	return viewer;
}

describe('the stored display, as dcmtk applies it', () => {
	for (const { name, window } of CASES) {
		it(`${name}: matches dcmj2pnm pixel for pixel (±1)`, async () => {
			const viewer = await open(name);
			const reference = readPgm(await bytesAt(`/tests/fixtures/voi-references/${name}.pgm`));
			const image = viewer.renderedImage()!;
			expect([image.width, image.height]).toEqual([reference.width, reference.height]);
			const grey = greyOf(image);
			let worst = 0;
			let exact = 0;
			for (let i = 0; i < grey.length; i++) {
				worst = Math.max(worst, Math.abs(grey[i]! - reference.grey[i]!));
				if (grey[i] === reference.grey[i]) exact++;
			}
			expect(correlation(grey, reference.grey)).toBeGreaterThanOrEqual(0.98);
			expect(worst).toBeLessThanOrEqual(1);
			expect(exact / grey.length).toBeGreaterThanOrEqual(0.9);
			for (const [x, y] of FLAT) {
				expect(grey[y * image.width + x], `(${x},${y})`).toBe(
					reference.grey[y * reference.width + x]
				);
			}
			// The overlay gives the stored window, not the one dwv holds for it.
			const state = viewer.state();
			expect(
				state.windowCenter === null
					? null
					: { center: state.windowCenter, width: state.windowWidth }
			).toEqual(window);
		});
	}

	it('gives way to a window the patient picks, and "Default window" brings the stored one back', async () => {
		const viewer = await open('mr-window-wider-than-range');
		const stored = greyOf(viewer.renderedImage()!);
		viewer.setWindow(500, 600);
		const picked = greyOf(viewer.renderedImage()!);
		expect(viewer.state()).toMatchObject({ windowCenter: 500, windowWidth: 600 });
		// Background (value 20) in a 600-wide window is far darker than in the stored 2800-wide one.
		expect(picked[0]).toBeLessThan(stored[0]! - 40);
		viewer.defaultWindow();
		expect(greyOf(viewer.renderedImage()!)).toEqual(stored);
		expect(viewer.state()).toMatchObject({ windowCenter: 500, windowWidth: 2800 });
	});

	it('shows each slice of a series in its own stored window', async () => {
		// Three 32×32 MR slices 5 mm apart, values 100–900, each storing a different window wider than that range.
		const windows = [
			{ center: 500, width: 2000 },
			{ center: 700, width: 3000 },
			{ center: 300, width: 1200 }
		];
		const files = windows.map((window, k) => {
			const pixels = new Uint16Array(32 * 32).map((_, i) => 100 + ((i * 7 + k * 50) % 800));
			const uid = `1.2.826.0.1.3680043.10.1432.16.5.9.${k + 1}`;
			const data = part10(
				[
					[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
					[0x00080018, 'UI', uid],
					[0x00080060, 'CS', 'MR'],
					[0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1432.16.5.9'],
					[0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1432.16.5.9.0'],
					[0x00200013, 'IS', String(k + 1)],
					[0x00200032, 'DS', `0\\0\\${k * 5}`],
					[0x00200037, 'DS', '1\\0\\0\\0\\1\\0'],
					[0x00280002, 'US', 1],
					[0x00280004, 'CS', 'MONOCHROME2'],
					[0x00280010, 'US', 32],
					[0x00280011, 'US', 32],
					[0x00280030, 'DS', '1\\1'],
					[0x00280100, 'US', 16],
					[0x00280101, 'US', 12],
					[0x00280102, 'US', 11],
					[0x00280103, 'US', 0],
					[0x00281050, 'DS', String(window.center)],
					[0x00281051, 'DS', String(window.width)],
					[0x7fe00010, 'OW', new Uint8Array(pixels.buffer)]
				],
				{ sopClassUID: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUID: uid }
			);
			return { name: uid, data: data.slice().buffer, pixels, display: readStoredDisplay(data)! };
		});
		const viewer = mount('series');
		await viewer.load(files.map(({ name, data }) => ({ name, data })));
		for (let k = 0; k < 3; k++) {
			while (viewer.state().index > k) viewer.step(-1);
			while (viewer.state().index < k) viewer.step(1);
			expect(viewer.state()).toMatchObject({ index: k, windowCenter: windows[k]!.center });
			const grey = greyOf(viewer.renderedImage()!);
			const { pixels, display } = files[k]!;
			pixels.forEach((value, i) => {
				expect(
					Math.abs(grey[i]! - storedGrey(display, value)!),
					`slice ${k} pixel ${i}`
				).toBeLessThanOrEqual(1);
			});
		}
	});
});
