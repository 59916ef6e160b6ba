import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { OwnServer } from '../e2e/server';
import { SECURITY_SCALE } from './helpers';

/**
 * Findings 3, 6, 11 and 13 (the Host header): rate limits behind a TLS proxy, enrollment guesses in parallel, what a
 * stolen gateway.sqlite gives away, and where enrollment answers point. The server's gateway is on (enrollment needs
 * no archive: RADFOLIO_ARCHIVE_URL points nowhere).
 */
const GENERATED = join(process.cwd(), 'tests', '.generated');

function gatewayServer(port: number, env: Record<string, string> = {}) {
	const dataDir = mkdtempSync(join(GENERATED, 'security-gateway-'));
	const server = new OwnServer(port, {
		env: {
			RADFOLIO_ARCHIVE_URL: 'http://127.0.0.1:9/dicom-web',
			RADFOLIO_DATA_DIR: dataDir,
			...env
		}
	});
	const code = (patientId = 'SEC-PATIENT') => {
		const store = new EnrollmentStore(dataDir);
		try {
			return store.createCode(patientId).code;
		} finally {
			store.close();
		}
	};
	return { server, dataDir, code };
}

const enroll = (base: string, code: string, forwardedFor?: string) =>
	fetch(`${base}/api/gateway/enroll`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {})
		},
		body: JSON.stringify({ code })
	});
const wrong = () => 'ZZZZ-ZZZZ-ZZZZ';

test.describe('behind a trusted proxy (RADFOLIO_TRUSTED_PROXIES)', () => {
	// Made in beforeAll, not at load: Playwright loads this file in every worker, and each load would leave a directory.
	let gw: ReturnType<typeof gatewayServer>;
	test.beforeAll(async () => {
		gw = gatewayServer(4191, { RADFOLIO_TRUSTED_PROXIES: '127.0.0.1 ::1' });
		await gw.server.start();
	});
	test.afterAll(async () => {
		await gw.server.dispose();
		rmSync(gw.dataDir, { recursive: true, force: true });
	});

	test('one client’s wrong codes lock out that client only, never the patient behind the same proxy', async () => {
		const base = gw.server.url;
		for (let i = 0; i < 10; i++)
			expect((await enroll(base, wrong(), '198.51.100.1')).status).toBe(401);
		expect((await enroll(base, wrong(), '198.51.100.1')).status).toBe(429);
		// A client that forges X-Forwarded-For only adds entries on the left: the proxy's own entry still counts.
		expect((await enroll(base, wrong(), '203.0.113.77, 198.51.100.1')).status).toBe(429);
		// Another patient, through the same proxy, with their right code.
		const answer = await enroll(base, gw.code(), '198.51.100.2');
		expect(answer.status).toBe(200);
	});

	test('parallel guesses are counted before any of them is answered: ten get through, the rest 429', async () => {
		const base = gw.server.url;
		const burst = 20 * SECURITY_SCALE;
		const statuses = await Promise.all(
			Array.from({ length: burst }, () =>
				enroll(base, wrong(), '198.51.100.3').then((r) => r.status)
			)
		);
		expect(statuses.filter((s) => s === 401)).toHaveLength(10);
		expect(statuses.filter((s) => s === 429)).toHaveLength(burst - 10);
	});

	test('a request through the proxy that does not say who its client is gets 400', async () => {
		expect((await enroll(gw.server.url, wrong())).status).toBe(400);
	});
});

test('without a trusted proxy, X-Forwarded-For is not believed: forging it does not buy more guesses', async () => {
	const gw = gatewayServer(4192);
	await gw.server.start();
	try {
		for (let i = 0; i < 10; i++)
			expect((await enroll(gw.server.url, wrong(), `198.51.100.${i + 10}`)).status).toBe(401);
		expect((await enroll(gw.server.url, wrong(), '198.51.100.99')).status).toBe(429);
	} finally {
		await gw.server.dispose();
		rmSync(gw.dataDir, { recursive: true, force: true });
	}
});

