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
		let results: (Uint8Array | Blob)[];
		if (msg.type === 'seal') {
			const sealed = msg.items.map((i) => seal(k, i.context, i.data));
			results = msg.blobs ? sealed.map((r) => new Blob([r as BlobPart])) : sealed;
		} else {
			results = [];
			for (const i of msg.items) {
				const record =
					i.record instanceof Uint8Array ? i.record : new Uint8Array(await i.record.arrayBuffer());
				// Locked while the Blob was read: the key is gone, and so is this answer.
				if (!key) throw new CryptoError('bad-key', 'no key in worker');
				results.push(open(key, i.context, record).slice());
			}
		}
		for (const r of results) if (r instanceof Uint8Array) transfer.push(r.buffer as ArrayBuffer);
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
