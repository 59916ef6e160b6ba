import { expect, test, type Page } from '@playwright/test';
import { PASSPHRASE } from '../e2e/fixtures';
import { RadfolioPage } from '../e2e/pages/radfolio';
import { SECURITY_SCALE, randomKey, relayDb } from './helpers';

/**
 * Finding 1 — "Add a device can be hijacked". The attacks, on the real server and the real app: someone holding
 * the transfer link tries to end the mailbox, swap the new device's key or leave an offer; the relay's operator
 * swaps the key in its own database once both screens agree. Neither gets the vault.
 */
const codeOn = async (p: Page) =>
	(await p.getByLabel(/^Confirmation code/).getAttribute('aria-label'))!.replace(
		'Confirmation code ',
		''
	);

async function pair(page: Page, phone: Page) {
	await RadfolioPage.withNewVault(page, PASSPHRASE);
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Add a device' }).click();
	const linkBox = page.getByRole('textbox', { name: 'Link for your new device' });
	await expect(linkBox).toHaveValue(/\/transfer#v=2&m=[\w-]{22}&k=[\w-]{43}$/);
	const link = await linkBox.inputValue();
	const mailbox = /[#&]m=([\w-]{22})/.exec(link)![1]!;
	await phone.goto(link);
	await phone.getByLabel('Passphrase', { exact: true }).fill('a passphrase for the phone');
	await phone.getByLabel('Confirm passphrase').fill('a passphrase for the phone');
	await phone.getByRole('button', { name: 'Continue' }).click();
	await expect(phone.getByLabel(/^Confirmation code/)).toBeVisible({ timeout: 30_000 });
	await expect(page.getByLabel(/^Confirmation code/)).toBeVisible({ timeout: 30_000 });
	return { mailbox, link };
}

test('a link holder can neither end the mailbox, nor swap the answer, nor leave an offer or a “done”', async ({
	page,
	browser,
	request
}) => {
	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	const { mailbox } = await pair(page, phone);
	const code = await codeOn(phone);
	expect(await codeOn(page)).toBe(code);
	const url = `/api/relay/mailboxes/${mailbox}`;
	for (let i = 0; i < SECURITY_SCALE; i++) {
		const forged = { Authorization: `Bearer ${randomKey().toString('base64url')}` };
		expect((await request.delete(url)).status()).toBe(401);
		expect((await request.delete(url, { headers: forged })).status()).toBe(401);
		expect((await request.put(`${url}/answer`, { data: randomKey() })).status()).toBe(409);
		expect((await request.put(`${url}/offer`, { data: randomKey(200) })).status()).toBe(401);
		expect(
			(await request.put(`${url}/offer`, { data: randomKey(200), headers: forged })).status()
		).toBe(401);
		expect((await request.put(`${url}/done`, { data: randomKey(200) })).status()).toBe(401);
	}
	// The real pair is untouched and goes through.
	await page.getByLabel('Your passphrase').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Codes match: send my vault' }).click();
	await expect(phone.getByRole('status').filter({ hasText: 'Everything arrived' })).toBeVisible({
		timeout: 60_000
	});
	await phoneContext.close();
});

test('the relay’s operator swaps the new device’s key after the codes matched: the old device sends nothing', async ({
	page,
	browser
}) => {
	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	const { mailbox } = await pair(page, phone);
	expect(await codeOn(page)).toBe(await codeOn(phone));
	const db = relayDb();
	try {
		const sharesBefore = (db.prepare('SELECT COUNT(*) AS n FROM shares').get() as { n: number }).n;
		db.prepare(`UPDATE mailbox_slots SET body = ? WHERE id = ? AND slot = 'answer'`).run(
			randomKey(),
			mailbox
		);
		await page.getByLabel('Your passphrase').fill(PASSPHRASE);
		await page.getByRole('button', { name: 'Codes match: send my vault' }).click();
		await expect(page.getByRole('alert')).toContainText('The pairing was changed on the way');
		// Nothing left the device: no offer (the sealed master key), no vault upload.
		expect(
			db.prepare(`SELECT slot FROM mailbox_slots WHERE id = ? AND slot = 'offer'`).get(mailbox)
		).toBeUndefined();
		expect((db.prepare('SELECT COUNT(*) AS n FROM shares').get() as { n: number }).n).toBe(
			sharesBefore
		);
	} finally {
		db.close();
		await phoneContext.close();
	}
});
