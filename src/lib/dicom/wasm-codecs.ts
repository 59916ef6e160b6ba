import { DicomError } from './errors';
import type { DecodedFrame, FrameDecoder } from './native-pixels';

/**
 * Adapts the maintained WASM decoders of the Cornerstone project (Emscripten builds of OpenJPEG for JPEG 2000,
 * OpenJPH for HTJ2K, libjpeg-turbo for 8-bit JPEG) to the frame decoder transcode.ts expects. They share one
 * embind shape. Loading a module is the caller's job: the browser and Node find WASM differently.
 */
interface WasmFrameDecoder {
	getEncodedBuffer(length: number): Uint8Array;
	decode(): void;
	getFrameInfo(): {
		width: number;
		height: number;
		bitsPerSample: number;
		componentCount: number;
		isSigned: boolean;
	};
	getDecodedBuffer(): Uint8Array;
	delete(): void;
}
type DecoderClass = new () => WasmFrameDecoder;

export interface OpenJpegModule {
	J2KDecoder: DecoderClass;
}
export interface OpenJphModule {
	HTJ2KDecoder: DecoderClass;
}
export interface LibJpegTurboModule {
	JPEGDecoder: DecoderClass;
}

/** Emscripten options that keep the codecs from writing their progress notes to the console. */
export const QUIET = { print: () => {}, printErr: () => {} };

/**
 * Every one of these decoders returns colour as interleaved R, G, B: OpenJPEG and OpenJPH undo the codestream's
 * own component transform (RCT/ICT, whatever the DICOM header says), libjpeg-turbo converts YCbCr to RGB as the
 * JPEG's markers tell it. The copy handed to the viewer must say RGB.
 */
function adapt(Decoder: DecoderClass, name: string): FrameDecoder {
	return (encoded: Uint8Array): DecodedFrame => {
		const decoder = new Decoder();
		try {
			decoder.getEncodedBuffer(encoded.length).set(encoded);
			try {
				decoder.decode();
			} catch (error) {
				// Emscripten throws C++ exceptions as numbers or strings, not Errors.
				// A number is a pointer into WASM memory: it says nothing to anyone.
				const detail =
					error instanceof Error
						? ` (${error.message})`
						: typeof error === 'string'
							? ` (${error})`
							: '';
				throw new DicomError('unreadable-header', `its ${name} data could not be decoded${detail}`);
			}
			const info = decoder.getFrameInfo();
			// These builds report a codestream they cannot read by decoding nothing, not by throwing.
			if (!info.width || !info.height) {
				throw new DicomError('unreadable-header', `its ${name} data could not be decoded`);
			}
			// Copy out of WASM memory before delete() frees it.
			const pixels = decoder.getDecodedBuffer().slice();
			return {
				pixels,
				width: info.width,
				height: info.height,
				bitsPerSample: info.bitsPerSample,
				componentCount: info.componentCount,
				isSigned: info.isSigned,
				rgb: info.componentCount === 3
			};
		} finally {
			decoder.delete();
		}
	};
}

export const jpeg2000DecoderFrom = (m: OpenJpegModule) => adapt(m.J2KDecoder, 'JPEG 2000');
export const htj2kDecoderFrom = (m: OpenJphModule) => adapt(m.HTJ2KDecoder, 'HTJ2K');
export const jpegDecoderFrom = (m: LibJpegTurboModule) => adapt(m.JPEGDecoder, 'JPEG');
