import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { parseShareHeader, SHARE_HEADER_MAX } from '$lib/crypto/formats';
import { DiskBlobStore, type BlobStore } from './blobs';
import { RelayError } from './errors';
import { Mailboxes, type MailboxStore } from './mailboxes';
import {
	lapsed,
	TICKET_IDLE_MS,
	TICKET_LIFETIME_MS,
	UPLOAD_IDLE_MS,
	type ShareRecords,
	type ShareRow,
	type ShareState
} from './records';
import { RELAY_DB_VERSION, SqliteShareRecords } from './sqlite-records';

/**
 * The relay's store: share metadata and open tickets in a ShareRecords (SQLite `relay.sqlite` embedded, or
 * PostgreSQL for many instances: records.ts), ciphertext in a BlobStore (numbered part files under the data dir:
 * blobs.ts), mailboxes beside them. The relay only ever holds the encrypted share stream; the key lives in the link's
 * fragment, which never reaches it. The rules live here, once, whichever database holds the rows.
 *
 * Opens, and why they are counted this way: whoever holds the ciphertext and the link's key has the study, so
 * ciphertext goes only to an open that counts. An open starts with a ticket (startOpen), which holds one of the
 * opens left; the ticket downloads the ciphertext (again, or from an offset, if the network cut it); the open is
 * counted once the whole ciphertext was handed out under it, or when the recipient says it has everything
 * (finishOpen), or when the ticket lapses (15 minutes idle, 2 hours old) after any ciphertext was handed out under
 * it; the ticket may download again (four times the share at most) to finish a copy the network cut. A ticket that
 * downloaded nothing lapses without spending anything. A used-up share ends (its ciphertext deleted) once no ticket
 * is still downloading it.
 */
export { RELAY_DB_VERSION, TICKET_IDLE_MS, TICKET_LIFETIME_MS, UPLOAD_IDLE_MS, type ShareState };
export { DiskBlobStore, type BlobStore } from './blobs';
export { RelayError } from './errors';

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

const sha256 = (value: string) => createHash('sha256').update(value).digest();
/** Room the relay leaves free on its disk, for the database and everything else on the machine. */
const DISK_RESERVE_BYTES = 1024 * 1024 * 1024;
/**
 * What one ticket may download: the share four times and 8 MiB more. A recipient on a bad network resumes many times,
 * and each cut may leave what the server had already handed to the network (socket buffers: up to megabytes, a
 * small study whole) counted but never received; the bound only stops a ticket from serving as a free file host.
 */
export const TICKET_SERVES = (size: number) => 4 * size + 8 * 1024 * 1024;
/** Tickets live at once on one share (an unlimited share's many recipients included). */
const TICKETS_PER_SHARE = 20;
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
	/** The part's length as its request declared it (Content-Length), if it did. */
	declaredBytes?: number;
}

const toInfo = (row: ShareRow): ShareInfo => ({
	id: row.id,
	state: row.state,
	createdAt: row.createdAt,
	expiresAt: row.expiresAt,
	maxOpens: row.maxOpens,
	opens: row.opens,
	size: row.size,
	parts: row.parts
});

/** The relay over any records, mailboxes and blob store (see RelayStore for the embedded one, relayServer for both). */
export class ShareRelay {
	/**
	 * Bytes received so far of parts being written right now by this process, counted against the store's total as
	 * they arrive — not a whole part from the first byte, which let parts trickled a byte at a time hold the relay full
	 * for almost nothing (review, session 6). (Other instances' writes are not seen until they are recorded: N
	 * instances may overshoot the total by N parts at most.)
	 */
	#inflight = 0;
	/**
	 * Bytes of the parts this process recorded, ever: with #inflight, what a write in progress sees arrive after it
	 * looked at the records (a part that finished meanwhile moves from one to the other).
	 */
	#recorded = 0;

	constructor(
		readonly records: ShareRecords,
		readonly mailboxes: MailboxStore,
		readonly blobs: BlobStore,
		/** Tests shrink what a ticket may download, to reach the bound. */
		readonly ticketServes = TICKET_SERVES
	) {}

	/**
	 * After a restart: a process killed mid-upload leaves half-written parts; a crash between ending a share and
	 * deleting its blob leaves the blob. Neither may linger or ever be served. With a store other instances share,
	 * what changed in the last hour is spared (they may be writing it).
	 */
	async recover(options: { shared?: boolean } = {}) {
		const live = await this.records.liveParts();
		await this.blobs.recover?.(
			live,
			options.shared ? { sparedSince: Date.now() - UPLOAD_IDLE_MS } : {}
		);
	}

