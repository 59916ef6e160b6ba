import { pickInPage } from './page-script';
import type { Session } from './engines';

type Query = Parameters<typeof pickInPage>[0];

/**
 * The app as a patient meets it in any engine, by the same roles and accessible names as tests/e2e
 * (UI-CONTRACT.md). Every wait polls the page, as Playwright's expect does.
 */
export class Patient {
	constructor(readonly session: Session) {}

	async find(query: Query, timeout = 20_000): Promise<string> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const selector = await this.session.run(pickInPage, query).catch(() => null);
			if (selector) return selector;
			if (Date.now() > deadline)
				throw new Error(
					`not found: ${JSON.stringify(query)}\n--- page text ---\n${await this.text()}`
				);
			await sleep(200);
		}
	}

	async has(query: Query): Promise<boolean> {
		return Boolean(await this.session.run(pickInPage, query).catch(() => null));
	}

	async click(role: string, name: string, exact = false) {
		await this.session.click(await this.find({ role, name, exact }));
	}

	async fill(label: string, value: string, exact = false) {
		await this.session.type(await this.find({ label, exact }), value);
	}

	async text(): Promise<string> {
		return this.session.run(() => document.body?.innerText ?? '').catch((e: unknown) => String(e));
	}

	/** Waits until the page's text matches; returns the match. */
	async waitForText(pattern: RegExp, timeout = 30_000): Promise<RegExpMatchArray> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const text = await this.text();
			const match = text.match(pattern);
			if (match) return match;
			if (Date.now() > deadline) throw new Error(`no ${pattern} in the page:\n${text}`);
			await sleep(250);
		}
	}

	/** The value of a form field found by its label (a read-only share link, an enrollment code). */
	async valueOf(label: string): Promise<string> {
		const selector = await this.find({ label });
		return this.session.run(
			(s: string) => (document.querySelector(s) as HTMLInputElement).value,
			selector
		);
	}

	async createVault(passphrase: string) {
		await this.find({ role: 'heading', name: 'Create your vault' });
		await this.fill('Passphrase', passphrase, true);
		await this.fill('Confirm passphrase', passphrase);
		await this.click('button', 'Create vault');
		await this.find({ role: 'button', name: 'Lock' }, 60_000);
	}

	async unlock(passphrase: string) {
		// The HTML shell's locked screen (#unlock-shell) stands in until the app's own takes over and replaces its
		// field: a driver holding the shell's element would then type into a removed node. These journeys are about
		// the app; typing into the shell is tests/e2e/cold-start.e2e.ts's subject.
		const deadline = Date.now() + 30_000;
		while (await this.session.run(() => Boolean(document.getElementById('unlock-shell')))) {
			if (Date.now() > deadline) throw new Error('the app never took over the locked screen');
			await sleep(100);
		}
		await this.fill('Passphrase', passphrase, true);
		await this.click('button', 'Unlock');
		await this.find({ role: 'button', name: 'Lock' }, 60_000);
	}

	/** "Import files" opens a chooser no driver can answer: the same <input type=file> gets the files. */
	async importFiles(paths: string[]) {
		await this.find({ role: 'button', name: 'Import files' });
		await this.session.upload('input[type=file]:not([webkitdirectory])', paths);
		await this.waitForText(/Imported \d+ files? into \d+ stud(y|ies)\./, 120_000);
	}

	/** Waits until the timeline lists `n` studies; their text. */
	async waitForEntries(n: number, timeout = 30_000): Promise<string[]> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const entries = await this.entries();
			if (entries.length === n) return entries;
			if (Date.now() > deadline)
				throw new Error(`${entries.length} studies listed, not ${n}:\n${await this.text()}`);
			await sleep(250);
		}
	}

	/** The timeline's entries' text, one per study. */
	async entries(): Promise<string[]> {
		return this.session.run(() =>
			[
				...document.querySelectorAll(
					'[aria-label="Imaging history"] > li, ul[aria-label="Imaging history"] li'
				)
			].map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim())
		);
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
