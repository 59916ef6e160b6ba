import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/lib/import/pipeline';
import { itemFromBytes } from '../../src/lib/import/sources';
import { RelayHttp } from '../../src/lib/server/relay/http';
import { RelayStore } from '../../src/lib/server/relay/store';
import { createShare } from '../../src/lib/share/create';
import {
	ShareOpenError,
	decryptShare,
	downloadShare,
	keyFromFragment
} from '../../src/lib/share/open';
import type { Vault } from '../../src/lib/vault';
import { studyFiles, syntheticStudy } from '../fixtures/dicom/generate';
import { newTestVault } from '../fixtures/vault';

const study = syntheticStudy(61, {
	patientName: 'ZKCHECK^PATIENT',
	patientID: 'ZK-PID-555',
	description: 'ZKDESC knee',
	series: [
		{
			uid: '1.2.826.0.1.3680043.10.1337.61.1',
			description: 'ZKSERIES',
			count: 4,
			rows: 32,
			columns: 32
		}
	],
	pdfReport: true
});

/**
 * Sharing end to end in Node: the patient's vault → bundle → share stream → the real relay (over HTTP) → the
 * recipient's download and decryption. The relay's data dir and every request body it received are searched for
 * anything readable.
 */
describe('sharing through the relay', () => {
	let dir: string;
	let server: Server;
	let base: string;
	let vault: Vault;
	const received: Buffer[] = [];

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'rf-share-'));
		const relay = new RelayHttp(new RelayStore(dir), {
			maxBytes: 50 * 1024 * 1024,
			partBytes: 16 * 1024 * 1024
		});
		const serve = async (req: IncomingMessage, res: ServerResponse) => {
			const chunks: Buffer[] = [];
			for await (const c of req) chunks.push(c as Buffer);
			const body = Buffer.concat(chunks);
			received.push(Buffer.from(req.url ?? ''), Buffer.from(JSON.stringify(req.headers)), body);
			const url = new URL(req.url ?? '/', base);
			const headers = new Headers();
			for (const [k, v] of Object.entries(req.headers))
				if (typeof v === 'string') headers.set(k, v);
			const response = await relay.handle(
				new Request(url, { method: req.method, headers, body: body.length ? body : undefined }),
				url.pathname.replace(/^\/api\/relay\//, ''),
				'127.0.0.1'
			);
			const out: Record<string, string> = {};
			response.headers.forEach((v, k) => (out[k] = v));
			res.writeHead(response.status, out);
			res.end(Buffer.from(await response.arrayBuffer()));
		};
		server = createServer((req, res) => void serve(req, res).catch(() => res.destroy()));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		vault = await newTestVault();
		await runImport({
			vault,
			items: studyFiles(study).map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'files', label: 'test' }
		});
	});

	afterAll(() => {
		server?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	const share = async (passphrase?: string, maxOpens: number | null = null, deidentify = false) => {
		const [summary] = await vault.studies.listStudies();
		return createShare({
			vault,
			study: summary!,
			settings: { expiresInSeconds: 3600, maxOpens, passphrase, deidentify },
			relayBase: `${base}/api/relay`,
			appOrigin: 'https://radfolio.example',
			label: 'Knee'
		});
	};
	const open = async (url: string, passphrase: string | null = null) => {
		const id = /\/s\/([^#]+)/.exec(url)![1]!;
		const cipher = await downloadShare(`${base}/api/relay`, id);
		return decryptShare(cipher, keyFromFragment(url.split('#')[1]!), passphrase);
	};

	it('delivers every file of the study byte for byte, reports included', async () => {
		const record = await share();
		expect(record.url).toMatch(
			/^https:\/\/radfolio\.example\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/
		);
		const { manifest, study: shared } = await open(record.url);
		expect(manifest.study.description).toBe('ZKDESC knee');
		const originals = studyFiles(study)
			.map((f) => Buffer.from(f.bytes).toString('base64'))
			.sort();
		expect(shared.files.map((f) => Buffer.from(f.bytes).toString('base64')).sort()).toEqual(
			originals
		);
		expect(shared.study).toMatchObject({ imageCount: 4, reportCount: 1 });
	});

	it('"Remove my name and IDs" shares a copy without them, its UIDs replaced consistently', async () => {
		const record = await share(undefined, null, true);
		const { manifest, study: shared } = await open(record.url);
		expect(manifest).toMatchObject({ deidentified: true, study: { description: '' } });
		const text = Buffer.concat(shared.files.map((f) => Buffer.from(f.bytes))).toString('latin1');
		for (const secret of ['ZKCHECK', 'ZK-PID-555', 'ZKSERIES', study.studyUID]) {
			expect(text.includes(secret), secret).toBe(false);
		}
		// The description is gone from every header; the PDF's own wording ("Report for ZKDESC knee") is not
		// rewritten, which the share dialog tells the patient.
		expect(shared.study.study.StudyDescription).toBe('');
		expect(shared.study.patient.PatientName).toBe('');
		expect(shared.study.StudyInstanceUID).toMatch(/^2\.25\./);
		// Still one study with its series, images and report.
		expect(shared.study).toMatchObject({ seriesCount: 2, imageCount: 4, reportCount: 1 });
	});

	it('needs the passphrase when one was set, and says when it is wrong', async () => {
		const record = await share('salt and pepper');
		await expect(open(record.url)).rejects.toMatchObject({ kind: 'needs-passphrase' });
		await expect(open(record.url, 'salt and peppers')).rejects.toMatchObject({
			kind: 'wrong-passphrase'
		});
		// A one-open link would now be used up; this one has no limit, so the right passphrase still opens it.
		expect((await open(record.url, 'salt and pepper')).study.files).toHaveLength(5);
	});

	it('is no longer available after its one open', async () => {
		const record = await share(undefined, 1);
		await open(record.url);
		await expect(open(record.url)).rejects.toBeInstanceOf(ShareOpenError);
		await expect(open(record.url)).rejects.toMatchObject({ kind: 'gone' });
	});

	it('leaves nothing readable on the relay: no key, passphrase, name, ID, UID, description or pixel bytes', async () => {
		const record = await share('correct staple 4');
		const files: Buffer[] = [];
		const walk = (d: string) => {
			for (const name of readdirSync(d)) {
				const p = join(d, name);
				if (statSync(p).isDirectory()) walk(p);
				else files.push(readFileSync(p));
			}
		};
		walk(dir);
		const haystack = Buffer.concat([...files, ...received]).toString('latin1');
		const key = record.url.split('#')[1]!;
		const pixels = Buffer.from(studyFiles(study)[1]!.bytes.slice(-64)).toString('latin1');
		for (const secret of [
			key,
			Buffer.from(keyFromFragment(key)).toString('latin1'),
			'correct staple 4',
			'ZKCHECK',
			'ZK-PID-555',
			'ZKDESC',
			'ZKSERIES',
			study.studyUID,
			study.series[0]!.uid,
			pixels
		]) {
			expect(haystack.includes(secret), secret.slice(0, 20)).toBe(false);
		}
		expect(files.length).toBeGreaterThan(0);
	});
});
