import {
	CryptoError,
	DEFAULT_KDF,
	checkStoredKdf,
	constantTimeEqual,
	createMac,
	deriveVaultKeys,
	fromBase64Url,
	fromUtf8,
	toBase64Url,
	utf8,
	wipe,
	type KdfParams
} from '$lib/crypto';
import type { Table } from 'dexie';
import { ByteReader } from '$lib/streams';
import { SEALED_META_IDS, type HeaderRow } from './db';
import { VaultError } from './errors';
import { kdfRefusal, unwrapMaster, wrapMaster } from './keyring';
import type { Vault } from './vault';

/**
 * Encrypted backup file, version 3 (versions 1 and 2 still restore). The vault's rows are copied as they are stored —
 * still sealed — so a backup is exactly as private as the vault, and restoring needs the passphrase.
 *
 *   "RFBACKUP" (8 bytes ASCII) ‖ version (1 byte) = 3
 *   headerLength (u32 BE) ‖ header (UTF-8 JSON): { kdf, salt, wrappedKey (base64url), headerV, createdAt }
 *   frames: type (1 byte) ‖ bodyLength (u32 BE) ‖ body
 *     types 1 study, 2 series, 3 instance, 4 chunk, 5 settings:
 *       body = clearLength (u16 BE) ‖ clear fields (UTF-8 JSON, the row minus its sealed bytes) ‖ sealed bytes
 *     type 255, last: body = frameCount (u32 BE) ‖ HMAC-SHA256(backup key, every byte before this frame)
 *
 * The MAC (key derived from the master key) makes a cut-short, reordered or edited backup fail as a whole, and
 * a restore that fails leaves the profile without a vault rather than with part of one.
 *
 * Version history (the layout above is the same in all):
 *   1  rows of format 1 (db.ts)
 *   2  rows of format 2 and the sealed "ledger" meta row (ledger.ts), taken with the study rows in one
 *      transaction so the revisions it names are the ones copied. Written as 2 so an older Radfolio, which cannot
 *      read such rows, says it needs updating instead of calling the file damaged. A restored vault's rows of
 *      format 1 (from a version 1 file) are upgraded after its first unlock (upgrade.ts).
 *   3  chunk rows may hold chunk records of version 2 (AES-256-GCM, $lib/crypto chunk-record.ts) beside
 *      version 1; written as 3 so an older Radfolio says it needs updating instead of failing on those chunks.
 *      A restored vault's chunks of version 1 (from any file) are re-sealed after its first unlock (reseal.ts).
 */
const MAGIC = utf8('RFBACKUP');
export const BACKUP_VERSION = 3;
const END = 255;

type TableName = 'studies' | 'series' | 'instances' | 'chunks' | 'meta';
const FRAME_TYPES: { type: number; table: TableName; sealed: 'payload' | 'data' }[] = [
	{ type: 1, table: 'studies', sealed: 'payload' },
	{ type: 2, table: 'series', sealed: 'payload' },
	{ type: 3, table: 'instances', sealed: 'payload' },
	{ type: 4, table: 'chunks', sealed: 'data' },
	{ type: 5, table: 'meta', sealed: 'payload' }
];
const PAGE = 64;

function u32(n: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, n);
	return out;
}

function frame(type: number, body: Uint8Array[]): Uint8Array[] {
	const length = body.reduce((n, b) => n + b.length, 0);
	return [new Uint8Array([type]), u32(length), ...body];
}

type AnyTable = Table<Record<string, unknown>, unknown>;
const primaryKey = (table: TableName, row: Record<string, unknown>) =>
	table === 'chunks' ? [row.instanceId, row.index] : row.id;

/** Pages through a table by primary key: constant cost per page, however large the vault. */
async function* pages(table: AnyTable, name: TableName): AsyncGenerator<Record<string, unknown>[]> {
	let rows = await table.orderBy(':id').limit(PAGE).toArray();
	while (rows.length) {
		yield rows;
		if (rows.length < PAGE) return;
		const lastKey = primaryKey(name, rows[rows.length - 1]!);
		rows = await table.where(':id').above(lastKey).limit(PAGE).toArray();
	}
}

