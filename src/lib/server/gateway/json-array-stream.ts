/**
 * Filters a JSON array as it streams: each top-level element is parsed on its own, passed to `map` (which may
 * drop it by returning null) and written back out, so a QIDO result or a study's metadata of any length crosses
 * the gateway one element at a time, never whole. Malformed JSON, or one element over `maxElementChars`, errors
 * the stream (the client sees a cut response, never a partial element).
 */
export function filterJsonArray(
	map: (element: unknown) => unknown | null | Promise<unknown | null>,
	maxElementChars = 16 * 1024 * 1024
): TransformStream<Uint8Array, Uint8Array> {
	const decoder = new TextDecoder();
	const encoder = new TextEncoder();
	let started = false;
	let ended = false;
	let depth = 0;
	let inString = false;
	let escaped = false;
	let element = '';
	let written = 0;
	let afterComma = false;

	const emit = async (
		texts: string[],
		controller: TransformStreamDefaultController<Uint8Array>
	) => {
		for (const text of texts) {
			const mapped = await map(JSON.parse(text));
			if (mapped === null || mapped === undefined) continue;
			controller.enqueue(encoder.encode((written++ ? ',' : '[') + JSON.stringify(mapped)));
		}
	};

	/** Splits the text into complete elements (returned) and keeps the unfinished one. */
	const scan = (text: string): string[] => {
		const complete: string[] = [];
		let start = 0;
		for (let i = 0; i < text.length; i++) {
			const c = text[i]!;
			if (!started) {
				if (c === '[') {
					started = true;
					depth = 1;
					start = i + 1;
				} else if (!/\s/.test(c)) throw new Error('not a JSON array');
				continue;
			}
			if (ended) {
				if (!/\s/.test(c)) throw new Error('data after the JSON array');
				continue;
			}
			if (inString) {
				if (escaped) escaped = false;
				else if (c === '\\') escaped = true;
				else if (c === '"') inString = false;
				continue;
			}
			if (c === '"') inString = true;
			else if (c === '{' || c === '[') depth++;
			else if (c === '}' || c === ']') {
				depth--;
				if (depth === 0) {
					element += text.slice(start, i);
					if (element.trim()) complete.push(element);
					else if (afterComma) throw new Error('empty JSON array element');
					element = '';
					ended = true;
				}
			} else if (c === ',' && depth === 1) {
				element += text.slice(start, i);
				if (!element.trim()) throw new Error('empty JSON array element');
				complete.push(element);
				afterComma = true;
				element = '';
				start = i + 1;
			}
		}
		if (started && !ended) {
			element += text.slice(start);
			if (element.length > maxElementChars) throw new Error('JSON array element too large');
		}
		return complete;
	};

	return new TransformStream({
		async transform(chunk, controller) {
			await emit(scan(decoder.decode(chunk, { stream: true })), controller);
		},
		async flush(controller) {
			await emit(scan(decoder.decode()), controller);
			if (!ended) throw new Error('the JSON array ended early');
			controller.enqueue(encoder.encode(written ? ']' : '[]'));
		}
	});
}
