import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { COSTLY_KDF, costlyShareStream } from '../fixtures/costly-kdf';
import { asSharePart } from '../fixtures/share-header';
import { PASSPHRASE } from './fixtures';
import { RadfolioPage } from './pages/radfolio';

/**
 * Headers that ask for Argon2id at 4 GiB and 64 passes (docs/security-kdf.md): the page says why it refuses them,
 * at once, instead of freezing or losing the tab.
 */
const RELAY_DATA = 'tests/.generated/server-data';
const REFUSED_SHARE = 'asks for more memory to unlock than Radfolio allows';
/** Any 32-byte key in the fragment: the header is refused before the key is used. */
const KEY = 'A'.repeat(43);

/** A share of `bytes` made through the relay's API, as any client of it could. */
async function uploadShare(request: APIRequestContext, bytes: Uint8Array): Promise<string> {
	const created = await request.post('/api/relay/shares', {
		data: { expiresInSeconds: 3600, maxOpens: null }
	});
	expect(created.status()).toBe(201);
	const { id, ownerToken } = (await created.json()) as { id: string; ownerToken: string };
	const auth = { Authorization: `Bearer ${ownerToken}` };
	const put = await request.put(`/api/relay/shares/${id}/parts/0`, {
		headers: { ...auth, 'Content-Type': 'application/octet-stream' },
		data: Buffer.from(bytes)
	});
	expect(put.ok()).toBe(true);
	expect((await request.post(`/api/relay/shares/${id}/complete`, { headers: auth })).ok()).toBe(
		true
	);
	return id;
}

test('a shared study whose header asks for 4 GiB and 64 passes is refused on its page, saying why', async ({
	browser,
	request
}) => {
	const crafted = costlyShareStream();
	// The relay itself refuses such a header at upload (it reads part 0's header with the same rule)…
	const refused = await request.post('/api/relay/shares', {
		data: { expiresInSeconds: 3600, maxOpens: null }
	});
	const { id: refusedId, ownerToken } = (await refused.json()) as {
		id: string;
		ownerToken: string;
	};
	const put = await request.put(`/api/relay/shares/${refusedId}/parts/0`, {
		headers: { Authorization: `Bearer ${ownerToken}`, 'Content-Type': 'application/octet-stream' },
		data: Buffer.from(crafted)
	});
	expect(put.status()).toBe(400);

	// …so it stands for a relay that is not this one, or one whose storage was changed: the stored part gets the
	// crafted header after upload.
	const id = await uploadShare(request, asSharePart(crafted));
	const part = join(RELAY_DATA, 'blobs', id, '0');
	const stored = readFileSync(part);
	stored.set(crafted.subarray(0, 54));
	writeFileSync(part, stored);

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`/s/${id}#${KEY}`);
	await page.getByRole('button', { name: 'Open shared study' }).click();
	await expect(page.getByRole('alert')).toContainText(REFUSED_SHARE, { timeout: 5_000 });
	await expect(page.getByRole('alert')).toContainText('not made by Radfolio, or it was altered');
	// Not asked for a passphrase it would then spend minutes on, and nothing shown.
	await expect(page.getByLabel('Passphrase')).toHaveCount(0);
	await expect(page.getByRole('region', { name: 'Image viewer' })).toHaveCount(0);
	// The page still answers straight away.
	expect(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(true))))).toBe(
		true
	);
	await context.close();
});

test('the same share saved as a file is refused the same way, in Spanish too', async ({
	browser,
	request
}) => {
	// A harmless share for the landing page; the file the recipient picks is the crafted one.
	const id = await uploadShare(request, asSharePart(new Uint8Array(4096)));
	const context = await browser.newContext({ locale: 'es-ES' });
	const page = await context.newPage();
	await page.goto(`/s/${id}#${KEY}`);
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Abrir un archivo guardado' }).click();
	await (
		await chooser
	).setFiles({
		name: 'study.rfshare',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from(costlyShareStream({ ...COSTLY_KDF }))
	});
	await expect(page.getByRole('alert')).toContainText(
		'pide más memoria para abrirse de la que Radfolio permite',
		{ timeout: 5_000 }
	);
	await context.close();
});

test('a backup whose header asks for 4 GiB and 64 passes is refused as it is picked, saying why', async ({
	browser
}) => {
	const header = new TextEncoder().encode(
		JSON.stringify({
			headerV: 1,
			kdf: COSTLY_KDF,
			salt: 'AAAAAAAAAAAAAAAAAAAAAA',
			wrappedKey: 'AAAA',
			createdAt: '2026-01-01'
		})
	);
	const file = Buffer.alloc(13 + header.length + 64);
	file.write('RFBACKUP', 0, 'latin1');
	file[8] = 1;
	file.writeUInt32BE(header.length, 9);
	file.set(header, 13);

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Restore backup' }).click();
	await (
		await chooser
	).setFiles({ name: 'vault.rfbackup', mimeType: 'application/octet-stream', buffer: file });
	await expect(page.getByRole('alert')).toContainText(
		'This vault asks for more memory to unlock than Radfolio allows',
		{ timeout: 5_000 }
	);
	await expect(page.getByLabel('Backup passphrase')).toHaveCount(0);
	await context.close();
});

