import { expect, test, type CDPSession, type Locator } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * The viewer on a phone: real touch events (Chrome DevTools Protocol Input.dispatchTouchEvent) on a 360×740 touch
 * screen. One finger steps through the series, or pans once zoomed in; two fingers pinch to zoom; a double tap
 * resets the view.
 */
test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

type Point = { x: number; y: number };

class Touch {
	constructor(
		readonly cdp: CDPSession,
		readonly stage: Locator
	) {}

	/** A point of the stage, as fractions of its box, in page pixels. */
	async at(fx: number, fy: number): Promise<Point> {
		const box = (await this.stage.boundingBox())!;
		return { x: box.x + box.width * fx, y: box.y + box.height * fy };
	}

	async send(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]) {
		await this.cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id }))
		});
	}

	/** Fingers moving together from `from` to `to` in `steps` moves, then lifting. */
	async drag(from: Point[], to: Point[], steps = 10) {
		await this.send('touchStart', from);
		for (let i = 1; i <= steps; i++) {
			await this.send(
				'touchMove',
				from.map((p, k) => ({
					x: p.x + ((to[k]!.x - p.x) * i) / steps,
					y: p.y + ((to[k]!.y - p.y) * i) / steps
				}))
			);
		}
		await this.send('touchEnd', []);
	}

	async tap(point: Point) {
		await this.send('touchStart', [point]);
		await this.send('touchEnd', []);
	}
}

test('on a phone: a swipe steps through the slices, a pinch zooms, one finger then pans, a double tap resets', async ({
	page,
	context
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.importFolder(paths.cd);
	await app.entries.filter({ hasText: 'CT chest with contrast' }).getByRole('link').click();

	const viewer = page.getByRole('region', { name: 'Image viewer' });
	const stage = viewer.getByRole('slider');
	await expect(viewer.getByText('Image 3 / 5')).toBeVisible({ timeout: 30_000 });
	// The whole stage on screen: touches land where the finger is, not where the page was.
	const show = () => stage.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	await show();
	const touch = new Touch(await context.newCDPSession(page), stage);

	// One finger up: the next images; down: back.
	await touch.drag([await touch.at(0.5, 0.7)], [await touch.at(0.5, 0.55)]);
	await expect(stage).not.toHaveAttribute('aria-valuenow', '3');
	const after = Number(await stage.getAttribute('aria-valuenow'));
	expect(after).toBeGreaterThan(3);
	await expect(viewer.getByText(`Image ${after} / 5`)).toBeVisible();
	await touch.drag([await touch.at(0.5, 0.3)], [await touch.at(0.5, 0.8)]);
	await expect(viewer.getByText('Image 1 / 5')).toBeVisible();

	// Two fingers apart: zoomed in, about the point between them.
	await expect(viewer.getByText(/^Zoom \d+%$/)).toHaveCount(0);
	await touch.drag(
		[await touch.at(0.4, 0.5), await touch.at(0.6, 0.5)],
		[await touch.at(0.2, 0.5), await touch.at(0.8, 0.5)]
	);
	const zoom = viewer.getByText(/^Zoom \d+%$/);
	await expect(zoom).toBeVisible();
	const percent = Number((await zoom.innerText()).match(/\d+/)![0]);
	expect(percent).toBeGreaterThan(200);
	expect(percent).toBeLessThan(400);

	// Zoomed in, one finger pans: the picture moves, the slice stays.
	const before = (await stage.screenshot()).toString('base64');
	await touch.drag([await touch.at(0.5, 0.5)], [await touch.at(0.5, 0.3)]);
	await expect(viewer.getByText('Image 1 / 5')).toBeVisible();
	await expect.poll(async () => (await stage.screenshot()).toString('base64')).not.toBe(before);

	// A double tap: back to the fitted image.
	await touch.tap(await touch.at(0.5, 0.5));
	await touch.tap(await touch.at(0.5, 0.5));
	await expect(zoom).toHaveCount(0);
	await expect(viewer.getByText('Image 1 / 5')).toBeVisible();

	// The same pinch with the Window level tool selected: still a zoom.
	await viewer.getByRole('button', { name: 'Window level' }).click();
	await show();
	await touch.drag(
		[await touch.at(0.45, 0.5), await touch.at(0.55, 0.5)],
		[await touch.at(0.3, 0.5), await touch.at(0.7, 0.5)]
	);
	await expect(viewer.getByText(/^Zoom \d+%$/)).toBeVisible();
	// …while one finger is the tool's own: a drag sets the window.
	const windowText = viewer.getByText(/^W -?\d+ · L -?\d+$/);
	const window = await windowText.innerText();
	await touch.drag([await touch.at(0.4, 0.6)], [await touch.at(0.7, 0.4)]);
	await expect(windowText).not.toHaveText(window);
	await expect(viewer.getByText('Image 1 / 5')).toBeVisible();
});
