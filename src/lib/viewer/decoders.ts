import {
	jpegLsDecoderFrom,
	QUIET,
	htj2kDecoderFrom,
	jpeg2000DecoderFrom,
	jpegDecoderFrom,
	type LibJpegTurboModule,
	type OpenJpegModule,
	type CharlsModule,
	type Codec,
	type FrameDecoder,
	type OpenJphModule
} from '$lib/dicom/pixels';

/**
 * The WASM codecs, loaded on first use inside the decoding worker (prepare.worker.ts), each from the WASM URL the
 * page gives (codec-assets.ts: part of the main build, so precached by the service worker).
 */
const LOADERS: Record<Codec, (wasmUrl: string) => Promise<FrameDecoder>> = {
	jpegLs: async (wasmUrl) => {
		const { default: create } = await import('@cornerstonejs/codec-charls/decodewasmjs');
		return jpegLsDecoderFrom(
			(await create({ ...QUIET, locateFile: () => wasmUrl })) as CharlsModule
		);
	},
	jpeg2000: async (wasmUrl) => {
		const { default: create } = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
		return jpeg2000DecoderFrom(
			(await create({ ...QUIET, locateFile: () => wasmUrl })) as OpenJpegModule
		);
	},
	htj2k: async (wasmUrl) => {
		const { default: create } = await import('@cornerstonejs/codec-openjph/wasmjs');
		return htj2kDecoderFrom(
			(await create({ ...QUIET, locateFile: () => wasmUrl })) as OpenJphModule
		);
	},
	jpeg: async (wasmUrl) => {
		const { default: create } =
			await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');
		return jpegDecoderFrom(
			(await create({ ...QUIET, locateFile: () => wasmUrl })) as LibJpegTurboModule
		);
	}
};

const loaded = new Map<Codec, Promise<FrameDecoder>>();

export function loadDecoder(codec: Codec, wasmUrl: string): Promise<FrameDecoder> {
	let decoder = loaded.get(codec);
	if (!decoder) {
		decoder = LOADERS[codec](wasmUrl);
		// A failed load (offline before the first precache, say) is retried by the next file.
		decoder.catch(() => loaded.delete(codec));
		loaded.set(codec, decoder);
	}
	return decoder;
}
