import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RelayError } from './errors';
import { Mailboxes } from './mailboxes';

/**
 * The relay's store: share metadata in SQLite (`relay.sqlite`), ciphertext on the local disk as numbered part files
 * (`blobs/<id>/<n>`), both under the server's data dir. The relay only ever holds the encrypted share stream; the
 * key lives in the link's fragment, which never reaches it. The blob side sits behind `BlobStore` so an
 * S3-compatible object store could take its place.
 *
 * Format (PRAGMA user_version = 1):
 *   shares(id, owner_hash, state, created_at, expires_at, max_opens, opens, size, parts, ended_at)
 *   state: uploading → ready → (expired | revoked | used). Ended shares keep their row (a tombstone, so links
 *   answer 410 rather than 404) for 30 days; their blobs are deleted at once.
 * No client address, user agent or key is stored.
 */
export const RELAY_DB_VERSION = 2;
export type ShareState = 'uploading' | 'ready' | 'expired' | 'revoked' | 'used';

export interface ShareInfo {
	id: string;
	state: ShareState;
	createdAt: number;
	expiresAt: number;
	maxOpens: number | null;
	opens: number;
	size: number;
	parts: number;
}

export interface BlobStore {
	writePart(
		id: string,
		index: number,
		body: AsyncIterable<Uint8Array>,
		maxBytes: number
	): Promise<number>;
	read(id: string, parts: number): AsyncIterable<Uint8Array>;
	remove(id: string): void;
	/**
	 * After a restart: keeps exactly the counted parts of the live shares (id → parts) and deletes everything else —
	 * half-written parts of a killed process, parts written but never counted, blobs of shares that ended.
	 */
	recover?(live: Map<string, number>): void;
}

export { RelayError } from './errors';

/** Part files on the local disk; a part is written to a temporary file and renamed into place when whole. */
export class DiskBlobStore implements BlobStore {
	constructor(readonly dir: string) {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
	}

	async writePart(id: string, index: number, body: AsyncIterable<Uint8Array>, maxBytes: number) {
		const folder = join(this.dir, id);
		mkdirSync(folder, { recursive: true });
		const temp = join(folder, `${index}.tmp`);
		const file = await open(temp, 'w');
		let size = 0;
		try {
			for await (const chunk of body) {
				size += chunk.length;
				if (size > maxBytes) throw new RelayError(413, 'too large');
				await file.write(chunk);
			}
		} catch (error) {
			await file.close();
			rmSync(temp, { force: true });
			throw error;
		}
		await file.close();
		await rename(temp, join(folder, String(index)));
		return size;
	}

	async *read(id: string, parts: number): AsyncIterable<Uint8Array> {
		for (let i = 0; i < parts; i++) {
			for await (const chunk of createReadStream(join(this.dir, id, String(i)), {
				highWaterMark: 1024 * 1024
			})) {
				yield chunk as Uint8Array;
			}
		}
	}

	remove(id: string) {
		rmSync(join(this.dir, id), { recursive: true, force: true });
	}

	recover(live: Map<string, number>) {
		for (const id of readdirSync(this.dir)) {
			const parts = live.get(id);
			if (parts === undefined) {
				this.remove(id);
				continue;
			}
			const keep = new Set(Array.from({ length: parts }, (_, i) => String(i)));
			for (const file of readdirSync(join(this.dir, id))) {
				if (!keep.has(file)) rmSync(join(this.dir, id, file), { force: true });
			}
		}
	}

	async partSize(id: string, index: number) {
		return (await stat(join(this.dir, id, String(index)))).size;
	}
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const TOMBSTONE_MS = 30 * 86_400_000;
/** A download that never started or finished stops holding an open after this long. */
const OPENING_STALE_MS = 10 * 60_000;
const UPLOAD_TIMEOUT_MS = 24 * 3_600_000;

interface Row {
	id: string;
	owner_hash: Buffer;
	state: ShareState;
	created_at: number;
	expires_at: number;
	max_opens: number | null;
	opens: number;
	size: number;
	parts: number;
}

export class RelayStore {
	readonly db: Database.Database;
	readonly blobs: BlobStore;
	readonly mailboxes: Mailboxes;
	/** Share id → start times of counted downloads in progress (this process only). */
	readonly #opening = new Map<string, number[]>();

