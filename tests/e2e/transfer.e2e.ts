import { expect, test, type Page } from '@playwright/test';
import { PASSPHRASE, paths } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

const NEW_PASSPHRASE = 'the phone has its own passphrase';

/**
 * "Add a device": the old device shows a link, the new one (a fresh browser) opens it and picks its own passphrase,
 * both show the same code, the patient confirms on the old device with their passphrase, and the new device ends
 * with the same history, opening under its own passphrase.
 */
test('a vault moves to a new device, end-to-end encrypted, under the new device’s own passphrase', async ({
	page,
	browser
}) => {
	const old = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await old.importFolder(paths.cd);
	const count = await old.entries.count();
	expect(count).toBeGreaterThan(0);

	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Add a device' }).click();
	const link = await page.getByRole('textbox', { name: 'Link for your new device' }).inputValue();
	expect(link).toMatch(/\/transfer#v=2&m=[\w-]{22}&k=[\w-]{43}$/);
	await expect(page.getByRole('img', { name: 'QR code' })).toBeVisible();

	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	// The vault in transit is a one-open share: the new device downloads it under an open it then spends.
	const transit: string[] = [];
	phone.on('response', (r) => {
		const opened = /\/api\/relay\/shares\/([\w-]{22})\/opened$/.exec(r.url());
		if (opened && r.status() === 204) transit.push(opened[1]!);
	});
	await phone.goto(link);
	await expect(phone.getByRole('heading', { name: 'Receive your vault' })).toBeVisible();
	expect(phone.url()).not.toContain('#'); // the one-time link leaves the address bar
	await phone.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
	await phone.getByLabel('Confirm passphrase').fill(NEW_PASSPHRASE);
	await phone.getByRole('button', { name: 'Continue' }).click();

	// Both screens show the same six digits.
	const codeOn = async (p: typeof page) =>
		(await p.getByLabel(/^Confirmation code/).getAttribute('aria-label'))!.replace(
			'Confirmation code ',
			''
		);
	await expect(phone.getByLabel(/^Confirmation code/)).toBeVisible({ timeout: 30_000 });
	await expect(page.getByLabel(/^Confirmation code/)).toBeVisible({ timeout: 30_000 });
	const code = await codeOn(phone);
	expect(code).toMatch(/^\d{3} \d{3}$/);
	expect(await codeOn(page)).toBe(code);

	// A wrong passphrase sends nothing; the right one sends everything.
	await page.getByLabel('Your passphrase').fill('not my passphrase');
	await page.getByRole('button', { name: 'Codes match: send my vault' }).click();
	await expect(page.getByRole('alert')).toContainText('Wrong passphrase. Nothing was sent.');
	await page.getByLabel('Your passphrase').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Codes match: send my vault' }).click();

	await expectBothDevicesDone(page, phone);
	await expectMailboxEnded(page, link);
	// Nothing of the vault is left on the relay: its one open is spent, its ciphertext gone.
	expect(transit).toHaveLength(1);
	const share = await page.request.get(`/api/relay/shares/${transit[0]}`);
	expect(share.status()).toBe(410);
	expect(await share.json()).toMatchObject({ reason: 'used' });
	const fresh = new RadfolioPage(phone);
	await expect(fresh.entries).toHaveCount(count);

	// On the new device, its own passphrase opens the vault; the old one does not.
	await phone.reload();
	await fresh.unlock(PASSPHRASE);
	await expect(phone.getByRole('alert')).toContainText('Wrong passphrase');
	await fresh.unlock(NEW_PASSPHRASE);
	await expect(fresh.entries).toHaveCount(count);
	await phoneContext.close();

	// The old device keeps its own copy.
	await page.getByRole('link', { name: 'History', exact: true }).click();
	await expect(old.entries).toHaveCount(count);
});

test('the vault can go across as a file instead, which only the paired new device opens', async ({
	page,
	browser
}, testInfo) => {
	const old = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await old.importFolder(paths.cd);
	const count = await old.entries.count();
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Add a device' }).click();
	const link = await page.getByRole('textbox', { name: 'Link for your new device' }).inputValue();

	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	await phone.goto(link);
	await phone.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
	await phone.getByLabel('Confirm passphrase').fill(NEW_PASSPHRASE);
	await phone.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByLabel(/^Confirmation code/)).toBeVisible({ timeout: 30_000 });

	await page.getByLabel('Your passphrase').fill(PASSPHRASE);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save as a file instead' }).click();
	const file = testInfo.outputPath('for-my-new-device.rftransfer');
	await (await download).saveAs(file);

	const chooser = phone.waitForEvent('filechooser');
	await phone.getByRole('button', { name: 'Open the transfer file' }).click({ timeout: 30_000 });
	await (await chooser).setFiles(file);
	await expectBothDevicesDone(page, phone);
	await expectMailboxEnded(page, link);
	await expect(new RadfolioPage(phone).entries).toHaveCount(count);
	await phoneContext.close();
});

test('a device link opened where a vault already exists, or cut short, says so and changes nothing', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await page.goto('/transfer#v=2&m=AAAAAAAAAAAAAAAAAAAAAA&k=AAAA');
	await expect(page.getByRole('alert')).toContainText('not a Radfolio device link');
	// A whole link of the first version (pairing v1, retired) is not read either.
	await page.goto('/settings');
	await page.goto('/transfer#v=1&m=AAAAAAAAAAAAAAAAAAAAAA&k=' + 'A'.repeat(43));
	await expect(page.getByRole('alert')).toContainText('not a Radfolio device link');
	await page.goto('/settings');
	await page.goto('/transfer#v=2&m=AAAAAAAAAAAAAAAAAAAAAA&k=' + 'A'.repeat(43));
	await expect(page.getByRole('alert')).toContainText('already has a Radfolio vault');
	await page.getByRole('link', { name: 'Go to your imaging history' }).click();
	await app.unlock(PASSPHRASE);
	await expect(app.lockButton).toBeVisible();
});

/** The new device says everything arrived, the old one that the new one has it; the new one opens its history. */
async function expectBothDevicesDone(old: Page, phone: Page) {
	await expect(phone.getByRole('status').filter({ hasText: 'Everything arrived' })).toBeVisible({
		timeout: 60_000
	});
	await expect(
		old.getByRole('status').filter({ hasText: 'Your new device has everything now' })
	).toBeVisible({ timeout: 30_000 });
	await phone.getByRole('link', { name: 'Open your imaging history' }).click();
}

/**
 * Once done, the old device ended the mailbox (only its owner token can): nothing of the pairing is left on the relay
 * for whoever saw the link.
 */
async function expectMailboxEnded(old: Page, link: string) {
	const mailbox = /[#&]m=([\w-]{22})/.exec(link)![1]!;
	for (const slot of ['answer', 'offer', 'done']) {
		const left = await old.request.get(`/api/relay/mailboxes/${mailbox}/${slot}`);
		expect(left.status(), slot).toBe(404);
		expect(await left.json()).toEqual({ error: 'no such mailbox', code: 'no-mailbox' });
	}
}
