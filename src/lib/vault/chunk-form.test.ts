import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { newTestVault, testInstanceRecord } from '../../../tests/fixtures/vault';
import { probeBlobStorage } from './chunk-form';
import { CHUNK_BYTES } from './studies';

/**
 * WebKit's private sessions (and its WebDriver sessions) refuse a Blob value in IndexedDB with "UnknownError: Error
 * preparing Blob/File data to be stored in object store"; the transaction aborts. fake-indexeddb stores Blobs, so
 * its put is wrapped to refuse them the same way. `refused` counts the puts turned away.
 */
const original = IDBObjectStore.prototype.put;
let refused = 0;
function refuseBlobs({ alsoBytes = false } = {}) {
	IDBObjectStore.prototype.put = function (
		this: IDBObjectStore,
		value: unknown,
		key?: IDBValidKey
	) {
		const data = (value as { data?: unknown } | null)?.data;
		const blob =
			value instanceof Blob || data instanceof Blob || (alsoBytes && data instanceof Uint8Array);
		if (blob) {
			refused++;
			throw new DOMException(
				'Error preparing Blob/File data to be stored in object store',
				'UnknownError'
			);
		}
		return original.call(this, value, key);
	};
}
afterEach(() => {
	IDBObjectStore.prototype.put = original;
	refused = 0;
});

const record = (uid: string) => testInstanceRecord(uid, 'IM');

function bytesOf(size: number, seed: number): Uint8Array {
	const out = new Uint8Array(size);
	for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
	return out;
}

// The module remembers a refusal for the rest of the page: each case that needs a fresh page is in order below.
describe('sealed chunks where the browser refuses Blobs in IndexedDB', () => {
	it('stores Blobs where the browser takes them', async () => {
		const vault = await newTestVault();
		await vault.studies.putInstance({
			id: 'i0',
			seriesId: 's',
			studyId: 't',
			record: record('1.2.0'),
			bytes: bytesOf(1000, 0)
		});
		const [chunk] = await vault.db.chunks.toArray();
		expect(chunk!.data).toBeInstanceOf(Blob);
	});

	it('a refused full disk is not retried as bytes: it stays a quota failure', async () => {
		const vault = await newTestVault();
		IDBObjectStore.prototype.put = function () {
			throw new DOMException('The disk is full', 'QuotaExceededError');
		};
		await expect(
			vault.studies.putInstance({
				id: 'q',
				seriesId: 's',
				studyId: 't',
				record: record('1.2.9'),
				bytes: bytesOf(100, 9)
			})
		).rejects.toMatchObject({ code: 'quota' });
		IDBObjectStore.prototype.put = original;
		// Blobs were not blamed: the next write still offers them.
		await vault.studies.putInstance({
			id: 'q2',
			seriesId: 's',
			studyId: 't',
			record: record('1.2.10'),
			bytes: bytesOf(100, 10)
		});
		expect((await vault.db.chunks.get(['q2', 0]))!.data).toBeInstanceOf(Blob);
	});

	it('a write that fails as bytes too throws its own failure, and stores nothing', async () => {
		const vault = await newTestVault();
		refuseBlobs({ alsoBytes: true });
		await expect(
			vault.studies.putInstance({
				id: 'x',
				seriesId: 's',
				studyId: 't',
				record: record('1.2.11'),
				bytes: bytesOf(100, 11)
			})
		).rejects.toMatchObject({ code: 'write-failed' });
		IDBObjectStore.prototype.put = original;
		expect(await vault.db.chunks.count()).toBe(0);
		expect(await vault.db.instances.count()).toBe(0);
	});

	it('writes the refused chunks again as bytes, small and large files alike, and they read back whole', async () => {
		const vault = await newTestVault();
		refuseBlobs();
		const small = bytesOf(5000, 1);
		// Past the queue's whole-file limit: written batch by batch (studies.ts #putLarge).
		const large = bytesOf(8 * CHUNK_BYTES + 123, 2);
		const writer = vault.studies.instanceWriter();
		await writer.put({
			id: 'a',
			seriesId: 's',
			studyId: 't',
			record: record('1.2.1'),
			bytes: small
		});
		await writer.put({
			id: 'b',
			seriesId: 's',
			studyId: 't',
			record: record('1.2.2'),
			bytes: large
		});
		await writer.flush();
		// One refusal, then bytes from the start for every later chunk.
		expect(refused).toBe(1);
		for (const chunk of await vault.db.chunks.toArray())
			expect(chunk.data).toBeInstanceOf(Uint8Array);
		expect(await vault.studies.readInstance('a')).toEqual(small);
		// Compared as one buffer: an element-wise diff of 8 MiB takes minutes.
		expect(Buffer.from(await vault.studies.readInstance('b')).equals(large)).toBe(true);
		// Another store in this page seals bytes straight away.
		const other = await newTestVault();
		await other.studies.putInstance({
			id: 'c',
			seriesId: 's',
			studyId: 't',
			record: record('1.2.3'),
			bytes: bytesOf(10, 3)
		});
		expect(refused).toBe(1);
	});

	it('the probe finds the refusal without touching the vault, and leaves no database behind', async () => {
		refuseBlobs();
		expect(await probeBlobStorage()).toBe(false);
		const names = (await indexedDB.databases()).map((d) => d.name);
		expect(names).not.toContain('radfolio-blob-probe');
	});
});
