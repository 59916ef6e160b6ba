import { ShareRelayError } from '$lib/share/relay-client';

/** The relay's mailboxes (src/lib/server/relay/mailboxes.ts), as the two devices use them. */
export class MailboxClient {
	constructor(readonly relayBase: string) {}

	#url(id: string, slot?: string) {
		return `${this.relayBase}/mailboxes/${id}${slot ? `/${slot}` : ''}`;
	}

	/** Leaves a message; ShareRelayError 'refused' when the slot was taken (by someone else first). */
	async put(id: string, slot: string, body: Uint8Array, signal?: AbortSignal): Promise<void> {
		const response = await fetch(this.#url(id, slot), {
			method: 'PUT',
			headers: { 'Content-Type': 'application/octet-stream' },
			body: body as BodyInit,
			cache: 'no-store',
			signal
		}).catch((error: unknown) => {
			if ((error as Error)?.name === 'AbortError') throw error;
			throw new ShareRelayError('unavailable', 'the relay could not be reached');
		});
		if (response.status === 201) return;
		if (response.status === 409) throw new ShareRelayError('refused', 'this slot was taken');
		if (response.status === 410) throw new ShareRelayError('expired', 'the pairing has ended');
		throw new ShareRelayError(
			response.status >= 500 || response.status === 429 ? 'unavailable' : 'refused',
			`the relay answered ${response.status}`
		);
	}

	/** The message in a slot, or null while there is none. */
	async get(id: string, slot: string, signal?: AbortSignal): Promise<Uint8Array | null> {
		const response = await fetch(this.#url(id, slot), { cache: 'no-store', signal });
		if (response.status === 404) return null;
		if (!response.ok)
			throw new ShareRelayError('unavailable', `the relay answered ${response.status}`);
		return new Uint8Array(await response.arrayBuffer());
	}

	/** Waits for a message: asks every `everyMs` (a network hiccup is retried) until it arrives or `signal` aborts. */
	async wait(id: string, slot: string, signal: AbortSignal, everyMs = 1000): Promise<Uint8Array> {
		for (;;) {
			signal.throwIfAborted();
			const body = await this.get(id, slot, signal).catch((error: unknown) => {
				if ((error as Error)?.name === 'AbortError') throw error;
				return null;
			});
			if (body) return body;
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(resolve, everyMs);
				signal.addEventListener(
					'abort',
					() => {
						clearTimeout(timer);
						reject(signal.reason);
					},
					{ once: true }
				);
			});
		}
	}

	/** Ends the mailbox (best effort: it also ends by itself). */
	async end(id: string): Promise<void> {
		await fetch(this.#url(id), { method: 'DELETE', cache: 'no-store' }).catch(() => {});
	}
}
