/** Messages between the page (prepare.ts) and the decoding worker (prepare.worker.ts). */
export interface PrepareRequest {
	id: number;
	bytes: Uint8Array;
	transferSyntax: string;
	/** The WASM file of the codec this transfer syntax needs, if any (see codec-assets.ts). */
	wasmUrl?: string;
}

export type PrepareReply =
	/** A frame was decoded (done 0: the codec is loaded and decoding starts). */
	| { id: number; type: 'progress'; done: number; total: number }
	| { id: number; type: 'done'; buffer: ArrayBuffer }
	| { id: number; type: 'error'; message: string };
