import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport, itemFromBytes } from '$lib/import';
import { DEFAULT_RELAY_LIMITS } from '$lib/server/relay/http';
import { toBase64Url } from '$lib/crypto';
import { Spool, type Vault } from '$lib/vault';
import { studyFiles, syntheticStudy } from '../../../tests/fixtures/dicom/generate';
import { startRelayServer } from '../../../tests/fixtures/relay-server';
import { newTestVault } from '../../../tests/fixtures/vault';
import { parseShareUrl } from './link';
import { ShareOpener, type OpenerEnv } from './opener.svelte';
import { ShareList } from './shares';

const study = syntheticStudy(71, {
	series: [
		{
			uid: '1.2.826.0.1.3680043.10.1337.71.1',
			description: 'Axial',
			count: 3,
			rows: 16,
			columns: 16
		}
	]
});

/** The share page's state machine, against the real relay over HTTP, as the /s/<id> page drives it. */
describe('ShareOpener', () => {
	let relay: Awaited<ReturnType<typeof startRelayServer>>;
	let vault: Vault;
	let shares: ShareList;

	beforeAll(async () => {
		relay = await startRelayServer({ ...DEFAULT_RELAY_LIMITS, maxBytes: 50 * 1024 * 1024 });
		vault = await newTestVault();
		await runImport({
			vault,
			items: studyFiles(study).map((f) => itemFromBytes(f.path, f.bytes)),
			source: { kind: 'files', label: 'test' }
		});
		shares = new ShareList(vault, `${relay.origin}/api/relay`, 'https://radfolio.example');
	});
	afterAll(() => relay?.close());

	const share = async (settings: { passphrase?: string; maxOpens?: number | null } = {}) => {
		const [summary] = await vault.studies.listStudies();
		return shares.create({
			study: summary!,
			settings: { expiresInSeconds: 3600, maxOpens: settings.maxOpens ?? null, ...settings },
			label: 'Test'
		});
	};
	const env = (fragment: string, read: string[] = []): OpenerEnv & { hidden: number } => {
		const e = {
			hidden: 0,
			relayBase: `${relay.origin}/api/relay`,
			fragment,
			hideFragment: () => e.hidden++,
			keysRead: { list: () => read, add: (id: string) => read.push(id) }
		};
		return e;
	};

	it('opens a link: landing with the relay’s status, then the verified study; the key leaves the address bar', async () => {
		const record = await share({ maxOpens: 1 });
		const { id, key } = parseShareUrl(record.url);
		const page = env(`#${toBase64Url(key)}`);
		const opener = new ShareOpener(id, page);
		await opener.start();
		expect(page.hidden).toBe(1);
		expect(opener.step).toBe('landing');
		expect(opener.status?.opensLeft).toBe(1);
		await opener.open();
		expect(opener.failure).toBeNull();
		expect(opener.step).toBe('open');
		expect(opener.shared?.study.imageCount).toBe(3);
		// A one-open link, spent: a second visitor is told so before downloading anything.
		await new Promise((r) => setTimeout(r, 100));
		const second = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await second.start();
		expect(second.step).toBe('failed');
		expect(second.failure).toBe('gone');
	});

	it('removes the verified study’s spool when the page is left, and on release() after a save', async () => {
		const record = await share();
		const { id, key } = parseShareUrl(record.url);
		const leaving: (() => void)[] = [];
		const page = {
			...env(`#${toBase64Url(key)}`),
			onLeave: (leave: () => void) => leaving.push(leave)
		};
		const opener = new ShareOpener(id, page);
		await opener.start();
		await opener.open();
		const [series] = await opener.shared!.listSeries();
		const [first] = await opener.shared!.listInstances(series!.id);
		expect((await opener.shared!.readInstance(first!.id)).length).toBeGreaterThan(0);
		expect(leaving).toHaveLength(1);
		leaving[0]!();
		await expect
			.poll(() => opener.shared!.readInstance(first!.id).catch((e) => e.code))
			.toBe('removed');
		// A second opening of the same link, saved: release() lets its spool go.
		const again = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await again.start();
		await again.open();
		await again.release();
		await expect(again.shared!.readInstance(first!.id)).rejects.toMatchObject({ code: 'removed' });
	});

	it('asks for the passphrase, says when it is wrong, and opens with the right one without downloading again', async () => {
		const record = await share({ passphrase: 'correct horse' });
		const { id, key } = parseShareUrl(record.url);
		const opener = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await opener.start();
		await opener.open();
		expect(opener.step).toBe('passphrase');
		await opener.unlock('wrong horse');
		expect([opener.step, opener.failure]).toEqual(['passphrase', 'wrong-passphrase']);
		await opener.unlock('correct horse');
		expect(opener.step).toBe('open');
		expect((await shares.state(record)) !== 'ended' && (await shares.state(record))).toMatchObject({
			opens: 1
		});
	});

	it('a full disk while opening says so (not "damaged"), and Open again decrypts what was downloaded, under the same open', async () => {
		const record = await share({ maxOpens: 1 });
		const { id, key } = parseShareUrl(record.url);
		const opener = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await opener.start();
		const full = vi
			.spyOn(Spool.prototype, 'writeFile')
			.mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
		try {
			await opener.open();
		} finally {
			full.mockRestore();
		}
		expect(opener.failure).toBe('no-space');
		expect(opener.step).toBe('landing');
		expect(opener.shared).toBeNull();
		// Space freed. A one-open link: a second download would find the open held by the first, so this proves
		// the retry works from the ciphertext in hand.
		await opener.open();
		expect(opener.failure).toBeNull();
		expect(opener.step).toBe('open');
		expect(opener.shared?.study.imageCount).toBe(3);
	});

	it('the browser’s storage failing under an open says so, not "damaged" (which would send the recipient back to the sender)', async () => {
		const record = await share();
		const { id, key } = parseShareUrl(record.url);
		const opener = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await opener.start();
		// As Chromium 156 failed after a crashed tab and a restart: IndexedDB could not write the spool's Blobs
		// (Dexie's AbortError around a DataError), and then the downloaded Blob could not be read back.
		const inner = new DOMException('Failed to write blobs (InvalidBlob)', 'DataError');
		const broken = vi
			.spyOn(Spool.prototype, 'writeFile')
			.mockRejectedValue(
				Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner })
			);
		try {
			await opener.open();
		} finally {
			broken.mockRestore();
		}
		expect([opener.failure, opener.shared]).toEqual(['device-error', null]);

		const unreadable = () =>
			new DOMException('The requested file could not be read', 'NotReadableError');
		const lost = new Blob([new Uint8Array(await relayBytes(id))]);
		vi.spyOn(lost, 'slice').mockImplementation(() => {
			const part = new Blob([]);
			vi.spyOn(part, 'arrayBuffer').mockRejectedValue(unreadable());
			return part;
		});
		const again = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await again.start();
		await again.openFile(lost);
		expect([again.failure, again.shared]).toEqual(['device-error', null]);
	});

	it('says a link without its key is incomplete, and a reload after the key was read says why', async () => {
		const record = await share();
		const { id } = parseShareUrl(record.url);
		const cut = new ShareOpener(id, env('#abc'));
		await cut.start();
		expect([cut.step, cut.failure, cut.canOpenFile]).toEqual(['failed', 'bad-link', false]);
		const reloaded = new ShareOpener(id, env('', [id]));
		await reloaded.start();
		expect(reloaded.failure).toBe('key-removed');
	});

	it('shows nothing of a changed ciphertext (a saved file with one byte flipped)', async () => {
		const record = await share();
		const { id, key } = parseShareUrl(record.url);
		const opener = new ShareOpener(id, env(`#${toBase64Url(key)}`));
		await opener.start();
		const bytes = new Uint8Array(await relayBytes(id));
		bytes[bytes.length - 40]! ^= 1;
		await opener.openFile(new Blob([bytes]));
		expect([opener.step, opener.failure, opener.shared]).toEqual(['failed', 'damaged', null]);
	});

	it('ShareList: revoking forgets the link and the relay ends it; stored items that are not links are ignored', async () => {
		const record = await share();
		const [summary] = await vault.studies.listStudies();
		expect((await shares.forStudy(summary!.id)).map((s) => s.id)).toContain(record.id);
		await vault.saveShares([...(await vault.shares()), { not: 'a share' }]);
		await shares.revoke(record);
		expect((await shares.all()).map((s) => s.id)).not.toContain(record.id);
		expect(await shares.state(record)).toBe('ended');
	});

	/** The ciphertext as the relay stores it, through a second share's download (the "Save as file" bytes). */
	async function relayBytes(id: string): Promise<ArrayBuffer> {
		const base = `${relay.origin}/api/relay/shares/${id}`;
		const open = (await (
			await fetch(`${base}/open`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: '{}'
			})
		).json()) as {
			ticket: string;
		};
		return (
			await fetch(`${base}/blob`, { headers: { Authorization: `Bearer ${open.ticket}` } })
		).arrayBuffer();
	}
});
