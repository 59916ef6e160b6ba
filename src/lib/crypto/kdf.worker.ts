/// <reference lib="webworker" />
import { argon2idKey } from './kdf-argon2';
import type { KdfWorkerRequest, KdfWorkerResponse } from './kdf';

// One derivation per worker: kdf.ts terminates it after the answer, which also frees the Argon2id memory (a WASM
// memory never shrinks, so a long-lived worker would keep its largest derivation's 64+ MiB).
const scope = self as unknown as DedicatedWorkerGlobalScope;

// Loaded (hash-wasm included): from here on a failure is the derivation's, not the worker's start.
scope.postMessage({ ready: true } satisfies KdfWorkerResponse);

scope.onmessage = async (event: MessageEvent<KdfWorkerRequest>) => {
	const { passphrase, salt, params } = event.data;
	try {
		const key = await argon2idKey(passphrase, salt, params);
		scope.postMessage({ key } satisfies KdfWorkerResponse, [key.buffer as ArrayBuffer]);
	} catch (error) {
		scope.postMessage({ error: String(error) } satisfies KdfWorkerResponse);
	}
};
