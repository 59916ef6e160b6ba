import type { NotDisplayableCode } from '$lib/dicom';
import { t, type Message } from '$lib/i18n';
import type { ViewerErrorCode, ViewerProblem } from '$lib/viewer';

/** Why an image is not shown, as the end of "This image can't be displayed: …". */
const REASONS: Record<NotDisplayableCode | ViewerErrorCode, Message> = {
	report: 'it is a report, shown as a document',
	'private-pixels': "its pixels are in a vendor's private format",
	'no-image': 'it holds no image (for example a plan or a waveform)',
	'no-decoder': 'its compression ({name}) has no decoder in this version of Radfolio',
	'no-size': 'its image size is missing',
	'too-large': 'it is too large to decode safely on this device',
	segmentation: 'it is a segmentation, drawn over another series, not an image of its own',
	'empty-series': 'this series has no images',
	'not-built': 'the viewer could not build an image from this file',
	stopped: 'loading was stopped',
	timeout: 'decoding took too long; the file may be damaged',
	'unreadable-header':
		'the viewer could not read this file: a header value it needs is not in the form it expects',
	undrawable:
		'the viewer could not draw this image: a header value it needs is not in the form it expects',
	'dwv-error': 'the viewer could not read this file',
	'decode-failed': 'its image data could not be decoded',
	'decode-stalled': 'decoding took too long, so it was stopped'
};

/**
 * A viewer problem in words: the reason for its code, then what the decoder said (technical, as it said it) in
 * parentheses, for the curious and for bug reports.
 */
export function viewerProblemText(problem: ViewerProblem): string {
	const words = t(REASONS[problem.code], {
		name: ('compression' in problem && problem.compression) || ''
	});
	const detail = 'detail' in problem ? problem.detail : '';
	return detail ? `${words} (${detail})` : words;
}
