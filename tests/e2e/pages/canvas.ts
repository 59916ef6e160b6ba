import type { Page } from '@playwright/test';

/** Share of the viewer's canvas pixels that are not black: a blank canvas is a failure even when all else passes. */
export async function litFraction(page: Page): Promise<number> {
	return page.evaluate(() => {
		const canvases = [
			...document.querySelectorAll('[aria-label="Image viewer"] canvas')
		] as HTMLCanvasElement[];
		let lit = 0;
		let total = 0;
		for (const canvas of canvases) {
			const ctx = canvas.getContext('2d');
			if (!ctx || !canvas.width || !canvas.height) continue;
			const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
			for (let i = 0; i < data.length; i += 4) {
				total++;
				if (data[i]! + data[i + 1]! + data[i + 2]! > 30) lit++;
			}
		}
		return total ? lit / total : 0;
	});
}
