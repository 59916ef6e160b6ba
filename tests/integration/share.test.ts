import 'fake-indexeddb/auto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/lib/import';
import { itemFromBytes } from '../../src/lib/import';
import { createShare } from '../../src/lib/share';
import {
	ShareOpenError,
	decryptShare,
	ShareDownload,
	downloadShare,
	keyFromFragment
} from '../../src/lib/share';
import type { Vault } from '../../src/lib/vault';
import { studyFiles, syntheticStudy } from '../fixtures/dicom/generate';
import { startRelayServer } from '../fixtures/relay-server';
import { DEFAULT_RELAY_LIMITS } from '../../src/lib/server/relay/http';
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
	let relay: Awaited<ReturnType<typeof startRelayServer>>;
	let dir: string;
	let base: string;
	let vault: Vault;
	let received: Buffer[];

	beforeAll(async () => {
		relay = await startRelayServer({
			...DEFAULT_RELAY_LIMITS,
			maxBytes: 50 * 1024 * 1024
		});
		({ dir, origin: base, seen: received } = relay);
		vault = await newTestVault();
		await runImport({
			vault,
			items: studyFiles(study).map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'files', label: 'test' }
		});
	});

	afterAll(() => relay?.close());

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
		const { cipher, acknowledge } = await downloadShare(`${base}/api/relay`, id);
		const opened = await decryptShare(cipher, keyFromFragment(url.split('#')[1]!), passphrase);
		await acknowledge();
		return opened;
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
		const received = await Promise.all(shared.entries().map((e) => e.bytes()));
		expect(received.map((b) => Buffer.from(b).toString('base64')).sort()).toEqual(originals);
		expect(shared.study).toMatchObject({ imageCount: 4, reportCount: 1 });
	});

	it('"Remove my name and IDs" shares a copy without them, its UIDs replaced consistently', async () => {
		const record = await share(undefined, null, true);
		const { manifest, study: shared } = await open(record.url);
		expect(manifest).toMatchObject({ deidentified: true, study: { description: '' } });
		const files = await Promise.all(shared.entries().map((e) => e.bytes()));
		const text = Buffer.concat(files.map((b) => Buffer.from(b))).toString('latin1');
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
		await expect(open(record.url)).rejects.toMatchObject({ code: 'needs-passphrase' });
		await expect(open(record.url, 'salt and peppers')).rejects.toMatchObject({
			code: 'wrong-passphrase'
		});
		// A one-open link would now be used up; this one has no limit, so the right passphrase still opens it.
		expect((await open(record.url, 'salt and pepper')).study.entries()).toHaveLength(5);
	});

	it('is no longer available after its one open', async () => {
		const record = await share(undefined, 1);
		await open(record.url);
		await expect(open(record.url)).rejects.toBeInstanceOf(ShareOpenError);
		await expect(open(record.url)).rejects.toMatchObject({ code: 'gone' });
	});

	it('resumes a download the network cut near its end, and still opens a one-open link once', async () => {
		const record = await share(undefined, 1);
		const id = /\/s\/([^#]+)/.exec(record.url)![1]!;
		const size = (
			(await (await fetch(`${base}/api/relay/shares/${id}`)).json()) as { size: number }
		).size;
		relay.cutNextDownload(size - 100); // the connection drops 100 bytes before the end
		const { study: shared } = await open(record.url);
		expect(shared.entries()).toHaveLength(5);
		expect(relay.cuts).toBe(1);
		await expect(open(record.url)).rejects.toMatchObject({ code: 'gone' });
	});

	it('carries on under the same open when the recipient retries after the network stayed down', async () => {
		const record = await share(undefined, 1);
		const id = /\/s\/([^#]+)/.exec(record.url)![1]!;
		const download = new ShareDownload(`${base}/api/relay`, id);
		// Every resume of the first try is cut after 1,000 bytes: the try gives up, nothing shown.
		relay.cutNextDownload(1000, 5);
		await expect(download.run()).rejects.toMatchObject({ code: 'unavailable' });
		// Pressing Open again: the same open, from the bytes in hand — not a second open the first would block.
		const { cipher, acknowledge } = await download.run();
		const opened = await decryptShare(cipher, keyFromFragment(record.url.split('#')[1]!), null);
		expect(opened.study.entries()).toHaveLength(5);
		await acknowledge();
		await expect(open(record.url)).rejects.toMatchObject({ code: 'gone' });
	}, 30_000);

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
