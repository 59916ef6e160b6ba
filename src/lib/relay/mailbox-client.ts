import { RelayClientError } from './client';

/** A mailbox slot's name in the relay's API (the transfer protocol names what each holds: $lib/transfer). */
export type MailboxSlot = string;

/** A mailbox the old device opened: its id (shown in the link) and the token only that device holds. */
export interface OpenedMailbox {
	id: string;
	ownerToken: string;
}

/** The relay's mailboxes (src/lib/server/relay/mailboxes.ts has the API), as the two devices use them. */
export class MailboxClient {
	constructor(readonly relayBase: string) {}

	#url(id?: string, slot?: string) {
		return `${this.relayBase}/mailboxes${id ? `/${id}` : ''}${slot ? `/${slot}` : ''}`;
	}

	async #fetch(url: string, init: RequestInit): Promise<Response> {
		return fetch(url, { ...init, cache: 'no-store', credentials: 'omit' }).catch(
			(error: unknown) => {
				if ((error as Error)?.name === 'AbortError') throw error;
				throw new RelayClientError('unavailable', null, { cause: error });
			}
		);
	}

	/** Opens a mailbox (the old device): the relay picks its id. */
	async open(signal?: AbortSignal): Promise<OpenedMailbox> {
		const response = await this.#fetch(this.#url(), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
			signal
		});
		if (response.status !== 201)
			throw new RelayClientError(
				response.status >= 500 || response.status === 429 ? 'unavailable' : 'refused',
				response.status
			);
		return (await response.json()) as OpenedMailbox;
	}

	/**
	 * Leaves a message. `token`: the owner's for the offer, the answering device's for "done". Resolves to the relay's
	 * answer ({ peerToken } for the answer slot). RelayClientError 'refused' when the slot was taken (by someone else
	 * first) or the token is not right.
	 */
	async put(
		id: string,
		slot: MailboxSlot,
		body: Uint8Array,
		token?: string,
		signal?: AbortSignal
	): Promise<{ peerToken?: string }> {
		const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
		if (token) headers.Authorization = `Bearer ${token}`;
		const response = await this.#fetch(this.#url(id, slot), {
			method: 'PUT',
			headers,
			body: body as BodyInit,
			signal
		});
		if (response.status === 201) return (await response.json()) as { peerToken?: string };
		if (response.status === 409) throw new RelayClientError('refused', 409);
		if (response.status === 410 || response.status === 404)
			throw new RelayClientError('expired', response.status);
		throw new RelayClientError(
			response.status >= 500 || response.status === 429 ? 'unavailable' : 'refused',
			response.status
		);
	}

	/** The message in a slot, or null while there is none. */
	async get(id: string, slot: MailboxSlot, signal?: AbortSignal): Promise<Uint8Array | null> {
		const response = await this.#fetch(this.#url(id, slot), { signal });
		if (response.status === 404) {
			// 404 with no mailbox at all (it ended) is not "not yet": say so.
			const body = (await response.json().catch(() => ({}))) as { code?: unknown };
			if (body.code === 'no-mailbox') throw new RelayClientError('expired', response.status);
			return null;
		}
		if (response.status === 410) throw new RelayClientError('expired', response.status);
		if (!response.ok) throw new RelayClientError('unavailable', response.status);
		return new Uint8Array(await response.arrayBuffer());
	}

	/** Waits for a message: asks every `everyMs` (a network hiccup is retried) until it arrives or `signal` aborts. */
	async wait(
		id: string,
		slot: MailboxSlot,
		signal: AbortSignal,
		everyMs = 1000
	): Promise<Uint8Array> {
		for (;;) {
			signal.throwIfAborted();
			const body = await this.get(id, slot, signal).catch((error: unknown) => {
				if ((error as Error)?.name === 'AbortError') throw error;
				if (error instanceof RelayClientError && error.code === 'expired') throw error;
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

	/** Ends the mailbox (the owner; best effort: it also ends by itself). */
	async end(mailbox: OpenedMailbox): Promise<void> {
		await this.#fetch(this.#url(mailbox.id), {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${mailbox.ownerToken}` }
		}).catch(() => {});
	}
}
