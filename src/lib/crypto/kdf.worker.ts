/// <reference lib="webworker" />
import { argon2idKey } from './kdf-argon2';
import type { KdfWorkerRequest, KdfWorkerResponse } from './kdf';

// One derivation per worker: kdf.ts terminates it after the answer, which also frees the Argon2id memory (a WASM
// memory never shrinks, so a long-lived worker would keep its largest derivation's 64+ MiB).
const scope = self as unknown as DedicatedWorkerGlobalScope;

// Argon2id's WebAssembly compiled before the real derivation is asked for (hash-wasm keeps compiled modules), by
// one derivation too small to cost anything: a worker started while the passphrase is typed (kdf.ts warmKdf) then
// spends the patient's wait on Argon2id alone. Then loaded: from here on a failure is the derivation's, not the
// worker's start.
void argon2idKey('warm-up', new Uint8Array(16), {
	name: 'argon2id',
	memoryKiB: 8,
	iterations: 1,
	parallelism: 1
})
	.catch(() => {})
	.then(() => scope.postMessage({ ready: true } satisfies KdfWorkerResponse));

scope.onmessage = async (event: MessageEvent<KdfWorkerRequest>) => {
	const { passphrase, salt, params } = event.data;
	try {
		const started = performance.now();
		const key = await argon2idKey(passphrase, salt, params);
		const ms = performance.now() - started;
		scope.postMessage({ key, ms } satisfies KdfWorkerResponse, [key.buffer as ArrayBuffer]);
	} catch (error) {
		scope.postMessage({ error: String(error) } satisfies KdfWorkerResponse);
	}
};
