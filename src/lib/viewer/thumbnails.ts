import { type StudyContent } from '$lib/study';
import { DwvViewer } from './dwv-viewer';
import { prepareForViewer } from './prepare';
import { openingInstance } from '$lib/study';

/**
 * A small picture of a series (its middle image, as the viewer renders it) for the Series list. Rendered off
 * screen, one at a time, and kept only in memory: thumbnails are patient data and are never stored in clear.
 */
let queue: Promise<unknown> = Promise.resolve();
let counter = 0;

export function renderThumbnail(
	content: StudyContent,
	seriesId: string,
	size = 96
): Promise<string | null> {
	const job = queue.then(() => render(content, seriesId, size)).catch(() => null);
	queue = job;
	return job;
}

async function render(
	content: StudyContent,
	seriesId: string,
	size: number
): Promise<string | null> {
	// The image the series opens on in the viewer.
	const pick = openingInstance(await content.listInstances(seriesId));
	if (!pick) return null;
	const data = await prepareForViewer(await content.readInstance(pick.id), pick.TransferSyntaxUID);
	const container = document.createElement('div');
	container.id = `radfolio-thumb-${counter++}`;
	// dwv needs a laid-out container with a real size; keep it out of sight and out of the accessibility tree.
	container.setAttribute('aria-hidden', 'true');
	container.style.cssText = 'position:fixed;left:-10000px;top:0;width:256px;height:256px;';
	document.body.append(container);
	const viewer = new DwvViewer(container.id, container, { onState: () => {} });
	try {
		await viewer.load([{ name: pick.fileName, data }], 15_000);
		const image = viewer.renderedImage();
		if (!image) return null;
		const full = document.createElement('canvas');
		full.width = image.width;
		full.height = image.height;
		full.getContext('2d')!.putImageData(image, 0, 0);
		const thumb = document.createElement('canvas');
		thumb.width = size;
		thumb.height = size;
		const ctx = thumb.getContext('2d')!;
		ctx.fillStyle = '#000';
		ctx.fillRect(0, 0, size, size);
		const scale = Math.min(size / image.width, size / image.height);
		const w = image.width * scale;
		const h = image.height * scale;
		ctx.drawImage(full, (size - w) / 2, (size - h) / 2, w, h);
		return thumb.toDataURL('image/png');
	} finally {
		viewer.destroy();
		container.remove();
	}
}
