import {
	codecFor,
	codecName,
	sanitizeForViewer,
	transcodeForViewer,
	TRANSCODABLE_SYNTAXES
} from '$lib/dicom';
import { loadDictionary } from '$lib/dicom/pixels';
import {
	checkRleFrames,
	implicitBodyAsImported,
	reinterpretUnknownVRs,
	rleNeedsTranscoding,
	RLE_LOSSLESS,
	transcodeRleForViewer
} from '$lib/dicom/pixels';
import { loadDecoder } from './decoders';
import type { PrepareReply, PrepareRequest } from './prepare-protocol';

/**
 * The decoding worker: turns one stored file into what dwv shows (compressed pixels decoded by WASM codecs into
 * native pixels, then sanitizeForViewer), off the page's thread, so a big or hostile codestream cannot freeze the
 * page and the page can end a decode that hangs by terminating this worker. It reports each decoded frame, which
 * is what the page's stall timer watches.
 */
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<PrepareRequest>) => void) | null;
	postMessage(message: PrepareReply, transfer?: Transferable[]): void;
};

async function prepare(request: PrepareRequest): Promise<ArrayBuffer> {
	const { id, bytes, transferSyntax, wasmUrl } = request;
	// An Implicit VR dataset under an explicit header becomes what its header says, when the import read it so (the
	// size check in displayable.ts judged the header the import read), then UN elements get their dictionary VR,
	// before anything reads the header (un-vr.ts).
	let out = reinterpretUnknownVRs(implicitBodyAsImported(bytes) ?? bytes, await loadDictionary());
	if (TRANSCODABLE_SYNTAXES.has(transferSyntax)) {
		const codec = codecFor(transferSyntax);
		const decoder =
			codec && wasmUrl
				? await loadDecoder(codec, wasmUrl).catch((error: unknown) => {
						throw new Error(
							`the ${codecName(codec)} decoder could not be loaded (${error instanceof Error ? error.message : String(error)})`
						);
					})
				: undefined;
		scope.postMessage({ id, type: 'progress', done: 0, total: 0 });
		out = transcodeForViewer(out, transferSyntax, codec && decoder ? { [codec]: decoder } : {}, {
			onFrame: (done, total) => scope.postMessage({ id, type: 'progress', done, total })
		});
	}
	// Each RLE frame's segment table is checked first (rle-check.ts: dwv trusts it, and the reason names the frame);
	// RLE dwv cannot show (16-bit colour, 32 bits, several frames) is then decoded here (rle-decode.ts), the rest
	// by dwv itself.
	if (transferSyntax === RLE_LOSSLESS) {
		checkRleFrames(out);
		if (rleNeedsTranscoding(out)) {
			scope.postMessage({ id, type: 'progress', done: 0, total: 0 });
			out = transcodeRleForViewer(out, {
				onFrame: (done, total) => scope.postMessage({ id, type: 'progress', done, total })
			});
		}
	}
	out = sanitizeForViewer(out);
	const exact = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength;
	return (exact ? out.buffer : out.slice().buffer) as ArrayBuffer;
}

scope.onmessage = (event) => {
	const request = event.data;
	prepare(request).then(
		(buffer) => scope.postMessage({ id: request.id, type: 'done', buffer }, [buffer]),
		(error: unknown) => {
			const message =
				error instanceof Error
					? (error as { detail?: string }).detail || error.message
					: String(error);
			scope.postMessage({ id: request.id, type: 'error', message });
		}
	);
};
