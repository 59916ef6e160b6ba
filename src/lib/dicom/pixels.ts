// The pixel side of $lib/dicom, a second public entry for the viewer and its decoding worker: WASM codec adapters,
// the dictionary that gives UN elements their VR, and the stored display (VOI) rules. Kept out of the main entry
// so the timeline's bundle never carries them.
export { jpegLsDecoderFrom, type CharlsModule } from './charls';
export { loadDictionary, type DicomDictionary } from './dictionary';
export { reinterpretUnknownVRs } from './un-vr';
export { implicitBodyAsImported } from './parse';
export { checkRleFrames, RLE_LOSSLESS } from './rle-check';
export { rleNeedsTranscoding, transcodeRleForViewer } from './transcode';
export {
	QUIET,
	htj2kDecoderFrom,
	jpeg2000DecoderFrom,
	jpegDecoderFrom,
	type LibJpegTurboModule,
	type OpenJpegModule,
	type OpenJphModule
} from './wasm-codecs';
export {
	hasStoredVoi,
	readStoredDisplay,
	storedGrey,
	storedRamp,
	type StoredDisplay,
	type StoredVoiLut,
	type StoredWindow,
	type VoiFunction
} from './voi';
export type { Codec, Decoders, FrameDecoder } from './transcode';
