import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { parseShareHeader, SHARE_HEADER_MAX } from '$lib/crypto/share-stream';
import { RelayError } from './errors';
import { Mailboxes } from './mailboxes';

/**
 * The relay's store: share metadata in SQLite (`relay.sqlite`), ciphertext on the local disk as numbered part files
 * (`blobs/<id>/<n>`), both under the server's data dir. The relay only ever holds the encrypted share stream; the
 * key lives in the link's fragment, which never reaches it. The blob side sits behind `BlobStore` so an
 * S3-compatible object store could take its place.
 *
 * Format (PRAGMA user_version = 3):
 *   shares(id, owner_hash, state, created_at, expires_at, max_opens, opens, size, parts, ended_at, touched_at)
 *     state: uploading → ready → (expired | revoked | used). Ended shares keep their row (a tombstone, so links
 *     answer 410 rather than 404) for 30 days; their blobs are deleted at once. `touched_at`: the last part written
 *     (an upload idle for UPLOAD_IDLE_MS is dropped).
 *   share_parts(share_id, idx, size, sha256): each stored part, so a part sent again (its answer was lost) is
 *     recognised as the same bytes.
 *   share_tickets(token_hash, share_id, created_at, active_at, served, counted, state): one per open (see
 *     startOpen); kept a day after it ends.
 *   mailbox_boxes, mailbox_slots: see mailboxes.ts.
 * Version 2 had a `mailboxes` table (transfer protocol v1, no owner); it is dropped. Version 1 had no mailboxes.
 * No client address, user agent or key is stored.
 *
 * Opens, and why they are counted this way: whoever holds the ciphertext and the link's key has the study, so
 * ciphertext goes only to an open that counts. An open starts with a ticket (startOpen), which holds one of the
 * opens left; the ticket downloads the ciphertext (again, or from an offset, if the network cut it); the open is
 * counted once the whole ciphertext was handed out under it, or when the recipient says it has everything
 * (finishOpen), or when the ticket lapses (15 minutes idle, 2 hours old) after any ciphertext was handed out under
 * it; the ticket may download again (twice the share at most) to finish a copy the network cut. A ticket that
 * downloaded nothing lapses without spending anything. A used-up share ends (its ciphertext deleted) once no ticket
 * is still downloading it.
 */