/** Yields the backup file's bytes, a page of rows at a time. Needs the vault unlocked (for the MAC key). */
export async function* exportBackup(vault: Vault): AsyncGenerator<Uint8Array> {
	const header = await vault.header();
	const mac = createMac(vault.session.keys.backup);
	const emit = (parts: Uint8Array[]) => {
		for (const p of parts) mac.update(p);
		return parts;
	};
	let frames = 0;
	const headerJson = utf8(
		JSON.stringify({
			headerV: header.v,
			kdf: header.kdf,
			salt: toBase64Url(header.salt),
			wrappedKey: toBase64Url(header.wrappedKey),
			createdAt: new Date().toISOString().slice(0, 10)
		})
	);
	yield* emit([MAGIC, new Uint8Array([BACKUP_VERSION]), u32(headerJson.length), headerJson]);

	const db = vault.db;
	// The mutable rows in one transaction: the ledger and the revisions of the studies and meta rows it names
	// (ledger.ts) from the same moment, however long the rest takes. Series, instances and chunks are written
	// once per id, so paging through them as they are is enough.
	const [studies, meta] = await db.transaction('r', db.studies, db.meta, () =>
		Promise.all([db.studies.toArray(), db.meta.toArray()])
	);
	const snapshot = { studies, meta } as unknown as Partial<
		Record<TableName, Record<string, unknown>[]>
	>;
	for (const { type, table, sealed } of FRAME_TYPES) {
		const taken = snapshot[table];
		const source = taken ? [taken] : pages(db[table] as unknown as AnyTable, table);
		for await (const rows of source) {
			const parts: Uint8Array[] = [];
			for (const row of rows) {
				if (table === 'meta' && !isSealedMetaId(row.id)) continue;
				const { [sealed]: value, ...clear } = row;
				// Chunks may be stored as Blobs (db.ts): the backup holds their bytes, as before.
				const bytes =
					value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : (value as Uint8Array);
				const clearJson = utf8(JSON.stringify(clear));
				const len = new Uint8Array([clearJson.length >> 8, clearJson.length & 255]);
				parts.push(...frame(type, [len, clearJson, bytes]));
				frames++;
			}
			if (parts.length) yield* emit(parts);
		}
	}
	const tag = mac.digest();
	yield* frame(END, [u32(frames), tag]);
}

interface BackupHeader {
	headerV: number;
	kdf: KdfParams;
	salt: string;
	wrappedKey: string;
}

/** Reads just the header: lets the UI ask for the passphrase before anything is written. */
export async function readBackupHeader(stream: ReadableStream<Uint8Array>): Promise<HeaderRow> {
	const reader = new ByteReader(stream);
	try {
		return (await readHeader(reader)).header;
	} finally {
		await reader.cancel();
	}
}

async function readHeader(reader: ByteReader) {
	const magic = await reader.read(MAGIC.length + 1);
	if (!magic || !constantTimeEqual(magic.subarray(0, MAGIC.length), MAGIC)) {
		throw new VaultError('backup-invalid', 'not a Radfolio backup');
	}
	const version = magic[MAGIC.length]!;
	if (version > BACKUP_VERSION) throw new VaultError('schema-too-new', `backup version ${version}`);
	if (version < 1) throw new VaultError('backup-invalid', 'backup version 0');
	const lenBytes = await reader.read(4);
	if (!lenBytes) throw new VaultError('backup-invalid', 'cut short');
	const length = new DataView(lenBytes.buffer).getUint32(0);
	if (length > 64 * 1024) throw new VaultError('backup-invalid', 'header too long');
	const json = await reader.read(length);
	if (!json) throw new VaultError('backup-invalid', 'cut short');
	let header: HeaderRow;
	try {
		const parsed = JSON.parse(fromUtf8(json)) as BackupHeader;
		header = {
			id: 'header',
			v: parsed.headerV,
			kdf: parsed.kdf,
			salt: fromBase64Url(parsed.salt),
			wrappedKey: fromBase64Url(parsed.wrappedKey)
		};
	} catch {
		throw new VaultError('backup-invalid', 'header');
	}
	// Refused here, as the file is picked, not after the patient typed a passphrase: a header anyone can write must
	// not make this tab run Argon2id at its price. The floor is checked where the key is unwrapped (keyring.ts),
	// which knows whether weak test parameters are allowed.
	try {
		checkStoredKdf(header.kdf, { allowWeak: true });
	} catch (error) {
		const refusal = kdfRefusal(error);
		throw refusal.code === 'kdf-too-costly' ? refusal : new VaultError('backup-invalid', 'KDF');
	}
	return { header, consumed: [magic, lenBytes, json] };
}

/**
 * Restores a backup into a profile that has no vault. Wrong passphrase: nothing is written. A damaged or cut
 * backup: everything written is removed again and VaultError('backup-invalid') is thrown. On success the vault is
 * left unlocked.
 */
export async function restoreBackup(input: {
	vault: Vault;
	stream: ReadableStream<Uint8Array>;
	passphrase: string;
	allowWeakKdf?: boolean;
	onProgress?: (bytes: number) => void;
}): Promise<void> {
	await restore(input, {
		master: (header) =>
			unwrapMaster(header, input.passphrase, { allowWeakKdf: input.allowWeakKdf }),
		header: async (header) => header
	});
}

