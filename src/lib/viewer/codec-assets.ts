import charlsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import openJpegWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openJphWasmUrl from '@cornerstonejs/codec-openjph/wasm?url';
import libJpegTurboWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import type { Codec } from '$lib/dicom';

/**
 * Where each codec's WASM file is. Imported by the page, not by the decoding worker, so the files belong to the
 * main build: SvelteKit lists them in the service worker's precache (assets emitted by a worker's own build are
 * not listed) and decoding works offline. The worker is told the URL with each file it decodes.
 */
export const CODEC_WASM: Record<Codec, string> = {
	jpegLs: charlsWasmUrl,
	jpeg2000: openJpegWasmUrl,
	htj2k: openJphWasmUrl,
	jpeg: libJpegTurboWasmUrl
};
