import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * The two engines besides Chromium, from Debian packages, each behind the same small interface the journeys use.
 * Firefox ESR is driven over WebDriver BiDi (puppeteer-core, no browser download); WebKitGTK through its own
 * WebDriver (WebKitWebDriver, classic HTTP protocol: it has no BiDi yet) starting MiniBrowser on an Xvfb display.
 * A WebKit WebDriver session is ephemeral, like Safari's Private Browsing: IndexedDB refuses Blobs there.
 */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = '/usr/bin/Xvfb';
export type EngineName = 'firefox' | 'webkit';

export function engineMissing(name: EngineName): string | null {
	const need = name === 'firefox' ? [FIREFOX] : [WEBKIT_DRIVER, MINIBROWSER, XVFB];
	const missing = need.filter((p) => !existsSync(p));
	return missing.length
		? `not installed: ${missing.join(', ')} (node scripts/ensure-system.js)`
		: null;
}

/** One browsing session (a profile of its own): what a journey needs from an engine. */
export interface Session {
	goto(url: string): Promise<void>;
	reload(): Promise<void>;
	/** Runs `fn` in the page with JSON arguments; its (awaited) JSON result. */
	run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
	click(selector: string): Promise<void>;
	/** Replaces the field's value by typing `text` (real key events). */
	type(selector: string, text: string): Promise<void>;
	/** Chooses these files in an <input type=file>. */
	upload(selector: string, paths: string[]): Promise<void>;
	/** Console errors and uncaught exceptions seen so far (where the engine reports them to the driver). */
	problems: string[];
	close(): Promise<void>;
}

export interface Engine {
	name: EngineName;
	/** The X display the engine draws on (WebKit under Xvfb). */
	display?: string;
	newSession(): Promise<Session>;
	close(): Promise<void>;
}

const expression = (fn: (...args: never[]) => unknown, args: unknown[]) =>
	`(${fn.toString()})(...${JSON.stringify(args)})`;

export async function launchFirefox(): Promise<Engine> {
	const browser: Browser = await puppeteer.launch({
		browser: 'firefox',
		executablePath: FIREFOX,
		headless: true,
		protocol: 'webDriverBiDi',
		// A page's own first-run pages and update checks have nothing to reach here.
		extraPrefsFirefox: {
			'browser.shell.checkDefaultBrowser': false,
			'app.update.enabled': false,
			'datareporting.policy.dataSubmissionEnabled': false,
			// navigator.storage.persist() would otherwise wait on a permission prompt nobody answers.
			'permissions.default.persistent-storage': 2
		}
	});
	let first = true;
	return {
		name: 'firefox',
		async newSession() {
			// The first session uses the default profile's context; later ones get a user context of their own.
			const context = first
				? browser.defaultBrowserContext()
				: await browser.createBrowserContext();
			first = false;
			const page: Page = await context.newPage();
			const problems: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error') problems.push(`console: ${m.text()}`);
			});
			page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
			return {
				problems,
				async goto(url) {
					await page.goto(url);
				},
				async reload() {
					await page.reload();
				},
				async run(fn, ...args) {
					return page.evaluate(expression(fn as never, args)) as never;
				},
				async click(selector) {
					await page.click(selector);
				},
				async type(selector, text) {
					await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
					await page.type(selector, text);
				},
				async upload(selector, paths) {
					const input = await page.$(selector);
					if (!input) throw new Error(`no ${selector}`);
					await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(
						...paths
					);
				},
				async close() {
					await page.close();
					if (context !== browser.defaultBrowserContext()) await context.close();
				}
			};
		},
		close: () => browser.close()
	};
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** Xvfb on a display it picks itself (-displayfd), stopped with the engine. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
	const xvfb = spawn(XVFB, ['-displayfd', '1', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
		stdio: ['ignore', 'pipe', 'ignore']
	});
	const display = await new Promise<string>((resolve, reject) => {
		let out = '';
		xvfb.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			if (out.includes('\n')) resolve(`:${out.trim()}`);
		});
		xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
	});
	return { display, process: xvfb };
}

async function waitForHttp(url: string, ms: number) {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			await fetch(url);
			return;
		} catch {
			if (Date.now() > deadline) throw new Error(`${url} did not answer`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
}

/** WebKitWebDriver holds one session at a time: each session gets a driver process of its own. */
async function startWebKitDriver(display: string) {
	const port = await freePort();
	const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
		env: { ...process.env, DISPLAY: display },
		stdio: 'ignore'
	});
	const base = `http://127.0.0.1:${port}`;
	await waitForHttp(`${base}/status`, 10_000);
	const call = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(base + path, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json = (await response.json()) as { value: unknown };
		if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
		return json.value;
	};
	return { call, stop: () => driver.kill() };
}

export async function launchWebKit(): Promise<Engine> {
	const xvfb = await startXvfb();
	const open = new Set<Session>();
	return {
		name: 'webkit',
		display: xvfb.display,
		async newSession() {
			const { call, stop } = await startWebKitDriver(xvfb.display);
			const created = (await call('POST', '/session', {
				capabilities: {
					alwaysMatch: {
						'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }
					}
				}
			})) as { sessionId: string };
			const s = `/session/${created.sessionId}`;
			const element = async (selector: string) => {
				const found = (await call('POST', `${s}/element`, {
					using: 'css selector',
					value: selector
				})) as Record<string, string>;
				return Object.values(found)[0]!;
			};
			const session: Session = {
				// WebKitWebDriver has no log endpoint: WebKit's console is checked by starting MiniBrowser on its own.
				problems: [],
				async goto(url) {
					await call('POST', `${s}/url`, { url });
				},
				async reload() {
					await call('POST', `${s}/refresh`, {});
				},
				async run(fn, ...args) {
					return (await call('POST', `${s}/execute/sync`, {
						script: `return ${expression(fn as never, args)};`,
						args: []
					})) as never;
				},
				async click(selector) {
					await call('POST', `${s}/element/${await element(selector)}/click`, {});
				},
				async type(selector, text) {
					const el = await element(selector);
					await call('POST', `${s}/element/${el}/clear`, {});
					await call('POST', `${s}/element/${el}/value`, { text });
				},
				async upload(selector, paths) {
					await call('POST', `${s}/element/${await element(selector)}/value`, {
						text: paths.join('\n')
					});
				},
				async close() {
					if (!open.delete(session)) return;
					await call('DELETE', s).catch(() => {});
					stop();
				}
			};
			open.add(session);
			return session;
		},
		async close() {
			for (const session of [...open]) await session.close();
			xvfb.process.kill();
		}
	};
}

export function launch(name: EngineName): Promise<Engine> {
	return name === 'firefox' ? launchFirefox() : launchWebKit();
}
