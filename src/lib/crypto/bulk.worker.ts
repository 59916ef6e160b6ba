/// <reference lib="webworker" />
import { CryptoError } from './errors';
import { open, seal } from './envelope';
import { useFastSecretbox } from './secretbox';
import type { WorkerRequest, WorkerResponse } from './bulk';

// Holds the vault's record key while the vault is unlocked; `wipe` (on lock) zeroes it before termination.
let key: Uint8Array | null = null;

// Every request waits for libsodium (or for its failure, which leaves tweetnacl): same bytes either way.
const ready = useFastSecretbox();

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
	await ready;
	const msg = event.data;
	if (msg.type === 'key') {
		key = msg.key;
		return;
	}
	if (msg.type === 'wipe') {
		key?.fill(0);
		key = null;
		return;
	}
	let response: WorkerResponse;
	const transfer: ArrayBuffer[] = [];
	try {
		if (!key) throw new CryptoError('bad-key', 'no key in worker');
		const k = key;
		const results =
			msg.type === 'seal'
				? msg.items.map((i) => seal(k, i.context, i.data))
				: msg.items.map((i) => open(k, i.context, i.record).slice());
		for (const r of results) transfer.push(r.buffer as ArrayBuffer);
		response = { id: msg.id, results };
	} catch (error) {
		response = {
			id: msg.id,
			error:
				error instanceof CryptoError
					? { code: error.code, message: error.message }
					: { code: 'other', message: String(error) }
		};
	}
	(self as unknown as DedicatedWorkerGlobalScope).postMessage(response, transfer);
};
