/** A ReadableStream as an async iterable of its chunks (Chromium iterates streams itself; WebKit does not yet). */
export async function* chunksOf<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
	const reader = stream.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			yield value;
		}
	} finally {
		reader.releaseLock();
	}
}