	constructor(dataDir: string, blobs?: BlobStore) {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		this.db = new Database(join(dataDir, 'relay.sqlite'));
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('busy_timeout = 5000');
		const version = this.db.pragma('user_version', { simple: true }) as number;
		if (version > RELAY_DB_VERSION) {
			throw new Error(`relay.sqlite is format ${version}; this Radfolio knows ${RELAY_DB_VERSION}`);
		}
		if (version < 1) {
			this.db.exec(`
				CREATE TABLE IF NOT EXISTS shares (
					id TEXT PRIMARY KEY,
					owner_hash BLOB NOT NULL,
					state TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					expires_at INTEGER NOT NULL,
					max_opens INTEGER,
					opens INTEGER NOT NULL DEFAULT 0,
					size INTEGER NOT NULL DEFAULT 0,
					parts INTEGER NOT NULL DEFAULT 0,
					ended_at INTEGER
				);
				PRAGMA user_version = 1;
			`);
		}
		// Version 2 added the mailboxes ("Add a device"); a version-1 file gains the table as it is.
		this.mailboxes = new Mailboxes(this.db);
		if (version < 2) this.db.pragma('user_version = 2');
		this.blobs = blobs ?? new DiskBlobStore(join(dataDir, 'blobs'));
		// A process killed mid-upload leaves half-written parts; a crash between ending a share and deleting its
		// blob leaves the blob. Neither may linger or ever be served.
		const live = this.db
			.prepare(`SELECT id, parts FROM shares WHERE state IN ('uploading', 'ready')`)
			.all() as { id: string; parts: number }[];
		this.blobs.recover?.(new Map(live.map((r) => [r.id, r.parts])));
	}

	create(options: { expiresInSeconds: number; maxOpens: number | null }, now = Date.now()) {
		const id = randomBytes(16).toString('base64url');
		const ownerToken = randomBytes(32).toString('base64url');
		this.db
			.prepare(
				`INSERT INTO shares (id, owner_hash, state, created_at, expires_at, max_opens) VALUES (?, ?, 'uploading', ?, ?, ?)`
			)
			.run(id, sha256(ownerToken), now, now + options.expiresInSeconds * 1000, options.maxOpens);
		return { id, ownerToken };
	}

	#row(id: string): Row | undefined {
		if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
		return this.db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as Row | undefined;
	}