	async create(options: { expiresInSeconds: number; maxOpens: number | null }, now = Date.now()) {
		const id = randomBytes(16).toString('base64url');
		const ownerToken = randomBytes(32).toString('base64url');
		await this.records.insert({
			id,
			ownerHash: sha256(ownerToken),
			createdAt: now,
			expiresAt: now + options.expiresInSeconds * 1000,
			maxOpens: options.maxOpens
		});
		return { id, ownerToken };
	}

	async #row(id: string): Promise<ShareRow | undefined> {
		if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
		return this.records.get(id);
	}

	async #owned(id: string, ownerToken: string | null): Promise<ShareRow> {
		const row = await this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		const given = sha256(ownerToken ?? '');
		if (!ownerToken || !timingSafeEqual(given, row.ownerHash)) {
			// An upload under way answers anyone but its uploader as a missing share (see `ended`); a share once
			// ready is public (GET shares/{id}), so a wrong token is told so.
			if (row.state === 'uploading') throw ended('uploading');
			throw new RelayError(401, 'not the owner of this share');
		}
		return row;
	}

	/** Ends a share and deletes its ciphertext (unless it had ended already). */
	async #end(id: string, state: 'expired' | 'revoked' | 'used', now: number) {
		if (await this.records.end(id, state, now)) await this.blobs.remove(id);
	}

	/** Lapsed tickets settled; the blobs of shares that ended by it deleted. */
	async #settle(id: string | null, now: number) {
		for (const ended of await this.records.settle(id, now)) await this.blobs.remove(ended);
	}

	/** The share as the public may see it; ends it first if its time is up, settles lapsed tickets. */
	async info(id: string, now = Date.now()): Promise<ShareInfo> {
		const row = await this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		if (row.state === 'ready' && row.expiresAt <= now) await this.#end(row.id, 'expired', now);
		else if (row.state === 'ready') await this.#settle(row.id, now);
		return toInfo((await this.#row(id))!);
	}

	/** Bytes held for shares not ended, plus what arrived of parts being written: what the store's total cap counts. */
	async storedBytes(): Promise<number> {
		return (await this.records.storedBytes()) + this.#inflight;
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
		const row = await this.#owned(id, ownerToken);
		if (index < row.parts && (row.state === 'uploading' || row.state === 'ready')) {
			return this.#resentPart(row, index, body, room.partBytes);
		}
		if (row.state !== 'uploading')
			throw new RelayError(409, 'this share is no longer open for upload');
		if (index !== row.parts) throw new RelayError(409, `expected part ${row.parts}`);
		if (index > 0) {
			// Every part but the last holds at least MIN_PART_BYTES: a shorter one was the last.
			const previous = await this.records.part(id, index - 1);
			if (!previous || previous.size < Math.min(MIN_PART_BYTES, room.partBytes))
				throw new RelayError(409, 'the previous part was short, so it was the last one');
		}
		// One write per share at a time, on every instance: two writes of one part would race into one name.
		if (!(await this.records.claimWrite(id, now)))
			throw new RelayError(409, 'a part of this share is being written right now');
		try {
			return await this.#writePart(row, index, body, room, now);
		} finally {
			await this.records.releaseWrite(id);
		}
	}

	async #writePart(
		row: ShareRow,
		index: number,
		body: AsyncIterable<Uint8Array>,
		room: PartRoom,
		now: number
	): Promise<{ info: ShareInfo; received: number }> {
		const id = row.id;
		// The store's own cap, and the disk: a part never fills it past DISK_RESERVE_BYTES. The free space already
		// lacks what parts being written put on the disk so far; what they (this one included) add from now on is
		// checked as it arrives, below.
		const storeRoom = Math.min(
			room.storeBytes - (await this.storedBytes()),
			(this.blobs.freeBytes?.() ?? Infinity) - DISK_RESERVE_BYTES
		);
		const [inflightAtStart, recordedAtStart] = [this.#inflight, this.#recorded];
		const full = new RelayError(507, 'the sharing service is full right now; try again later', 600);
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
					3600,
					// The same refusal as before the part was read (http.ts), so the app says which limit it met.
					'quota'
				)
			],
			[storeRoom, full]
		];
		const max = Math.max(0, Math.min(...limits.map(([n]) => n)));
		const hash = createHash('sha256');
		let received = 0;
		const checked = checkedPart(body, index === 0, (chunk) => {
			hash.update(chunk);
			received += chunk.length;
			// Each chunk is held against the store's total before it is written, so parallel uploads cannot overshoot
			// it together: everything this process received since the room was measured must fit in it.
			this.#inflight += chunk.length;
			if (this.#inflight - inflightAtStart + (this.#recorded - recordedAtStart) > storeRoom)
				throw full;
		});
		let recorded = false;
		try {
			let size: number;
			try {
				size = await this.blobs.writePart(id, index, checked, max, room.declaredBytes);
			} catch (error) {
				if (error instanceof RelayError && error.code === 'over-limit') {
					// The smallest limit is the one it met.
					throw limits.find(([n]) => Math.max(0, n) === max)![1];
				}
				throw error;
			}
			if (size === 0) {
				await this.blobs.removePart?.(id, index);
				throw new RelayError(400, 'empty part');
			}
			if (!(await this.records.addPart(id, index, size, hash.digest(), now))) {
				await this.blobs.removePart?.(id, index);
				throw new RelayError(409, 'this share changed while the part was written');
			}
			// From in flight to recorded in one step (no await between): writes under way see it once.
			this.#inflight -= received;
			this.#recorded += received;
			recorded = true;
		} finally {
			if (!recorded) this.#inflight -= received;
		}
		return { info: toInfo((await this.#row(id))!), received };
	}

	async #resentPart(
		row: ShareRow,
		index: number,
		body: AsyncIterable<Uint8Array>,
		partBytes: number
	) {
		const part = await this.records.part(row.id, index);
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
		return { info: toInfo(row), received };
	}

	async complete(id: string, ownerToken: string | null, now = Date.now()): Promise<ShareInfo> {
		const row = await this.#owned(id, ownerToken);
		if (row.state === 'ready') return toInfo(row); // sent again: its answer was lost
		if (row.state !== 'uploading') throw new RelayError(409, 'this share has ended');
		if (!row.parts) throw new RelayError(409, 'nothing was uploaded');
		if (!(await this.records.markReady(id, now)))
			throw new RelayError(409, 'a part of this share is being written right now');
		return toInfo((await this.#row(id))!);
	}

	/**
	 * Starts an open: a ticket that may download the ciphertext (more than once, from an offset) until it lapses.
	 * It holds one of the opens left, so two recipients of a one-open link cannot both get the ciphertext.
	 */
	async startOpen(id: string, now = Date.now()) {
		const info = await this.info(id, now);
		if (info.state !== 'ready') throw ended(info.state);
		const ticket = randomBytes(32).toString('base64url');
		const outcome = await this.records.startOpen(id, sha256(ticket), now, TICKETS_PER_SHARE);
		if (outcome === 'busy')
			throw new RelayError(409, 'this share is being opened right now; try again later');
		if (outcome === 'used') throw new RelayError(410, 'used');
		if (outcome === 'ended') throw new RelayError(410, (await this.info(id, now)).state);
		if (outcome === 'crowded')
			throw new RelayError(
				429,
				'this share is being opened by many right now; try again later',
				60
			);
		return {
			ticket,
			size: info.size,
			expiresAt: Math.min(info.expiresAt, now + TICKET_LIFETIME_MS)
		};
	}

	async #ticket(id: string, ticket: string | null, now: number) {
		const row = ticket ? await this.records.ticket(id, sha256(ticket)) : undefined;
		if (!row)
			throw new RelayError(401, 'the ciphertext goes only to an open: start one (POST …/open)');
		if (row.state !== 'live' || lapsed(row, now)) {
			await this.#settle(id, now);
			throw new RelayError(410, 'this open has ended', undefined, 'open-ended');
		}
		return row;
	}

	/**
	 * The ciphertext of a ready share for a live ticket, from byte `start` (a download cut short resumes). Every
	 * byte handed out is recorded against the ticket: the open is counted once the whole ciphertext was handed out
	 * (the ticket may still download it again, to finish a copy the network cut), and a ticket that got any of it
	 * counts when it lapses even if its holder never says it has everything. A ticket downloads the share
	 * `ticketServes` at most.
	 */
	async download(id: string, ticket: string | null, start = 0, now = Date.now()) {
		const info = await this.info(id, now);
		if (info.state !== 'ready') throw ended(info.state);
		const held = await this.#ticket(id, ticket, now);
		if (start < 0 || start >= info.size)
			throw new RelayError(416, 'only one open-ended range (bytes=N-) within the share is served');
		if (held.served + (info.size - start) > this.ticketServes(info.size))
			throw new RelayError(
				429,
				'this open has downloaded the study twice already; start again from the link'
			);
		const sizes = await this.#partSizes(id, info.parts);
		const { blobs, records } = this;
		const most = this.ticketServes(info.size);
		async function* body() {
			for await (const chunk of blobs.read(id, sizes, start)) {
				const served = await records.served(held.tokenHash, chunk.length, info.size, Date.now());
				// Requests sent at once under one ticket each passed the check above before any byte went out: the
				// bound holds for them together only if every chunk is held to it (the download is cut there).
				if (served > most)
					throw new RelayError(
						429,
						'this open has downloaded the study enough; start again from the link'
					);
				yield chunk;
			}
		}
		return { info, start, body: body() };
	}

	async #partSizes(id: string, parts: number): Promise<number[]> {
		const sizes = await this.records.partSizes(id);
		if (sizes.length === parts) return sizes;
		// Stored before the relay kept part sizes (format 2): as they are on disk.
		if (this.blobs.partSizes) return this.blobs.partSizes(id, parts);
		throw new RelayError(410, 'this share was stored by an older relay; ask for a new link');
	}

	/** The recipient has the whole ciphertext (and verified it): the open is spent; a used-up share ends. */
	async finishOpen(id: string, ticket: string | null, now = Date.now()) {
		const row = await this.#row(id);
		if (!row) throw new RelayError(404, 'no such share');
		// An upload has no ticket: a stranger's "opened" on it answers as on a missing share (see `ended`).
		if (row.state === 'uploading') throw ended('uploading');
		const held = ticket ? await this.records.ticket(id, sha256(ticket)) : undefined;
		if (!held) throw new RelayError(401, 'no such open');
		if (held.state === 'spent') return; // said twice: its answer was lost
		if (held.state !== 'live')
			throw new RelayError(410, 'this open has ended', undefined, 'open-ended');
		const usedUp = await this.records.closeTicket(held.tokenHash, now);
		if (usedUp) await this.blobs.remove(usedUp);
	}

	async revoke(id: string, ownerToken: string | null, now = Date.now()) {
		const row = await this.#owned(id, ownerToken);
		if (row.state === 'uploading' || row.state === 'ready') await this.#end(id, 'revoked', now);
	}

	/**
	 * Ends expired shares, drops abandoned uploads and old tombstones, ends mailboxes. Returns how many rows it
	 * touched; with many instances on one database, one sweeps at a time and the others return 0.
	 */
	async sweep(now = Date.now()): Promise<number> {
		const swept = await this.records.exclusively(async () => {
			await this.#settle(null, now);
			const expired = await this.records.expired(now);
			for (const id of expired) await this.#end(id, 'expired', now);
			const abandoned = await this.records.abandoned(now);
			for (const id of abandoned) {
				await this.blobs.remove(id);
				await this.records.drop(id);
			}
			const old = await this.records.dropOld(now);
			const uploads = (await this.blobs.sweep?.(now)) ?? 0;
			return expired.length + abandoned.length + old + uploads + (await this.mailboxes.sweep(now));
		});
		return swept ?? 0;
	}

	close(): void | Promise<void> {
		return this.records.close();
	}
}

/**
 * Why a share gives out nothing: ended (410, and how), or still uploading, which answers exactly as a share that does
 * not exist (GET shares/{id} does the same): nobody learns from the relay that an upload is under way.
 */
function ended(state: ShareState): RelayError {
	return state === 'uploading' ? new RelayError(404, 'no such share') : new RelayError(410, state);
}

/**
 * The embedded relay: SQLite (`relay.sqlite`) and part files under `dataDir`, for one process, as `npm start` runs
 * it. Its database and mailboxes answer synchronously (tests and the operator read them directly).
 */
export class RelayStore extends ShareRelay {
	readonly db: SqliteShareRecords['db'];
	declare readonly mailboxes: Mailboxes;

	constructor(
		dataDir: string,
		blobs?: BlobStore,
		/** Tests shrink what a ticket may download, to reach the bound. */
		ticketServes = TICKET_SERVES
	) {
		const records = new SqliteShareRecords(dataDir);
		super(
			records,
			new Mailboxes(records.db),
			blobs ?? new DiskBlobStore(join(dataDir, 'blobs')),
			ticketServes
		);
		this.db = records.db;
		// Its own part files are recovered here and now; a blob store handed in (an object store answers only
		// asynchronously) is recovered by whoever made it, with `await recover()`, before the first request.
		if (!blobs) void this.blobs.recover?.(records.liveParts());
	}

	override close(): void {
		this.db.close();
	}
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