/**
 * Restores a vault another device handed over ("Add a device", src/lib/transfer): the same backup stream, opened
 * with the master key that came with it, and kept under this device's own passphrase (a new header wraps the same
 * master key; no record is re-encrypted). Same guarantees as restoreBackup.
 */
export async function restoreTransferred(input: {
	vault: Vault;
	stream: ReadableStream<Uint8Array>;
	master: Uint8Array;
	passphrase: string;
	kdf?: KdfParams;
	onProgress?: (bytes: number) => void;
}): Promise<void> {
	if (!input.passphrase) throw new RangeError('empty passphrase');
	await restore(input, {
		master: async () => input.master.slice(),
		header: (_, master) => wrapMaster(master, input.passphrase, input.kdf ?? DEFAULT_KDF)
	});
}

async function restore(
	input: {
		vault: Vault;
		stream: ReadableStream<Uint8Array>;
		passphrase: string;
		onProgress?: (bytes: number) => void;
	},
	keying: {
		master: (header: HeaderRow) => Promise<Uint8Array>;
		header: (header: HeaderRow, master: Uint8Array) => Promise<HeaderRow>;
	}
): Promise<void> {
	const { vault } = input;
	if ((await vault.state()) !== 'none') throw new VaultError('exists');
	const reader = new ByteReader(input.stream);
	const db = vault.db;
	let master: Uint8Array | null = null;
	try {
		const { header, consumed } = await readHeader(reader);
		master = await keying.master(header);
		const keys = deriveVaultKeys(master);
		const mac = createMac(keys.backup);
		for (const part of consumed) mac.update(part);
		let bytes = consumed.reduce((n, p) => n + p.length, 0);
		let frames = 0;
		let pending: { table: TableName; row: Record<string, unknown> }[] = [];
		const flush = async () => {
			const byTable = new Map<TableName, Record<string, unknown>[]>();
			for (const p of pending) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p.row]);
			pending = [];
			for (const [table, rows] of byTable) {
				await (db[table] as unknown as AnyTable).bulkPut(rows);
			}
		};
		for (;;) {
			const head = await reader.read(5);
			if (!head) throw new VaultError('backup-invalid', 'cut short');
			const type = head[0]!;
			const length = new DataView(head.buffer).getUint32(1);
			if (length > 64 * 1024 * 1024) throw new VaultError('backup-invalid', 'frame too long');
			const body = await reader.read(length);
			if (!body) throw new VaultError('backup-invalid', 'cut short');
			if (type === END) {
				const count = new DataView(body.buffer).getUint32(0);
				const ok = count === frames && constantTimeEqual(body.subarray(4), mac.digest());
				if (!ok || !(await reader.atEnd()))
					throw new VaultError('backup-invalid', 'authentication');
				break;
			}
			mac.update(head);
			mac.update(body);
			bytes += head.length + body.length;
			frames++;
			const kind = FRAME_TYPES.find((f) => f.type === type);
			if (!kind) throw new VaultError('backup-invalid', `frame type ${type}`);
			const clearLength = (body[0]! << 8) | body[1]!;
			const clear = JSON.parse(fromUtf8(body.subarray(2, 2 + clearLength))) as Record<
				string,
				unknown
			>;
			const row = { ...clear, [kind.sealed]: body.slice(2 + clearLength) };
			if (kind.table === 'meta' && !isSealedMetaId(row.id)) {
				throw new VaultError('backup-invalid', 'unexpected meta row');
			}
			pending.push({ table: kind.table, row });
			if (pending.length >= PAGE) await flush();
			input.onProgress?.(bytes);
		}
		await flush();
		wipe(keys.record, keys.id, keys.backup, keys.chunk);
		// The header goes in last: until then, this profile has no vault, only rows nobody can open.
		await db.meta.put(await keying.header(header, master));
		await vault.unlock(input.passphrase);
	} catch (error) {
		if (!(error instanceof VaultError && error.code === 'wrong-passphrase')) {
			await Promise.all([
				db.studies.clear(),
				db.series.clear(),
				db.instances.clear(),
				db.chunks.clear(),
				db.meta.clear()
			]).catch(() => {});
		}
		if (error instanceof VaultError) throw error;
		// A vault sent from another device comes inside a share stream, whose header names a KDF too.
		if (error instanceof CryptoError && error.code === 'kdf-too-costly') throw kdfRefusal(error);
		throw new VaultError('backup-invalid', String(error), { cause: error });
	} finally {
		master?.fill(0);
		await reader.cancel();
	}
}

const isSealedMetaId = (id: unknown) => (SEALED_META_IDS as readonly unknown[]).includes(id);
