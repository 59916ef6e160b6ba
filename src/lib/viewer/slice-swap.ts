import { createImage, DicomParser, type Image } from 'dwv';
import { greyPaintable } from './grey-paint';

/**
 * One slice's pixels as a dwv Image, made here (not by a dwv load) so the viewer can put it in place of the image on
 * screen: `app.setImage()` on the one dataset the viewer keeps, with its view, layers, window and zoom as they are.
 *
 * Why not a dwv load per slice: dwv 0.36.4 never lets go of a load. Each one adds a view layer whose `onimageset`
 * listener stays on the app's data controller for the app's life (nothing removes it, not reset(), not
 * abortLoad()), and that layer holds its view and its image: measured, page memory after a full GC grew ~1.3 MiB
 * per slice shown (a 512² CT slice decoded plus its RGBA canvas data), 21 → 226 MiB over ~180 steps. A swapped
 * image is held only by the dataset (and retains the app through its own listeners, not the other way round), so
 * the slice before it is garbage as soon as it leaves the screen. Measured on the same scroll: flat.
 *
 * Only native (uncompressed) pixels are swapped: the files the viewer gets are prepared (prepare.ts transcodes
 * every compressed syntax it can decode into native pixels); dwv decodes the rest (RLE) in its own workers, which
 * takes a load. Null then, and for anything dwv's parser or image factory refuses: the caller loads that file.
 */
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

export function sliceImage(data: ArrayBuffer): Image | null {
	try {
		const parser = new DicomParser();
		parser.parse(data);
		const elements = parser.getDicomElements();
		const syntax = String(elements['00020010']?.value?.[0] ?? '')
			.replace(/\0/g, '')
			.trim();
		if (!NATIVE.has(syntax) || !elements['7FE00010']) return null;
		// One frame: a multi-frame file is a stack of its own (its frames are scrolled by dwv).
		const frames = Number(elements['00280008']?.value?.[0] ?? 1);
		if (frames > 1) return null;
		return createImage(elements);
	} catch {
		return null;
	}
}

/**
 * Whether `next` can take `current`'s place under the same view: the same pixel grid, orientation and spacing (so
 * zoom, pan and measurements keep their meaning), the same kind of values (the view's lookup tables are built for
 * them) and the same colour model. Their positions along the scroll axis differ, as slices' do.
 *
 * And the same rescale, unless grey-paint.ts paints the slice: dwv keeps the window table it built for the first
 * image's rescale across setImage(), so a slice with its own slope (PET) would show through the first one's.
 */
export function canSwap(current: Image, next: Image): boolean {
	const a = current.getGeometry();
	const b = next.getGeometry();
	return (
		(current.getRescaleSlopeAndIntercept().equals(next.getRescaleSlopeAndIntercept()) ||
			greyPaintable(next)) &&
		a.getSize().equals(b.getSize()) &&
		a.getSpacing().equals(b.getSpacing()) &&
		a.getOrientation().equals(b.getOrientation()) &&
		current.getNumberOfComponents() === next.getNumberOfComponents() &&
		current.getPhotometricInterpretation() === next.getPhotometricInterpretation() &&
		current.getBuffer().constructor === next.getBuffer().constructor
	);
}