export const RELAY_DB_VERSION = 3;
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
	/** The parts (of the sizes given) as one stream, from byte `start` of the whole. */
	read(id: string, sizes: number[], start?: number): AsyncIterable<Uint8Array>;
	remove(id: string): void;
	/** Deletes one stored part (written, then not counted). */
	removePart?(id: string, index: number): void;
	/**
	 * After a restart: keeps exactly the counted parts of the live shares (id → parts) and deletes everything else —
	 * half-written parts of a killed process, parts written but never counted, blobs of shares that ended.
	 */
	recover?(live: Map<string, number>): void;
	/** Bytes free where the parts are kept (a full disk refuses parts before it fails mid-write). */
	freeBytes?(): number;
	/** Sizes of a share's stored parts, for shares stored before the relay kept them (format 2). */
	partSizes?(id: string, parts: number): number[];
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
		// A name of its own per write (and created exclusively): two writes of one part never share a file.
		const temp = join(folder, `${index}.${randomBytes(6).toString('hex')}.tmp`);
		const file = await open(temp, 'wx');
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

	async *read(id: string, sizes: number[], start = 0): AsyncIterable<Uint8Array> {
		let offset = 0;
		for (const [i, size] of sizes.entries()) {
			const from = Math.max(0, start - offset);
			offset += size;
			if (from >= size) continue;
			// Up to the recorded size only: a file on disk is never served past what was counted.
			for await (const chunk of createReadStream(join(this.dir, id, String(i)), {
				start: from,
				end: size - 1,
				highWaterMark: 1024 * 1024
			})) {
				yield chunk as Uint8Array;
			}
		}
	}

	remove(id: string) {
		rmSync(join(this.dir, id), { recursive: true, force: true });
	}

	removePart(id: string, index: number) {
		rmSync(join(this.dir, id, String(index)), { force: true });
	}

	freeBytes() {
		const stats = statfsSync(this.dir);
		return stats.bavail * stats.bsize;
	}

	partSizes(id: string, parts: number) {
		return Array.from({ length: parts }, (_, i) => statSync(join(this.dir, id, String(i))).size);
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
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const TOMBSTONE_MS = 30 * 86_400_000;
/** An upload with no part written for this long is dropped with its parts. */
export const UPLOAD_IDLE_MS = 3_600_000;
/** Room the relay leaves free on its disk, for the database and everything else on the machine. */
const DISK_RESERVE_BYTES = 1024 * 1024 * 1024;
/** A ticket lapses this long after it last handed out a byte (or was made)… */
export const TICKET_IDLE_MS = 15 * 60_000;
/** …and this long after it was made, whatever it does: nobody holds a link "being opened" for its whole life. */
export const TICKET_LIFETIME_MS = 2 * 3_600_000;
/**
 * What one ticket may download: the share four times and 8 MiB more. A recipient on a bad network resumes many times,
 * and each cut may leave what the server had already handed to the network (socket buffers: up to megabytes, a
 * small study whole) counted but never received; the bound only stops a ticket from serving as a free file host.
 */
export const TICKET_SERVES = (size: number) => 4 * size + 8 * 1024 * 1024;
/** Tickets live at once on one share (an unlimited share's many recipients included). */
const TICKETS_PER_SHARE = 20;
/** Ended tickets are kept this long (an acknowledgement said twice is answered the same). */
const TICKET_KEPT_MS = 86_400_000;
/** The smallest part, but for the last: a share cannot be cut into countless tiny files. */
export const MIN_PART_BYTES = 64 * 1024;

/** How much a part may hold: the relay's own limits, with what each one is (for the refusal). */
export interface PartRoom {
	/** Largest part. */
	partBytes: number;
	/** Largest share. */
	totalBytes: number;
	/** What this client may still upload in its window (the caller keeps that count). */
	clientBytes: number;
	/** All shares stored on this relay together. */
	storeBytes: number;
}

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

interface TicketRow {
	token_hash: Buffer;
	share_id: string;
	created_at: number;
	active_at: number;
	served: number;
	/** 1 once the open was counted in the share's `opens` (see #count). */
	counted: number;
	state: 'live' | 'spent' | 'released';
}

export class RelayStore {
	readonly db: Database.Database;
	readonly blobs: BlobStore;
	readonly mailboxes: Mailboxes;
	/** Bytes of parts being written right now (this process), counted against the store's total. */
	#inflight = 0;
	/** Shares with a part being written right now (this process): one write per share at a time. */
	readonly #writing = new Set<string>();

	constructor(
		dataDir: string,
		blobs?: BlobStore,
		/** Tests shrink what a ticket may download, to reach the bound. */
		readonly ticketServes = TICKET_SERVES
	) {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		this.db = new Database(join(dataDir, 'relay.sqlite'));
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('busy_timeout = 5000');
		const version = this.db.pragma('user_version', { simple: true }) as number;
		if (version > RELAY_DB_VERSION) {
			throw new Error(`relay.sqlite is format ${version}; this Radfolio knows ${RELAY_DB_VERSION}`);
		}
		this.db.transaction(() => this.#migrate(version))();
		this.mailboxes = new Mailboxes(this.db);
		this.blobs = blobs ?? new DiskBlobStore(join(dataDir, 'blobs'));
		// A process killed mid-upload leaves half-written parts; a crash between ending a share and deleting its
		// blob leaves the blob. Neither may linger or ever be served.
		const live = this.db
			.prepare(`SELECT id, parts FROM shares WHERE state IN ('uploading', 'ready')`)
			.all() as { id: string; parts: number }[];
		this.blobs.recover?.(new Map(live.map((r) => [r.id, r.parts])));
	}

	#migrate(version: number) {
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
			`);
		}
		if (version < 3) {
			// Shares still uploading from before could not be told apart from a resent part: they are ended (their
			// sender sees the upload fail and can share again). Ready shares carry on; their tickets start now.
			this.db.exec(`
				DROP TABLE IF EXISTS mailboxes;
				ALTER TABLE shares ADD COLUMN touched_at INTEGER;
				UPDATE shares SET touched_at = created_at;
				UPDATE shares SET state = 'revoked', ended_at = created_at WHERE state = 'uploading';
				CREATE TABLE share_parts (
					share_id TEXT NOT NULL,
					idx INTEGER NOT NULL,
					size INTEGER NOT NULL,
					sha256 BLOB NOT NULL,
					PRIMARY KEY (share_id, idx)
				);
				CREATE TABLE share_tickets (
					token_hash BLOB PRIMARY KEY,
					share_id TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					active_at INTEGER NOT NULL,
					served INTEGER NOT NULL DEFAULT 0,
					counted INTEGER NOT NULL DEFAULT 0,
					state TEXT NOT NULL
				);
				CREATE INDEX share_tickets_share ON share_tickets(share_id, state);
			`);
			// Ready shares from version 2 have no part rows: their sizes are read back from the blob store
			// (partSizes), and a part sent to them again is refused, as they are complete.
		}
		this.db.pragma(`user_version = ${RELAY_DB_VERSION}`);
	}

	create(options: { expiresInSeconds: number; maxOpens: number | null }, now = Date.now()) {
		const id = randomBytes(16).toString('base64url');
		const ownerToken = randomBytes(32).toString('base64url');
		this.db
			.prepare(
				`INSERT INTO shares (id, owner_hash, state, created_at, expires_at, max_opens, touched_at) VALUES (?, ?, 'uploading', ?, ?, ?, ?)`
			)
			.run(
				id,
				sha256(ownerToken),
				now,
				now + options.expiresInSeconds * 1000,
				options.maxOpens,
				now
			);
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

	/** The share as the public may see it; ends it first if its time is up, settles lapsed tickets. */
	info(id: string, now = Date.now()): ShareInfo {
		const row = this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		if (row.state === 'ready' && row.expires_at <= now) this.#end(row.id, 'expired', now);
		else if (row.state === 'ready') this.#settleTickets(row.id, now);
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

	/** Bytes held for shares not ended, plus parts being written: what the store's total cap counts. */
	storedBytes(): number {
		const row = this.db
			.prepare(
				`SELECT COALESCE(SUM(size), 0) AS n FROM shares WHERE state IN ('uploading', 'ready')`
			)
			.get() as { n: number };
		return row.n + this.#inflight;
	}

	/**
	 * Stores part `index`. Parts arrive in order; a part already stored may be sent again (its answer was lost on
	 * the way) and is accepted when its bytes are the same, refused (409) when they differ. Part 0 must begin with a
	 * share-stream header of a version this relay knows: the relay keeps Radfolio shares, not arbitrary files.
	 * Returns the share and the bytes this request brought (for the caller's per-client count).
	 */
	async putPart(
		id: string,
		ownerToken: string | null,
		index: number,
		body: AsyncIterable<Uint8Array>,
		room: PartRoom,
		now = Date.now()
	): Promise<{ info: ShareInfo; received: number }> {
		const row = this.#owned(id, ownerToken);
		if (index < row.parts && (row.state === 'uploading' || row.state === 'ready')) {
			return this.#resentPart(row, index, body, room.partBytes);
		}
		if (row.state !== 'uploading')
			throw new RelayError(409, 'this share is no longer open for upload');
		if (index !== row.parts) throw new RelayError(409, `expected part ${row.parts}`);
		if (index > 0) {
			// Every part but the last holds at least MIN_PART_BYTES: a shorter one was the last.
			const previous = this.db
				.prepare('SELECT size FROM share_parts WHERE share_id = ? AND idx = ?')
				.get(id, index - 1) as { size: number } | undefined;
			if (!previous || previous.size < Math.min(MIN_PART_BYTES, room.partBytes))
				throw new RelayError(409, 'the previous part was short, so it was the last one');
		}
		if (this.#writing.has(id))
			throw new RelayError(409, 'a part of this share is being written right now');
		this.#writing.add(id);
		try {
			return await this.#writePart(row, index, body, room, now);
		} finally {
			this.#writing.delete(id);
		}
	}

	async #writePart(
		row: Row,
		index: number,
		body: AsyncIterable<Uint8Array>,
		room: PartRoom,
		now: number
	): Promise<{ info: ShareInfo; received: number }> {
		const id = row.id;
		// The store's own cap, and the disk: a part never fills it past DISK_RESERVE_BYTES.
		const storeRoom = Math.min(
			room.storeBytes - this.storedBytes(),
			(this.blobs.freeBytes?.() ?? Infinity) - this.#inflight - DISK_RESERVE_BYTES
		);
		const limits: [number, RelayError][] = [
			[room.partBytes, new RelayError(413, 'part too large')],
			[
				room.totalBytes - row.size,
				new RelayError(413, 'the share is larger than this relay takes')
			],
			[
				room.clientBytes,
				new RelayError(
					429,
					'you have shared a lot from this connection today; try again later',
					3600
				)
			],
			[
				storeRoom,
				new RelayError(507, 'the sharing service is full right now; try again later', 600)
			]
		];
		const max = Math.max(0, Math.min(...limits.map(([n]) => n)));
		const hash = createHash('sha256');
		let received = 0;
		const checked = checkedPart(body, index === 0, (chunk) => {
			hash.update(chunk);
			received += chunk.length;
		});
		// Held against the store's total while it is written, so parallel uploads cannot overshoot it together.
		const held = Math.min(max, room.partBytes);
		this.#inflight += held;
		let size: number;
		try {
			size = await this.blobs.writePart(id, index, checked, max);
		} catch (error) {
			if (error instanceof RelayError && error.status === 413 && error.message === 'too large') {
				// The smallest limit is the one it met.
				throw limits.find(([n]) => Math.max(0, n) === max)![1];
			}
			throw error;
		} finally {
			this.#inflight -= held;
		}
		if (size === 0) {
			this.blobs.removePart?.(id, index);
			throw new RelayError(400, 'empty part');
		}
		const stored = this.db.transaction(() => {
			const current = this.#row(id);
			if (!current || current.state !== 'uploading' || current.parts !== index) return false;
			this.db
				.prepare(
					'INSERT OR REPLACE INTO share_parts (share_id, idx, size, sha256) VALUES (?, ?, ?, ?)'
				)
				.run(id, index, size, hash.digest());
			this.db
				.prepare(
					'UPDATE shares SET parts = parts + 1, size = size + ?, touched_at = ? WHERE id = ?'
				)
				.run(size, now, id);
			return true;
		})();
		if (!stored) {
			this.blobs.removePart?.(id, index);
			throw new RelayError(409, 'this share changed while the part was written');
		}
		return { info: this.#toInfo(this.#row(id)!), received };
	}

	async #resentPart(row: Row, index: number, body: AsyncIterable<Uint8Array>, partBytes: number) {
		const part = this.db
			.prepare('SELECT size, sha256 FROM share_parts WHERE share_id = ? AND idx = ?')
			.get(row.id, index) as { size: number; sha256: Buffer } | undefined;
		const hash = createHash('sha256');
		let received = 0;
		for await (const chunk of body) {
			received += chunk.length;
			if (received > partBytes) throw new RelayError(413, 'part too large');
			hash.update(chunk);
		}
		if (!part || part.size !== received || !timingSafeEqual(hash.digest(), part.sha256)) {
			throw new RelayError(409, `part ${index} was stored already, with other bytes`);
		}
		return { info: this.#toInfo(row), received };
	}

	complete(id: string, ownerToken: string | null): ShareInfo {
		const row = this.#owned(id, ownerToken);
		if (row.state === 'ready') return this.#toInfo(row); // sent again: its answer was lost
		if (row.state !== 'uploading') throw new RelayError(409, 'this share has ended');
		if (!row.parts) throw new RelayError(409, 'nothing was uploaded');
		if (this.#writing.has(id))
			throw new RelayError(409, 'a part of this share is being written right now');
		this.db.prepare(`UPDATE shares SET state = 'ready' WHERE id = ?`).run(id);
		return this.#toInfo(this.#row(id)!);
	}

	/**
	 * Starts an open: a ticket that may download the ciphertext (more than once, from an offset) until it lapses.
	 * It holds one of the opens left, so two recipients of a one-open link cannot both get the ciphertext.
	 */
	startOpen(id: string, now = Date.now()) {
		const info = this.info(id, now);
		if (info.state !== 'ready')
			throw new RelayError(info.state === 'uploading' ? 404 : 410, info.state);
		return this.db.transaction(() => {
			const { live, holding } = this.#liveTickets(id);
			if (info.maxOpens !== null && info.opens + holding >= info.maxOpens) {
				if (live)
					throw new RelayError(409, 'this share is being opened right now; try again later');
				throw new RelayError(410, 'used');
			}
			if (live >= TICKETS_PER_SHARE)
				throw new RelayError(
					429,
					'this share is being opened by many right now; try again later',
					60
				);
			const ticket = randomBytes(32).toString('base64url');
			this.db
				.prepare(
					`INSERT INTO share_tickets (token_hash, share_id, created_at, active_at, state) VALUES (?, ?, ?, ?, 'live')`
				)
				.run(sha256(ticket), id, now, now);
			return {
				ticket,
				size: info.size,
				expiresAt: Math.min(info.expiresAt, now + TICKET_LIFETIME_MS)
			};
		})();
	}

	/** Live tickets of a share, and how many of them hold an open not yet counted. */
	#liveTickets(id: string): { live: number; holding: number } {
		return this.db
			.prepare(
				`SELECT COUNT(*) AS live, COALESCE(SUM(1 - counted), 0) AS holding FROM share_tickets WHERE share_id = ? AND state = 'live'`
			)
			.get(id) as { live: number; holding: number };
	}

	#ticket(id: string, ticket: string | null, now: number): TicketRow {
		const row = ticket
			? (this.db
					.prepare('SELECT * FROM share_tickets WHERE token_hash = ? AND share_id = ?')
					.get(sha256(ticket), id) as TicketRow | undefined)
			: undefined;
		if (!row)
			throw new RelayError(401, 'the ciphertext goes only to an open: start one (POST …/open)');
		if (row.state !== 'live' || lapsed(row, now)) {
			this.#settleTickets(id, now);
			throw new RelayError(410, 'this open has ended');
		}
		return row;
	}

	/**
	 * The ciphertext of a ready share for a live ticket, from byte `start` (a download cut short resumes). Every
	 * byte handed out is recorded against the ticket: the open is counted once the whole ciphertext was handed out
	 * (the ticket may still download it again, to finish a copy the network cut), and a ticket that got any of it
	 * counts when it lapses even if its holder never says it has everything. A ticket downloads the share twice at
	 * most.
	 */
	download(id: string, ticket: string | null, start = 0, now = Date.now()) {
		const info = this.info(id, now);
		if (info.state !== 'ready')
			throw new RelayError(info.state === 'uploading' ? 404 : 410, info.state);
		const held = this.#ticket(id, ticket, now);
		if (start < 0 || start >= info.size)
			throw new RelayError(416, 'only one open-ended range (bytes=N-) within the share is served');
		if (held.served + (info.size - start) > this.ticketServes(info.size))
			throw new RelayError(
				429,
				'this open has downloaded the study twice already; start again from the link'
			);
		const sizes = this.#partSizes(id, info.parts);
		const blobs = this.blobs;
		const record = this.db.prepare(
			'UPDATE share_tickets SET served = served + ?, active_at = ? WHERE token_hash = ?'
		);
		const served = () =>
			(this.db
				.prepare('SELECT served, counted FROM share_tickets WHERE token_hash = ?')
				.get(held.token_hash) as { served: number; counted: number } | undefined) ?? {
				served: 0,
				counted: 1
			};
		const count = () => this.#count(held.token_hash, id);
		async function* body() {
			for await (const chunk of blobs.read(id, sizes, start)) {
				record.run(chunk.length, Date.now(), held.token_hash);
				const now = served();
				if (!now.counted && now.served >= info.size) count();
				yield chunk;
			}
		}
		return { info, start, body: body() };
	}

	#partSizes(id: string, parts: number): number[] {
		const rows = this.db
			.prepare('SELECT idx, size FROM share_parts WHERE share_id = ? ORDER BY idx')
			.all(id) as { idx: number; size: number }[];
		if (rows.length === parts) return rows.map((r) => r.size);
		// Stored before the relay kept part sizes (format 2): as they are on disk.
		if (this.blobs.partSizes) return this.blobs.partSizes(id, parts);
		throw new RelayError(410, 'this share was stored by an older relay; ask for a new link');
	}

	/** The recipient has the whole ciphertext (and verified it): the open is spent; a used-up share ends. */
	finishOpen(id: string, ticket: string | null, now = Date.now()) {
		const row = this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		const held = ticket
			? (this.db
					.prepare('SELECT * FROM share_tickets WHERE token_hash = ? AND share_id = ?')
					.get(sha256(ticket), id) as TicketRow | undefined)
			: undefined;
		if (!held) throw new RelayError(401, 'no such open');
		if (held.state === 'spent') return; // said twice: its answer was lost
		if (held.state !== 'live') throw new RelayError(410, 'this open has ended');
		this.#close(held, now);
	}

	/** Counts a ticket's open in the share's `opens`, once. */
	#count(tokenHash: Buffer, shareId: string) {
		this.db.transaction(() => {
			const changed = this.db
				.prepare('UPDATE share_tickets SET counted = 1 WHERE token_hash = ? AND counted = 0')
				.run(tokenHash).changes;
			if (changed) this.db.prepare('UPDATE shares SET opens = opens + 1 WHERE id = ?').run(shareId);
		})();
	}

	/** A ticket done with (acknowledged, or lapsed after getting ciphertext): counted, closed; a used-up share ends. */
	#close(ticket: TicketRow, now: number) {
		this.#count(ticket.token_hash, ticket.share_id);
		this.db
			.prepare(`UPDATE share_tickets SET state = 'spent', active_at = ? WHERE token_hash = ?`)
			.run(now, ticket.token_hash);
		const row = this.#row(ticket.share_id)!;
		if (row.state === 'ready' && row.max_opens !== null && row.opens >= row.max_opens) {
			// Used up, unless another recipient's ticket still downloads what it counted (it may finish).
			const { live } = this.#liveTickets(row.id);
			if (!live) this.#end(row.id, 'used', now);
		}
	}

	/** Lapsed tickets: closed (and counted) if they handed out any ciphertext, released if not. */
	#settleTickets(id: string | null, now: number) {
		const idle = now - TICKET_IDLE_MS;
		const made = now - TICKET_LIFETIME_MS;
		const lapsedTickets = (
			id === null
				? this.db
						.prepare(
							`SELECT * FROM share_tickets WHERE state = 'live' AND (active_at <= ? OR created_at <= ?)`
						)
						.all(idle, made)
				: this.db
						.prepare(
							`SELECT * FROM share_tickets WHERE share_id = ? AND state = 'live' AND (active_at <= ? OR created_at <= ?)`
						)
						.all(id, idle, made)
		) as TicketRow[];
		for (const ticket of lapsedTickets) {
			if (ticket.served > 0) this.#close(ticket, now);
			else
				this.db
					.prepare(
						`UPDATE share_tickets SET state = 'released', active_at = ? WHERE token_hash = ?`
					)
					.run(now, ticket.token_hash);
		}
	}

	revoke(id: string, ownerToken: string | null, now = Date.now()) {
		const row = this.#owned(id, ownerToken);
		if (row.state === 'uploading' || row.state === 'ready') this.#end(id, 'revoked', now);
	}

	#end(id: string, state: 'expired' | 'revoked' | 'used', now: number) {
		this.db.transaction(() => {
			// Tickets that got ciphertext are counted (the sender's count of opens stays true), then all are closed.
			const live = this.db
				.prepare(`SELECT * FROM share_tickets WHERE share_id = ? AND state = 'live'`)
				.all(id) as TicketRow[];
			for (const ticket of live) if (ticket.served > 0) this.#count(ticket.token_hash, id);
			this.db
				.prepare(
					`UPDATE share_tickets SET state = 'released', active_at = ? WHERE share_id = ? AND state = 'live'`
				)
				.run(now, id);
			this.db.prepare('UPDATE shares SET state = ?, ended_at = ? WHERE id = ?').run(state, now, id);
			this.db.prepare('DELETE FROM share_parts WHERE share_id = ?').run(id);
		})();
		this.blobs.remove(id);
	}

	/** Ends expired shares, drops abandoned uploads and old tombstones. Returns how many rows it touched. */
	sweep(now = Date.now()): number {
		this.#settleTickets(null, now);
		const expired = this.db
			.prepare(`SELECT id FROM shares WHERE state = 'ready' AND expires_at <= ?`)
			.all(now) as { id: string }[];
		for (const { id } of expired) this.#end(id, 'expired', now);
		const abandoned = this.db
			.prepare(
				`SELECT id FROM shares WHERE state = 'uploading' AND (touched_at <= ? OR expires_at <= ?)`
			)
			.all(now - UPLOAD_IDLE_MS, now) as { id: string }[];
		for (const { id } of abandoned) {
			this.blobs.remove(id);
			this.db.prepare('DELETE FROM share_parts WHERE share_id = ?').run(id);
			this.db.prepare('DELETE FROM shares WHERE id = ?').run(id);
		}
		const old = this.db
			.prepare('DELETE FROM shares WHERE ended_at IS NOT NULL AND ended_at <= ?')
			.run(now - TOMBSTONE_MS).changes;
		this.db
			.prepare(`DELETE FROM share_tickets WHERE state != 'live' AND active_at <= ?`)
			.run(now - TICKET_KEPT_MS);
		return expired.length + abandoned.length + old + this.mailboxes.sweep(now);
	}

	close() {
		this.db.close();
	}
}

/** Whether a live ticket has lapsed: idle too long, or simply too old. */
function lapsed(ticket: TicketRow, now: number): boolean {
	return ticket.active_at + TICKET_IDLE_MS <= now || ticket.created_at + TICKET_LIFETIME_MS <= now;
}

/**
 * The part's bytes as they arrive, each shown to `onChunk`; part 0 must open with a share-stream header this relay
 * knows (checked as soon as enough bytes are in, before anything is kept).
 */
async function* checkedPart(
	body: AsyncIterable<Uint8Array>,
	first: boolean,
	onChunk: (chunk: Uint8Array) => void
): AsyncIterable<Uint8Array> {
	let head: Uint8Array | null = first ? new Uint8Array(0) : null;
	const check = (final: boolean) => {
		let header;
		try {
			header = parseShareHeader(head!);
		} catch {
			throw new RelayError(400, 'not a Radfolio share stream of a version this relay knows');
		}
		if (header || final || head!.length >= SHARE_HEADER_MAX) {
			if (!header)
				throw new RelayError(400, 'not a Radfolio share stream of a version this relay knows');
			return true;
		}
		return false;
	};
	const held: Uint8Array[] = [];
	for await (const chunk of body) {
		onChunk(chunk);
		if (head) {
			const grown = new Uint8Array(head.length + Math.min(chunk.length, SHARE_HEADER_MAX));
			grown.set(head);
			grown.set(chunk.subarray(0, SHARE_HEADER_MAX), head.length);
			head = grown;
			held.push(chunk);
			if (!check(false)) continue;
			head = null;
			yield* held;
			continue;
		}
		yield chunk;
	}
	if (head) {
		check(true);
		yield* held;
	}
}
