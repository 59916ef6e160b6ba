import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { PASSPHRASE } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

const DOSE = join(import.meta.dirname, '../fixtures/dose');

test('a CT with its dose report shows a dose card, and the dose history a chart and a table', async ({
	page
}, testInfo) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	// A CT with its RDSR (one study), a cardiac fluoroscopy report, and a mammogram with a dose in its header.
	await app.importFiles(
		[
			'ct-image-with-rdsr.dcm',
			'ct-rdsr-ge-shape.dcm',
			'rf-rdsr-philips-shape.dcm',
			'mg-header-only.dcm'
		].map((f) => join(DOSE, f))
	);
	await app.entries.filter({ hasText: 'CT head and chest' }).getByRole('link').click();

	const card = page.getByRole('region', { name: 'Radiation dose', exact: true });
	// Head 812.5 mGy·cm × 0.0021 + chest 200 mGy·cm × 0.014 (AAPM Report 96, adult) = 4.5 mSv.
	await expect(card).toContainText('About 4.5 mSv', { timeout: 30_000 });
	await expect(card).toContainText('about 23 months of natural background radiation');
	await expect(card).toContainText('An estimate for a standard-sized patient');
	await expect(card).toContainText('From the study’s radiation dose report (RDSR).');
	await expect(card.getByRole('row', { name: /Head routine/ })).toContainText('813 mGy·cm');
	await expect(card.getByRole('row', { name: /Total DLP \(as reported\)/ })).toContainText(
		'1,013 mGy·cm'
	);
	await card.getByText('How this was estimated').click();
	await expect(card).toContainText('AAPM Report No. 96');
	await expect(card).toContainText('UNSCEAR 2008');

	// The dose report itself: its summary, and the structured text folded.
	const report = page.getByRole('region', { name: 'Report' });
	await expect(report.getByText('Full dose report')).toBeVisible();
	await expect(report.getByText('Mean CTDIvol:').first()).toBeHidden();
	await report.getByText('Full dose report').click();
	await expect(report.getByText('Mean CTDIvol:').first()).toBeVisible();
	await expectNoAxeViolations(page, 'the study page with its dose card');

	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await card.screenshot({ path: testInfo.outputPath(`dose-card-${width}.png`) });
	}

	// Back to the timeline in the app (a reload would lock the vault).
	await page.getByRole('link', { name: '← Imaging history' }).click();
	await page.getByRole('link', { name: 'Radiation dose over the years' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Radiation dose over the years');
	const chart = page.getByRole('img', { name: 'Estimated effective dose over the years' });
	await expect(chart).toBeVisible({ timeout: 30_000 });
	const rows = page.getByRole('table').getByRole('row');
	// Header + mammogram (2022) + CT (2023) + cardiac fluoroscopy (2024), oldest first.
	await expect(rows).toHaveCount(4);
	await expect(rows.nth(1)).toContainText('Mammogram');
	await expect(rows.nth(1)).toContainText('0.075 mSv');
	await expect(rows.nth(2)).toContainText('4.5 mSv');
	// 12.5 Gy·cm² on the heart × 0.21 (Vano et al.) = 2.6 mSv; running total 7.2 mSv.
	await expect(rows.nth(3)).toContainText('2.6 mSv');
	await expect(rows.nth(3)).toContainText('7.2 mSv');
	await expectNoAxeViolations(page, 'the dose history');

	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		// The page never scrolls sideways, even on a phone.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await page
			.getByRole('region', { name: 'Estimated effective dose', exact: true })
			.screenshot({ path: testInfo.outputPath(`dose-chart-${width}.png`) });
	}
	await expectNoAxeViolations(page, 'the dose history at 1280 px');
});
