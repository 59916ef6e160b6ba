/**
 * The app's side of the relay (src/lib/server/relay/http.ts has the API): shares (create, upload, status, open,
 * download, revoke) for $lib/share, and the same transport for the device-transfer mailboxes ($lib/transfer).
 * Every failure is a RelayClientError with a code; $lib/messages has the words.
 */
export type RelayErrorCode =
	| 'expired'
	| 'gone'
	| 'not-found'
	/** A started open whose ticket lapsed (15 minutes idle): a new open starts from zero. */
	| 'open-ended'
	| 'too-large'
	/** No connection, or the relay is down or busy (429, 5xx): try again later. */
	| 'unavailable'
	/** The relay refused the request for another reason (`status` says which). */
	| 'refused'
	/** The relay holds as much as it may (507): nothing to do but try later. */
	| 'full'
	/** This connection uploaded as much as the relay takes from one client in a day (429 on an upload). */
	| 'quota'
	/** A one-open link is being opened by someone else right now (409 on starting an open). */
	| 'busy';

export class RelayClientError extends Error {
	constructor(
		readonly code: RelayErrorCode,
		/** The HTTP status, when the relay answered. */
		readonly status: number | null = null,
		options?: { cause?: unknown }
	) {
		super(status === null ? code : `${code} (${status})`, options);
		this.name = 'RelayClientError';
	}
}

export interface CreatedShare {
	id: string;
	ownerToken: string;
	partBytes: number;
	maxBytes: number;
}

/** A started open (POST shares/{id}/open): the ticket that downloads the ciphertext, until it lapses. */
export interface ShareOpen {
	ticket: string;
	size: number;
	expiresAt: number;
}

export interface ShareStatus {
	state: 'ready';
	expiresAt: number;
	maxOpens: number | null;
	opens: number;
	opensLeft: number | null;
	size: number;
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });
	} catch (error) {
		if ((error as Error)?.name === 'AbortError') throw error;
		throw new RelayClientError('unavailable', null, { cause: error });
	}
	if (response.ok) return response;
	throw new RelayClientError(await failureCode(response), response.status);
}

/** The relay's answer as a code: its status, and the body's `code` where the status alone does not say enough. */
async function failureCode(response: Response): Promise<RelayErrorCode> {
	const body = (await response.json().catch(() => ({}))) as { code?: unknown; reason?: unknown };
	switch (response.status) {
		case 410:
			if (body.code === 'open-ended') return 'open-ended';
			// A share's end: `reason` is its state (expired, revoked, used).
			return body.reason === 'expired' ? 'expired' : 'gone';
		case 404:
			return 'not-found';
		case 413:
			return 'too-large';
		case 507:
			return 'full';
		case 429:
			return body.code === 'quota' ? 'quota' : 'unavailable';
		default:
			return response.status >= 500 ? 'unavailable' : 'refused';
	}
}

export class RelayClient {
	constructor(readonly base: string) {}

	async create(expiresInSeconds: number, maxOpens: number | null): Promise<CreatedShare> {
		const response = await call(`${this.base}/shares`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ expiresInSeconds, maxOpens })
		});
		return (await response.json()) as CreatedShare;
	}

	/** Uploads one part; retried a few times on a network error, since parts are idempotent by index. */
	async putPart(share: CreatedShare, index: number, bytes: Uint8Array, signal?: AbortSignal) {
		for (let attempt = 0; ; attempt++) {
			try {
				await call(`${this.base}/shares/${share.id}/parts/${index}`, {
					method: 'PUT',
					headers: {
						Authorization: `Bearer ${share.ownerToken}`,
						'Content-Type': 'application/octet-stream'
					},
					body: bytes as BodyInit,
					signal
				});
				return;
			} catch (error) {
				if (!(error instanceof RelayClientError && error.code === 'unavailable') || attempt >= 3)
					throw error;
				await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
			}
		}
	}

	async complete(share: Pick<CreatedShare, 'id' | 'ownerToken'>) {
		await call(`${this.base}/shares/${share.id}/complete`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${share.ownerToken}` }
		});
	}

	async status(id: string): Promise<ShareStatus> {
		return (await (await call(`${this.base}/shares/${id}`)).json()) as ShareStatus;
	}

	async revoke(share: Pick<CreatedShare, 'id' | 'ownerToken'>) {
		await call(`${this.base}/shares/${share.id}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${share.ownerToken}` }
		});
	}

	/** Starts the recipient's open: holds one of the opens left (none is spent yet). */
	async startOpen(id: string, signal?: AbortSignal): Promise<ShareOpen> {
		const response = await call(`${this.base}/shares/${id}/open`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
			signal
		}).catch((error: unknown) => {
			if (error instanceof RelayClientError && error.code === 'refused')
				throw new RelayClientError('busy', error.status);
			throw error;
		});
		return (await response.json()) as ShareOpen;
	}

	/** The ciphertext for a started open, from byte `start` (a cut download resumes where it stopped). */
	async blob(
		id: string,
		open: ShareOpen,
		start = 0,
		signal?: AbortSignal
	): Promise<ReadableStream<Uint8Array>> {
		const headers: Record<string, string> = { Authorization: `Bearer ${open.ticket}` };
		if (start) headers.Range = `bytes=${start}-`;
		const response = await call(`${this.base}/shares/${id}/blob`, { headers, signal });
		if (start && response.status !== 206) {
			await response.body?.cancel();
			throw new RelayClientError('unavailable', response.status);
		}
		return response.body!;
	}

	/** The recipient has everything: the open is spent (a one-open link ends here). Said again, it is harmless. */
	async opened(id: string, open: ShareOpen) {
		await call(`${this.base}/shares/${id}/opened`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${open.ticket}` }
		});
	}
}