	#owned(id: string, ownerToken: string | null): Row {
		const row = this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		const given = sha256(ownerToken ?? '');
		if (!ownerToken || !timingSafeEqual(given, row.owner_hash)) {
			throw new RelayError(401, 'not the owner of this share');
		}
		return row;
	}

	/** The share as the public may see it; ends it first if its time is up. */
	info(id: string, now = Date.now()): ShareInfo {
		const row = this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		if (row.state === 'ready' && row.expires_at <= now) this.#end(row.id, 'expired', now);
		return this.#toInfo(this.#row(id)!);
	}

	#toInfo(row: Row): ShareInfo {
		return {
			id: row.id,
			state: row.state,
			createdAt: row.created_at,
			expiresAt: row.expires_at,
			maxOpens: row.max_opens,
			opens: row.opens,
			size: row.size,
			parts: row.parts
		};
	}

	/** Stores part `index` (parts arrive in order; a part already stored is accepted again, unchanged). */
	async putPart(
		id: string,
		ownerToken: string | null,
		index: number,
		body: AsyncIterable<Uint8Array>,
		limits: { partBytes: number; totalBytes: number }
	): Promise<ShareInfo> {
		const row = this.#owned(id, ownerToken);
		if (row.state !== 'uploading')
			throw new RelayError(409, 'this share is no longer open for upload');
		if (index !== row.parts) throw new RelayError(409, `expected part ${row.parts}`);
		const room = Math.min(limits.partBytes, limits.totalBytes - row.size);
		const size = await this.blobs.writePart(id, index, body, Math.max(0, room));
		this.db
			.prepare('UPDATE shares SET parts = parts + 1, size = size + ? WHERE id = ? AND parts = ?')
			.run(size, id, index);
		return this.#toInfo(this.#row(id)!);
	}

	complete(id: string, ownerToken: string | null): ShareInfo {
		const row = this.#owned(id, ownerToken);
		if (row.state !== 'uploading') throw new RelayError(409, 'already complete');
		if (!row.parts) throw new RelayError(409, 'nothing was uploaded');
		this.db.prepare(`UPDATE shares SET state = 'ready' WHERE id = ?`).run(id);
		return this.#toInfo(this.#row(id)!);
	}

	/**
	 * The ciphertext of a ready share, for download. `counted` downloads are the recipient's real opens: the open is
	 * recorded only once the last byte was handed out, and a share used up is ended.
	 */
	download(id: string, counted: boolean, now = Date.now()) {
		const info = this.info(id, now);
		if (info.state !== 'ready')
			throw new RelayError(info.state === 'uploading' ? 404 : 410, info.state);
		if (info.maxOpens !== null && info.opens >= info.maxOpens) throw new RelayError(410, 'used');
		// A counted download holds one of the opens left until it finishes or stops, so two recipients starting at
		// the same moment cannot both use a one-open link.
		let release = () => {};
		if (counted && info.maxOpens !== null) {
			const started = (this.#opening.get(id) ?? []).filter((t) => now - t < OPENING_STALE_MS);
			if (info.opens + started.length >= info.maxOpens) {
				throw new RelayError(409, 'this share is being opened right now; try again in a moment');
			}
			started.push(now);
			this.#opening.set(id, started);
			let released = false;
			release = () => {
				if (released) return;
				released = true;
				const list = this.#opening.get(id) ?? [];
				const at = list.indexOf(now);
				if (at >= 0) list.splice(at, 1);
				if (!list.length) this.#opening.delete(id);
			};
		}
		const blobs = this.blobs;
		const countOpen = () => this.#countOpen(id);
		async function* body() {
			try {
				yield* blobs.read(id, info.parts);
				if (counted) countOpen();
			} finally {
				release();
			}
		}
		return { info, body: body(), release };
	}

	#countOpen(id: string, now = Date.now()) {
		this.db.prepare('UPDATE shares SET opens = opens + 1 WHERE id = ?').run(id);
		const row = this.#row(id)!;
		if (row.max_opens !== null && row.opens >= row.max_opens) this.#end(id, 'used', now);
	}

	revoke(id: string, ownerToken: string | null, now = Date.now()) {
		const row = this.#owned(id, ownerToken);
		if (row.state === 'uploading' || row.state === 'ready') this.#end(id, 'revoked', now);
	}

	#end(id: string, state: 'expired' | 'revoked' | 'used', now: number) {
		this.db.prepare('UPDATE shares SET state = ?, ended_at = ? WHERE id = ?').run(state, now, id);
		this.blobs.remove(id);
	}

	/** Ends expired shares, drops abandoned uploads and old tombstones. Returns how many rows it touched. */
	sweep(now = Date.now()): number {
		const expired = this.db
			.prepare(`SELECT id FROM shares WHERE state = 'ready' AND expires_at <= ?`)
			.all(now) as { id: string }[];
		for (const { id } of expired) this.#end(id, 'expired', now);
		const abandoned = this.db
			.prepare(`SELECT id FROM shares WHERE state = 'uploading' AND created_at <= ?`)
			.all(now - UPLOAD_TIMEOUT_MS) as { id: string }[];
		for (const { id } of abandoned) {
			this.blobs.remove(id);
			this.db.prepare('DELETE FROM shares WHERE id = ?').run(id);
		}
		const old = this.db
			.prepare('DELETE FROM shares WHERE ended_at IS NOT NULL AND ended_at <= ?')
			.run(now - TOMBSTONE_MS).changes;
		return expired.length + abandoned.length + old + this.mailboxes.sweep(now);
	}

	close() {
		this.db.close();
	}
}
