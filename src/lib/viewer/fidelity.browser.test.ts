import { describe, expect, inject, it } from 'vitest';
import { checkDisplayable, parseDicomFile } from '$lib/dicom';
import { DwvViewer } from './dwv-viewer';
import { prepareForViewer } from './prepare';

/**
 * Patient safety: every image file of the public corpus either renders — non-blank, with the right number of
 * frames, matching dcmtk's rendering of the same file — or the viewer says why it cannot. Runs when ../shared is
 * present (tests/fixtures/fidelity-setup.ts prepares the list and dcmtk's references).
 */
interface Manifest {
	dcmtk: boolean;
	entries: { path: string; file: string; reference: string | null; fullRange: boolean }[];
}

const hasShared = inject('hasSharedDicom');

/**
 * Files the viewer cannot show yet, each with what is known. The test fails if one of them starts working (then
 * take it off) or if any other file fails.
 */
const KNOWN_FAILURES: Record<string, string> = {};

async function bytesAt(url: string): Promise<Uint8Array> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: ${response.status}`);
	return new Uint8Array(await response.arrayBuffer());
}

/** Netpbm P5 (grey) / P6 (colour), 8-bit, as dcmj2pnm writes: luminance per pixel. */
function readPnm(bytes: Uint8Array): { width: number; height: number; luma: Float64Array } {
	const text = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
	const m = /^(P[56])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
	if (!m) throw new Error('not a PNM');
	const [, magic, w, h] = m;
	const width = Number(w);
	const height = Number(h);
	const offset = m[0].length;
	const luma = new Float64Array(width * height);
	const channels = magic === 'P6' ? 3 : 1;
	for (let i = 0; i < luma.length; i++) {
		const p = offset + i * channels;
		luma[i] =
			channels === 1
				? bytes[p]!
				: 0.299 * bytes[p]! + 0.587 * bytes[p + 1]! + 0.114 * bytes[p + 2]!;
	}
	return { width, height, luma };
}

function lumaOf(image: ImageData): Float64Array {
	const out = new Float64Array(image.width * image.height);
	for (let i = 0; i < out.length; i++) {
		const d = image.data;
		out[i] = 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!;
	}
	return out;
}

function spread(values: Float64Array): number {
	let min = Infinity;
	let max = -Infinity;
	for (const v of values) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	return max - min;
}

function correlation(a: Float64Array, b: Float64Array): number {
	const n = a.length;
	let sa = 0;
	let sb = 0;
	for (let i = 0; i < n; i++) {
		sa += a[i]!;
		sb += b[i]!;
	}
	const ma = sa / n;
	const mb = sb / n;
	let cov = 0;
	let va = 0;
	let vb = 0;
	for (let i = 0; i < n; i++) {
		const da = a[i]! - ma;
		const db = b[i]! - mb;
		cov += da * db;
		va += da * da;
		vb += db * db;
	}
	if (va === 0 && vb === 0) return 1; // both uniform: the same picture
	return cov / Math.sqrt(va * vb);
}

interface Outcome {
	path: string;
	result: 'rendered' | 'reason' | 'failed';
	detail: string;
	frames?: string;
	correlation?: number;
}

describe.runIf(hasShared)('fidelity over the public corpus', () => {
	it('renders every displayable file faithfully, or says why not', async () => {
		const manifest = (await (
			await fetch('/tests/.generated/fidelity/manifest.json')
		).json()) as Manifest;
		const outcomes: Outcome[] = [];
		let n = 0;
		for (const entry of manifest.entries) {
			const bytes = await bytesAt(`/tests/.generated/fidelity/${entry.file}`);
			let info;
			try {
				info = parseDicomFile(bytes);
			} catch (error) {
				outcomes.push({ path: entry.path, result: 'reason', detail: (error as Error).message });
				continue;
			}
			const check = checkDisplayable({
				kind: info.kind,
				TransferSyntaxUID: info.TransferSyntaxUID,
				SOPClassUID: info.SOPClassUID,
				...info.instance
			});
			if (!check.ok) {
				outcomes.push({ path: entry.path, result: 'reason', detail: check.reason });
				continue;
			}
			const container = document.createElement('div');
			container.id = `fidelity-${n++}`;
			container.style.cssText = 'width:400px;height:400px;position:relative';
			document.body.append(container);
			const viewer = new DwvViewer(container.id, container, { onState: () => {} });
			try {
				const data = await prepareForViewer(bytes, info.TransferSyntaxUID);
				await viewer.load([{ name: entry.path, data }], 20_000);
				if (entry.fullRange) viewer.showFullRange();
				const state = viewer.state();
				const image = viewer.renderedImage()!;
				const luma = lumaOf(image);
				const outcome: Outcome = {
					path: entry.path,
					result: 'rendered',
					detail: `${image.width}×${image.height} W ${state.windowWidth?.toFixed(0)} L ${state.windowCenter?.toFixed(0)}`,
					frames: `${state.count}/${info.instance.NumberOfFrames}`
				};
				if (entry.reference) {
					const ref = readPnm(await bytesAt(`/tests/.generated/fidelity/${entry.reference}`));
					if (ref.width === image.width && ref.height === image.height) {
						outcome.correlation = correlation(luma, ref.luma);
					} else {
						outcome.detail += ` (reference ${ref.width}×${ref.height})`;
					}
					if (spread(luma) === 0 && spread(ref.luma) !== 0) outcome.detail += ' BLANK';
				} else if (spread(luma) === 0) {
					outcome.detail += ' BLANK';
				}
				outcomes.push(outcome);
			} catch (error) {
				outcomes.push({ path: entry.path, result: 'failed', detail: (error as Error).message });
			} finally {
				viewer.destroy();
				container.remove();
			}
		}
		console.log(
			[
				'file\tresult\tframes\tcorrelation\tdetail',
				...outcomes.map((o) =>
					[o.path, o.result, o.frames ?? '', o.correlation?.toFixed(4) ?? '', o.detail].join('\t')
				)
			].join('\n')
		);
		const rendered = outcomes.filter((o) => o.result === 'rendered');
		expect(rendered.length).toBeGreaterThan(20);
		for (const o of rendered) {
			expect(o.detail, o.path).not.toContain('BLANK');
			const [shown, expected] = o.frames!.split('/').map(Number);
			expect(shown, `${o.path} frames`).toBe(expected);
		}
		if (manifest.dcmtk) {
			const compared = rendered.filter((o) => o.correlation !== undefined);
			expect(compared.length).toBeGreaterThanOrEqual(20);
			for (const o of compared) expect(o.correlation!, o.path).toBeGreaterThanOrEqual(0.98);
		}
		expect(outcomes.filter((o) => o.result === 'failed').map((o) => o.path)).toEqual(
			Object.keys(KNOWN_FAILURES)
		);
	}, 600_000);
});
