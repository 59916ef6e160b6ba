import {
	MultipartParseError,
	getMultipartBoundary,
	parseMultipartStream
} from '@remix-run/multipart-parser';

/** One instance may be up to the import pipeline's own limit (1 GiB); a study may have any number of them. */
const LIMITS = {
	maxHeaderSize: 16 * 1024,
	maxFileSize: 1024 * 1024 * 1024,
	maxParts: 1_000_000,
	maxTotalSize: Number.MAX_SAFE_INTEGER
};

/**
 * A WADO-RS answer that is not the multipart of DICOM parts it should be: `not-multipart` (another content type, no
 * boundary, no body, a part of another type) or `malformed` (cut short or broken framing). `detail` says what was
 * found. The archive client reports either as a transfer cut off (the sync resumes later).
 */
export type MultipartErrorCode = 'not-multipart' | 'malformed';

export class MultipartError extends Error {
	constructor(
		readonly code: MultipartErrorCode,
		readonly detail: string
	) {
		super(`${code}: ${detail}`);
		this.name = 'MultipartError';
	}
}

/**
 * The DICOM files of a WADO-RS `multipart/related; type="application/dicom"` response, one at a time as each
 * part completes, so a study of any size never sits whole in memory. A response cut short yields every part
 * that arrived complete and then throws (a part is only yielded once its closing boundary was seen).
 */
export async function* dicomParts(response: Response): AsyncGenerator<Uint8Array> {
	const type = response.headers.get('content-type') ?? '';
	if (!/^multipart\/related\b/i.test(type)) {
		throw new MultipartError(
			'not-multipart',
			`expected multipart/related, got ${type.split(';')[0] || 'nothing'}`
		);
	}
	const boundary = getMultipartBoundary(type);
	if (!boundary)
		throw new MultipartError('not-multipart', 'the multipart response names no boundary');
	if (!response.body) throw new MultipartError('not-multipart', 'the response has no body');
	try {
		const body = response.body.pipeThrough(skipPreamble(boundary));
		for await (const part of parseMultipartStream(body, { boundary, ...LIMITS })) {
			const media = (part.mediaType ?? 'application/dicom').toLowerCase();
			if (media !== 'application/dicom') {
				throw new MultipartError('not-multipart', `a part is ${media}, not application/dicom`);
			}
			yield part.bytes;
		}
	} catch (error) {
		// The parser only reaches "end of stream" after the closing boundary, so every part was yielded: an
		// epilogue that arrives in its own chunk (it may) is no error.
		if (error instanceof MultipartParseError && /after end of stream/.test(error.message)) return;
		if (error instanceof MultipartParseError) throw new MultipartError('malformed', error.message);
		throw error;
	}
}

/**
 * RFC 2046 allows text before the first boundary (a "preamble"); the parser wants the boundary first. Drops
 * everything before the first `--boundary`, looking at no more than 64 KiB.
 */
function skipPreamble(boundary: string): TransformStream<Uint8Array, Uint8Array> {
	const marker = new TextEncoder().encode(`--${boundary}`);
	let head: Uint8Array | null = new Uint8Array(0);
	return new TransformStream({
		transform(chunk, controller) {
			if (!head) return controller.enqueue(chunk);
			const joined = new Uint8Array(head.length + chunk.length);
			joined.set(head);
			joined.set(chunk, head.length);
			const at = indexOf(joined, marker);
			if (at >= 0) {
				head = null;
				controller.enqueue(joined.subarray(at));
			} else if (joined.length > 64 * 1024) {
				throw new MultipartError('malformed', 'no multipart boundary in the first 64 KiB');
			} else head = joined;
		},
		flush(controller) {
			if (head?.length) controller.enqueue(head); // let the parser name the problem
		}
	});
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
	const first = needle[0]!;
	for (
		let i = haystack.indexOf(first);
		i >= 0 && i <= haystack.length - needle.length;
		i = haystack.indexOf(first, i + 1)
	) {
		let j = 1;
		while (j < needle.length && haystack[i + j] === needle[j]) j++;
		if (j === needle.length) return i;
	}
	return -1;
}
