import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Fails with the rule and the elements of every axe-core violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page, where: string) {
	const results = await new AxeBuilder({ page }).analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`
	);
	expect(summary, `axe violations on ${where}`).toEqual([]);
}
