/**
 * The app's side of the relay (src/lib/server/relay/http.ts has the API). Errors carry what the recipient's page
 * says about them: "expired", "no longer available", or the relay being unreachable.
 */
export type RelayErrorKind =
	'expired' | 'gone' | 'not-found' | 'too-large' | 'unavailable' | 'refused';

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

	/** The ciphertext, as the recipient's real open (counted by the relay once fully served). */
	async open(
		id: string,
		signal?: AbortSignal
	): Promise<{ body: ReadableStream<Uint8Array>; size: number }> {
		const response = await call(`${this.base}/shares/${id}/blob`, {
			headers: { 'X-Radfolio-Open': '1' },
			signal
		});
		return { body: response.body!, size: Number(response.headers.get('content-length') ?? 0) };
	}
}
