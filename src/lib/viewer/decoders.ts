import createCharls from '@cornerstonejs/codec-charls/decodewasmjs';
import charlsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import { jpegLsDecoderFrom, type CharlsModule } from '$lib/dicom/charls';
import type { JpegLsDecoder } from '$lib/dicom/transcode';

// The WASM file is part of the build (hashed, precached by the service worker), so JPEG-LS decodes offline.
let charls: Promise<JpegLsDecoder> | null = null;

export function loadJpegLsDecoder(): Promise<JpegLsDecoder> {
	charls ??= (createCharls({ locateFile: () => charlsWasmUrl }) as Promise<CharlsModule>).then(
		jpegLsDecoderFrom
	);
	return charls;
}
