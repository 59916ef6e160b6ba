import { expect, type Page } from '@playwright/test';

/** The app as a patient meets it, by the accessible names in docs/UI-CONTRACT.md. */
export class RadfolioPage {
	constructor(readonly page: Page) {}

	/** A new patient: opens the app in this (fresh) profile and creates a vault. */
	static async withNewVault(page: Page, passphrase: string): Promise<RadfolioPage> {
		const app = new RadfolioPage(page);
		await app.open();
		await app.createVault(passphrase);
		return app;
	}

	async open(path = '/') {
		await this.page.goto(path);
	}

	async createVault(passphrase: string) {
		await expect(this.page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
		await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
		await this.page.getByLabel('Confirm passphrase').fill(passphrase);
		await this.page.getByRole('button', { name: 'Create vault' }).click();
		await expect(this.lockButton).toBeVisible({ timeout: 30_000 });
	}

	async unlock(passphrase: string) {
		await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
		await this.page.getByRole('button', { name: 'Unlock' }).click();
	}

	get lockButton() {
		return this.page.getByRole('button', { name: 'Lock' });
	}

	get history() {
		return this.page.getByRole('list', { name: 'Imaging history' });
	}

	get entries() {
		return this.history.getByRole('listitem');
	}

	get importStatus() {
		return this.page.getByRole('status').filter({ hasText: /Imported \d+/ });
	}

	async importFolder(path: string) {
		const chooser = this.page.waitForEvent('filechooser');
		await this.page.getByRole('button', { name: 'Import folder' }).click();
		await (await chooser).setFiles(path);
		await this.waitForImport();
	}

	async importFiles(paths: string[]) {
		const chooser = this.page.waitForEvent('filechooser');
		await this.page.getByRole('button', { name: 'Import files' }).click();
		await (await chooser).setFiles(paths);
		await this.waitForImport();
	}

	async waitForImport() {
		await expect(this.page.getByRole('button', { name: 'Import files' })).toBeEnabled({
			timeout: 60_000
		});
		await expect(this.importStatus).toBeVisible();
	}

	/** Every value in the app's IndexedDB databases, bytes as latin1 text, for leak searches. */
	async rawIndexedDb(): Promise<string> {
		return this.page.evaluate(async () => {
			const out: string[] = [];
			const latin1 = new TextDecoder('latin1');
			for (const info of await indexedDB.databases()) {
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const req = indexedDB.open(info.name!);
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				for (const store of [...db.objectStoreNames]) {
					const values = await new Promise<unknown[]>((resolve, reject) => {
						const req = db.transaction(store).objectStore(store).getAll();
						req.onsuccess = () => resolve(req.result);
						req.onerror = () => reject(req.error);
					});
					const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
						const req = db.transaction(store).objectStore(store).getAllKeys();
						req.onsuccess = () => resolve(req.result);
						req.onerror = () => reject(req.error);
					});
					out.push(info.name!, store, JSON.stringify(keys));
					for (const value of values) {
						// Sealed chunks are stored as Blobs: their bytes are searched too.
						const row: Record<string, unknown> = { ...(value as Record<string, unknown>) };
						for (const [k, v] of Object.entries(row))
							if (v instanceof Blob) row[k] = new Uint8Array(await v.arrayBuffer());
						out.push(
							JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? latin1.decode(v) : v))
						);
					}
				}
				db.close();
			}
			return out.join('\n');
		});
	}
}