test('a vault whose stored header asks for 4 GiB and 64 passes says so at unlock, without freezing', async ({
	page
}) => {
	const app = await RadfolioPage.withNewVault(page, PASSPHRASE);
	await app.lockButton.click();
	// What a restore by an older Radfolio (which took up to 4 GiB) or a change outside the app could leave behind.
	const changed = await page.evaluate(async (kdf) => {
		let count = 0;
		for (const { name } of await indexedDB.databases()) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(name!);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			if (db.objectStoreNames.contains('meta')) {
				const store = db.transaction('meta', 'readwrite').objectStore('meta');
				const header = await new Promise<Record<string, unknown> | undefined>((resolve) => {
					const get = store.get('header');
					get.onsuccess = () => resolve(get.result as Record<string, unknown> | undefined);
				});
				if (header) {
					store.put({ ...header, kdf });
					count++;
				}
			}
			db.close();
		}
		return count;
	}, COSTLY_KDF);
	expect(changed).toBe(1);
	await page.reload();
	await app.unlock(PASSPHRASE);
	await expect(page.getByRole('alert')).toContainText(
		'This vault asks for more memory to unlock than Radfolio allows',
		{ timeout: 5_000 }
	);
	await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
});

/** Starts a timer loop on the page's thread; resolves to a reader of its ticks and longest pause between them. */
async function watchMainThread(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { gap: number; ticks: number };
		w.gap = 0;
		w.ticks = 0;
		let last = performance.now();
		const tick = () => {
			const now = performance.now();
			w.gap = Math.max(w.gap, now - last);
			w.ticks++;
			last = now;
			setTimeout(tick, 0);
		};
		setTimeout(tick, 0);
	});
	return () =>
		page.evaluate(() => {
			const { gap, ticks } = window as unknown as { gap: number; ticks: number };
			return { gap, ticks };
		});
}

/** Creates a vault (DEFAULT_KDF: 64 MiB, 3 passes), locks it, and unlocks it while watching the page's thread. */
async function unlockWatched(page: Page) {
	const app = new RadfolioPage(page);
	await app.open();
	await app.createVault(PASSPHRASE);
	await app.lockButton.click();
	await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
	const read = await watchMainThread(page);
	await app.unlock(PASSPHRASE);
	// Exact: "Unlock" would match a plain 'Lock' and end the watch before the derivation.
	await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({
		timeout: 30_000
	});
	const { gap, ticks } = await read();
	// Argon2id's own time in this unlock (the last derivation; creating the vault derived too).
	const derivation = await page.evaluate(
		() => performance.getEntriesByName('radfolio:argon2id').at(-1)?.duration ?? 0
	);
	console.log(
		`unlock: ${ticks} ticks on the page's thread, longest pause ${Math.round(gap)} ms, Argon2id ${Math.round(derivation)} ms`
	);
	expect(ticks).toBeGreaterThan(10);
	return { gap, derivation };
}

test('the built app derives in its KDF worker under the strict CSP, and the page keeps drawing meanwhile', async ({
	page,
	browser
}) => {
	const workers: string[] = [];
	page.on('worker', (worker) => workers.push(worker.url()));
	const blocked: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
	});
	const { gap } = await unlockWatched(page);
	expect(workers.filter((url) => /kdf\.worker/.test(url)).length).toBeGreaterThanOrEqual(2);
	expect(blocked).toEqual([]);
	// Rendering the unlocked history takes frames of its own; Argon2id's ~0.5 s must not show as one long pause.
	expect(gap).toBeLessThan(250);

	// The control: where the KDF worker cannot start, the same unlock falls back to the page's thread, still
	// works, and the pause is there to see: the derivation's own time, however fast this machine derives (a fixed
	// figure failed on a machine that derives 64 MiB in 0.23 s).
	const context = await browser.newContext();
	const inThread = await context.newPage();
	await inThread.addInitScript(() => {
		const Real = window.Worker;
		window.Worker = class extends Real {
			constructor(url: string | URL, options?: WorkerOptions) {
				if (String(url).includes('kdf.worker')) throw new Error('no KDF worker here');
				super(url, options);
			}
		};
	});
	const control = await unlockWatched(inThread);
	expect(control.derivation).toBeGreaterThan(50);
	expect(control.gap).toBeGreaterThan(0.8 * control.derivation);
	expect(control.gap).toBeGreaterThan(gap);
	await context.close();
});
