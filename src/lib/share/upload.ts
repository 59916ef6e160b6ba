import type { CreatedShare, RelayClient } from '$lib/relay';

/** Parts the app sends (the relay takes up to 16 MiB): small enough to resend cheaply when one is cut. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Uploads a ciphertext stream into a relay share made for it, part by part in order, and completes it. On any
 * failure the share is revoked, so nothing half-uploaded stays behind, and the error is thrown.
 */
export async function uploadStream(
	relay: RelayClient,
	created: CreatedShare,
	stream: ReadableStream<Uint8Array>,
	options: {
		/** Expected size, for progress (the plaintext's; the ciphertext is a little larger). */
		total?: number;
		onProgress?: (progress: { sent: number; total: number }) => void;
		signal?: AbortSignal;
	} = {}
): Promise<void> {
	const partBytes = Math.min(PART_BYTES, created.partBytes);
	const reader = stream.getReader();
	let part = new Uint8Array(partBytes);
	let filled = 0;
	let index = 0;
	let sent = 0;
	const flush = async () => {
		await relay.putPart(created, index++, part.subarray(0, filled), options.signal);
		sent += filled;
		options.onProgress?.({ sent, total: Math.max(sent, options.total ?? 0) });
		part = new Uint8Array(partBytes);
		filled = 0;
	};
	try {
		for (;;) {
			if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
			const { done, value } = await reader.read();
			if (done) break;
			let at = 0;
			while (at < value.length) {
				const take = Math.min(partBytes - filled, value.length - at);
				part.set(value.subarray(at, at + take), filled);
				filled += take;
				at += take;
				if (filled === partBytes) await flush();
			}
		}
		if (filled) await flush();
		await relay.complete(created);
	} catch (error) {
		await reader.cancel().catch(() => {});
		// Leave nothing half-uploaded behind.
		await relay.revoke(created).catch(() => {});
		throw error;
	}
}
