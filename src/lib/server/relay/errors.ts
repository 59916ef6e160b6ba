export class RelayError extends Error {
	constructor(
		readonly status: 400 | 401 | 404 | 409 | 410 | 413,
		message: string
	) {
		super(message);
		this.name = 'RelayError';
	}
}
