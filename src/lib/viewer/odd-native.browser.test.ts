import { describe, expect, it } from 'vitest';
import { checkDisplayable, parseDicomFile } from '$lib/dicom';
import { DwvViewer } from './dwv-viewer';
import { pictureOf, readPnm } from './fidelity-compare';
import type { LoadStage } from './load-failure';
import { prepareForViewer } from './prepare';

/**
 * The odd native-pixel classes of issue 16 (tests/fixtures/classes, made by make_odd_native.py), each loaded as the
 * viewer loads it (prepareForViewer, then dwv) and compared, colour by colour, with dcmtk's rendering of the same
 * file made at test setup (tests/fixtures/odd-native-setup.ts). And a load in which dwv throws ends at once with
 * a reason a patient can read, never a timeout or a JavaScript message.
 */
const CLASSES = '/tests/fixtures/classes';
const REFERENCES = '/tests/.generated/odd-native';

async function bytesAt(url: string): Promise<Uint8Array> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: ${response.status}`);
	return new Uint8Array(await response.arrayBuffer());
}

async function withViewer<T>(run: (viewer: DwvViewer) => Promise<T>): Promise<T> {
	const container = document.createElement('div');
	container.id = `odd-${Math.random().toString(36).slice(2)}`;
	container.style.cssText = 'width:300px;height:300px;position:relative';
	document.body.append(container);
	const viewer = new DwvViewer(container.id, container, { onState: () => {} });
	try {
		return await run(viewer);
	} finally {
		viewer.destroy();
		container.remove();
	}
}

describe('odd native files in the viewer', () => {
	it.each([
		['un_all_elements_explicit_le.dcm', { fullRange: true }],
		['un_all_elements_jpeg_baseline.dcm', { fullRange: false }],
		['un_header_jpeg_baseline.dcm', { fullRange: false }],
		['ybr_full_422_uncompressed.dcm', { fullRange: false }],
		['ybr_full_uncompressed.dcm', { fullRange: false }],
		['palette_segmented_16bit_explicit_be.dcm', { fullRange: false }]
	])('shows %s as dcmtk does', async (file, { fullRange }) => {
		const bytes = await bytesAt(`${CLASSES}/${file}`);
		const info = parseDicomFile(bytes);
		expect(checkDisplayable({ ...info, ...info.instance })).toEqual({ ok: true });
		const references = (await (await fetch(`${REFERENCES}/references.json`)).json()) as Record<
			string,
			string
		>;
		expect(references[file], `dcmtk's reference for ${file}`).toBeDefined();
		const reference = readPnm(await bytesAt(`${REFERENCES}/${references[file]}`));

		const image = await withViewer(async (viewer) => {
			const data = await prepareForViewer(bytes, info.TransferSyntaxUID);
			await viewer.load([{ name: file, data }], 10_000);
			if (fullRange) viewer.showFullRange();
			return viewer.renderedImage()!;
		});
		expect([image.width, image.height]).toEqual([reference.width, reference.height]);
		const shown = pictureOf(image).rgb;
		expect(Math.max(...shown) - Math.min(...shown), 'not blank').toBeGreaterThan(50);
		let worst = 0;
		let total = 0;
		for (let i = 0; i < shown.length; i++) {
			const d = Math.abs(shown[i]! - reference.rgb[i]!);
			worst = Math.max(worst, d);
			total += d;
		}
		// dwv and dcmtk round colour conversion and windowing each their own way: a level or two apart at most.
		expect(worst, `${file}: largest difference from dcmtk`).toBeLessThanOrEqual(2);
		expect(total / shown.length, `${file}: mean difference from dcmtk`).toBeLessThan(1);
	});

	it("says a vendor's private pixels are why a file is not shown", async () => {
		const info = parseDicomFile(await bytesAt(`${CLASSES}/private_pixels_no_pixel_data.dcm`));
		expect(checkDisplayable({ ...info, ...info.instance })).toEqual({
			ok: false,
			reason: { code: 'private-pixels' }
		});
	});

	it.each([
		// dwv decodes the JPEG in a worker and throws on the UN SOP Class UID from that worker's callback.
		['un_header_jpeg_baseline.dcm', 'drawing'],
		// dwv throws as it reads: a UN Photometric Interpretation, a UN Pixel Data it sizes as bytes, a palette it
		// cannot find.
		['un_all_elements_jpeg_baseline.dcm', 'reading'],
		['un_all_elements_explicit_le.dcm', 'reading'],
		['palette_segmented_16bit_explicit_be.dcm', 'reading']
	] as [string, LoadStage][])(
		'ends a load in which dwv throws at once, with a reason (%s as stored)',
		async (file, stage) => {
			const data = (await bytesAt(`${CLASSES}/${file}`)).slice().buffer;
			const started = performance.now();
			const error = await withViewer((viewer) =>
				viewer.load([{ name: file, data }], 30_000).then(
					() => null,
					(e: unknown) => e as Error
				)
			);
			expect(error).toMatchObject({
				code: stage === 'reading' ? 'unreadable-header' : 'undrawable'
			});
			expect(performance.now() - started).toBeLessThan(1000);
		}
	);
});