test('two settings deciding who the client is, or a malformed one, stop the server with its reason', async () => {
	const settings: Record<string, string>[] = [
		{ RADFOLIO_TRUSTED_PROXIES: '127.0.0.1', ADDRESS_HEADER: 'x-forwarded-for' },
		{ RADFOLIO_TRUSTED_PROXIES: 'localhost' }
	];
	for (const env of settings) {
		const gw = gatewayServer(4193, env);
		await expect(gw.server.start()).rejects.toThrow(/exited|did not start/);
		expect(gw.server.output).toMatch(/RADFOLIO_TRUSTED_PROXIES/);
		await gw.server.dispose();
		rmSync(gw.dataDir, { recursive: true, force: true });
	}
});

test('a web page on another site cannot spend its visitors’ guesses or open mailboxes from their browser', async ({
	page
}) => {
	// Review: bodiless or form POSTs (which any page may send cross-site, without asking) counted as wrong codes,
	// so one page could lock a clinic's shared address out; and opened mailboxes for the relay's global cap.
	const gw = gatewayServer(4197);
	await gw.server.start();
	// The other site: a plain page of its own origin (another port), no CSP of Radfolio's.
	const site = createServer((_req, res) => res.end('<!doctype html><title>another site</title>'));
	await new Promise<void>((resolve) => site.listen(4198, '127.0.0.1', resolve));
	try {
		await page.goto('http://127.0.0.1:4198/');
		const statuses = await page.evaluate(async (base) => {
			const out: string[] = [];
			for (let i = 0; i < 12; i++) {
				// A "simple" request the browser sends without asking (it reaches the server; only reading the answer
				// is refused, by Radfolio's Cross-Origin-Resource-Policy), and the JSON one it must ask about first.
				const quietly = { method: 'POST', mode: 'no-cors' } as const;
				await fetch(`${base}/api/gateway/enroll`, {
					...quietly,
					body: '{"code":"ZZZZ-ZZZZ-ZZZZ"}'
				}).catch(() => {});
				await fetch(`${base}/api/relay/mailboxes`, quietly).catch(() => {});
				out.push(
					await fetch(`${base}/api/gateway/enroll`, {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: '{"code":"ZZZZ-ZZZZ-ZZZZ"}'
					}).then(
						() => 'sent',
						() => 'blocked by the browser'
					)
				);
			}
			return out;
		}, gw.server.url);
		expect(new Set(statuses)).toEqual(new Set(['blocked by the browser']));
		// The patient on that same address, with their right code, is not locked out.
		expect((await enroll(gw.server.url, gw.code())).status).toBe(200);
		const relay = new Database(join(gw.dataDir, 'relay.sqlite'), { readonly: true });
		expect(relay.prepare('SELECT COUNT(*) AS n FROM mailbox_boxes').get()).toEqual({ n: 0 });
		relay.close();
	} finally {
		site.close();
		await gw.server.dispose();
		rmSync(gw.dataDir, { recursive: true, force: true });
	}
});

test('a forged Host header does not decide where the app sends its token, and codes are kept keyed', async () => {
	const gw = gatewayServer(4194);
	await gw.server.start();
	try {
		const code = gw.code();
		// Node's fetch will not forge Host; a raw request does, as a proxy that forwards Host blindly would.
		const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = httpRequest(
				{
					host: '127.0.0.1',
					port: 4194,
					path: '/api/gateway/enroll',
					method: 'POST',
					headers: { Host: 'evil.example', 'Content-Type': 'application/json' }
				},
				(res) => {
					let body = '';
					res.on('data', (d) => (body += d));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				}
			);
			req.on('error', reject);
			req.end(JSON.stringify({ code }));
		});
		expect(answer.status).toBe(200);
		expect(answer.body).not.toContain('evil.example');
		expect(JSON.parse(answer.body).dicomWebUrl).toBe('/api/gateway/dicom-web');
		// Finding 11: a copy of gateway.sqlite holds no plain SHA-256 of any code, issued or used.
		const other = gw.code();
		const file = readFileSync(join(gw.dataDir, 'gateway.sqlite')).toString('latin1');
		for (const c of [code, other]) {
			const plain = createHash('sha256').update(c.replace(/-/g, '')).digest('hex');
			expect(file.includes(plain)).toBe(false);
		}
	} finally {
		await gw.server.dispose();
		rmSync(gw.dataDir, { recursive: true, force: true });
	}
});
