/**
 * The app's side of the relay (src/lib/server/relay/http.ts has the API). Errors carry what the recipient's page
 * says about them: "expired", "no longer available", or the relay being unreachable.
 */
export type RelayErrorKind =
	| 'expired'
	| 'gone'
	| 'not-found'
	| 'too-large'
	| 'unavailable'
	| 'refused'
	/** The relay holds as much as it may (507): nothing to do but try later. */
	| 'full'
	/** This connection uploaded as much as the relay takes from one client in a day (429 on an upload). */
	| 'quota'
	/** A one-open link is being opened by someone else right now (409 on starting an open). */
	| 'busy';

export class ShareRelayError extends Error {
	constructor(
		readonly kind: RelayErrorKind,
		message: string
	) {
		super(message);
		this.name = 'ShareRelayError';
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
		throw new ShareRelayError('unavailable', 'the sharing service could not be reached');
	}
	if (response.ok) return response;
	const body = (await response.json().catch(() => ({}))) as { error?: string; reason?: string };
	if (response.status === 410) {
		throw new ShareRelayError(
			body.reason === 'expired' ? 'expired' : 'gone',
			body.reason ?? 'gone'
		);
	}
	if (response.status === 404) throw new ShareRelayError('not-found', 'no such share');
	if (response.status === 413)
		throw new ShareRelayError('too-large', 'the study is larger than the sharing service accepts');
	if (response.status === 507)
		throw new ShareRelayError('full', body.error ?? 'the sharing service is full right now');
	if (response.status === 429 && /shared a lot/.test(body.error ?? ''))
		throw new ShareRelayError('quota', body.error!);
	if (response.status === 429 || response.status >= 500) {
		throw new ShareRelayError(
			'unavailable',
			body.error ?? `the sharing service is busy (${response.status})`
		);
	}
	throw new ShareRelayError(
		'refused',
		body.error ?? `the sharing service answered ${response.status}`
	);
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
				if (!(error instanceof ShareRelayError && error.kind === 'unavailable') || attempt >= 3)
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
			if (error instanceof ShareRelayError && error.kind === 'refused')
				throw new ShareRelayError('busy', error.message);
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
			throw new ShareRelayError('unavailable', 'the sharing service did not resume the download');
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
