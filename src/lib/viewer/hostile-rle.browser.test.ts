import { describe, expect, it } from 'vitest';
import { ViewerError } from './errors';
import { prepareForViewer } from './prepare';

/**
 * RLE frames whose segment table dwv's worker would trust (found by scripts/fuzz-dicom.js; see
 * src/lib/dicom/rle-check.ts): the decoding worker refuses them with the frame and segment, in well under a
 * second, instead of handing dwv a frame it loops over for minutes (the viewer's load then ran to its 30 s timeout).
 */
async function fixture(name: string): Promise<Uint8Array> {
	const response = await fetch(`/tests/fixtures/classes/${name}`);
	if (!response.ok) throw new Error(`${name}: ${response.status}`);
	return new Uint8Array(await response.arrayBuffer());
}

describe('hostile RLE in the decoding worker', () => {
	it.each([
		['fuzz-rle-offset-past-end.fuzz', /^its RLE frame 2 puts segment 2 at byte 2147483632 of \d+$/],
		['fuzz-rle-says-j2k-segments.fuzz', /^its RLE frame 1 says it has 1375686655 segments/]
	])('%s is refused with its reason, quickly', async (name, detail) => {
		const started = performance.now();
		const error = await prepareForViewer(await fixture(name), '1.2.840.10008.1.2.5').then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ViewerError);
		expect((error as ViewerError).code).toBe('decode-failed');
		expect((error as ViewerError).detail).toMatch(detail);
		expect(performance.now() - started).toBeLessThan(5_000);
	});
});
