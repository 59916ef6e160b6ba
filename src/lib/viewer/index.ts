// The viewer: the only importer of dwv. Load it with import('$lib/viewer') so the timeline never pays for dwv.
export { default as ImageViewer } from './ImageViewer.svelte';
export { default as ReportView } from './ReportView.svelte';
export { renderThumbnail } from './thumbnails';
export { ViewerError, viewerProblem, type ViewerErrorCode, type ViewerProblem } from './errors';
