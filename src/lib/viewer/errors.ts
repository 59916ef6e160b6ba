import type { NotDisplayable } from '$lib/dicom';

/**
 * Why the viewer could not show an image, as a code ($lib/messages has the words). `detail` carries what a
 * decoder or dwv reported, for the curious and for bug reports; it is technical and stays as it was said.
 */
export type ViewerErrorCode =
	| 'empty-series' // no file of the series is one the viewer shows
	| 'not-built' // dwv finished loading but produced no view
	| 'stopped' // the load was aborted
	| 'timeout' // dwv did not finish within its time
	| 'unreadable-header' // dwv threw while reading: a header value not in the form it expects
	| 'undrawable' // dwv threw while drawing
	| 'dwv-error' // dwv reported an error of its own (detail)
	| 'decode-failed' // a codec could not decode the pixels (detail)
	| 'decode-stalled'; // decoding did not finish in time; its worker was stopped (detail says where)

export class ViewerError extends Error {
	constructor(
		readonly code: ViewerErrorCode,
		readonly detail = '',
		options?: { cause?: unknown }
	) {
		// The message is the detail when there is one, so logs and tests read what the decoder said.
		super(detail || code, options);
		this.name = 'ViewerError';
	}
}

/** Why one file, or a whole series, is not shown: the header's verdict or the viewer's. */
export type ViewerProblem = NotDisplayable | { code: ViewerErrorCode; detail?: string };

/** The problem an error thrown while showing a series stands for. */
export function viewerProblem(error: unknown): ViewerProblem {
	if (error instanceof ViewerError) return { code: error.code, detail: error.detail };
	return { code: 'decode-failed', detail: error instanceof Error ? error.message : String(error) };
}
