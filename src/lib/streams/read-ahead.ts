/**
 * Runs `read` over `items` with up to `depth` calls in flight and yields the results in the items' order. Reading a
 * series one file at a time leaves the crypto workers idle while IndexedDB answers and IndexedDB idle while they
 * decrypt; a few reads ahead keep both busy (bench P2) and hold at most `depth` decrypted files beyond the consumer.
 */
export async function* readAhead<T, R>(
	items: readonly T[],
	depth: number,
	read: (item: T) => Promise<R>
): AsyncGenerator<R> {
	const inFlight: Promise<R>[] = [];
	let next = 0;
	try {
		while (next < items.length || inFlight.length) {
			while (next < items.length && inFlight.length < depth) {
				const started = read(items[next++]!);
				// Kept from becoming an unhandled rejection if the consumer stops before reaching it.
				started.catch(() => {});
				inFlight.push(started);
			}
			yield await inFlight.shift()!;
		}
	} finally {
		inFlight.length = 0;
	}
}

/** How many files the viewer and exports read ahead: enough to keep two crypto workers and IndexedDB busy. */
export const READ_AHEAD = 4;
