import { DicomError } from './errors';
import type { DecodedFrame, FrameDecoder } from './native-pixels';

/**
 * Adapts a CharLS (JPEG-LS) Emscripten module — @cornerstonejs/codec-charls, a maintained WASM build — to the
 * decoder transcode.ts expects. Loading the module is the caller's job (the browser and Node find WASM
 * differently).
 */
export interface CharlsModule {
	JpegLSDecoder: new () => {
		getEncodedBuffer(length: number): Uint8Array;
		decode(): void;
		getFrameInfo(): {
			width: number;
			height: number;
			bitsPerSample: number;
			componentCount: number;
		};
		getInterleaveMode(): number;
		getDecodedBuffer(): Uint8Array;
		delete(): void;
	};
}

/** CharLS interleave mode 0 ("none") returns colour planes one after another. */
function interleave(
	planar: Uint8Array,
	pixels: number,
	components: number,
	bytesPerSample: number
) {
	const out = new Uint8Array(planar.length);
	for (let p = 0; p < pixels; p++) {
		for (let c = 0; c < components; c++) {
			for (let b = 0; b < bytesPerSample; b++) {
				out[(p * components + c) * bytesPerSample + b] =
					planar[(c * pixels + p) * bytesPerSample + b]!;
			}
		}
	}
	return out;
}

export function jpegLsDecoderFrom(charls: CharlsModule): FrameDecoder {
	return (encoded: Uint8Array): DecodedFrame => {
		const decoder = new charls.JpegLSDecoder();
		try {
			decoder.getEncodedBuffer(encoded.length).set(encoded);
			try {
				decoder.decode();
			} catch (error) {
				// CharLS throws C++ exceptions, which arrive as a number (a pointer into WASM memory), not an Error.
				const detail = error instanceof Error ? ` (${error.message})` : '';
				throw new DicomError('unreadable-header', `its JPEG-LS data could not be decoded${detail}`);
			}
			const info = decoder.getFrameInfo();
			// Copy out of WASM memory before delete() frees it.
			let pixels = decoder.getDecodedBuffer().slice();
			const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
			if (info.componentCount > 1 && decoder.getInterleaveMode() === 0) {
				pixels = interleave(pixels, info.width * info.height, info.componentCount, bytesPerSample);
			}
			// JPEG-LS has no colour transform of its own here: the pixels are what the header says.
			return { pixels, ...info };
		} finally {
			decoder.delete();
		}
	};
}
