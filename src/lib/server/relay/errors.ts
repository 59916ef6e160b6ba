export class RelayError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 416 | 429 | 507,
		message: string,
		/** Seconds a client should wait before trying again (429, 507). */
		readonly retryAfter?: number
	) {
		super(message);
		this.name = 'RelayError';
	}
}
