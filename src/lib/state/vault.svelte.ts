import { useFastSecretbox, warmBulkCipher, warmKdf } from '$lib/crypto';
import { DEFAULT_SETTINGS, Vault, VaultError, type VaultSettings } from '$lib/vault';
import type { StudyContent, StudySummary } from '$lib/study';
import { dropOpening, prepareOpening } from '$lib/study';
import {
	FIRST_DB_NAME,
	IMPORT_LOCK,
	SYNC_LOCK,
	VAULT_CHANNEL,
	ACTIVE_DB_KEY,
	deleteRetired,
	parseMessage,
	readActive,
	readRetired,
	replaceActive,
	type SwitchEnv,
	type VaultMessage,
	type WaitingFor
} from './vault-switch';

export { IMPORT_LOCK, SYNC_LOCK, type WaitingFor };

/**
 * The app's one vault: its lock state, the decrypted timeline index, and auto-lock. Components read it; only its
 * methods change it.
 */
export type VaultStatus = 'loading' | 'none' | 'locked' | 'unlocked';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** The browser's side of vault-switch.ts: Web Locks, the tabs' channel, localStorage and IndexedDB. */
function switchEnv(channel: BroadcastChannel | null): SwitchEnv {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	return {
		lock: locks
			? (name, options, callback) => locks.request(name, options, (lock) => callback(lock !== null))
			: null,
		post: (message: VaultMessage) => channel?.postMessage(message),
		storage: storage(),
		// A Vault only to reach its Dexie database: nothing is opened, and deleting waits for other connections.
		deleteDatabase: async (name) => {
			await new Vault({ dbName: name }).db.delete();
		}
	};
}

function byNewest(a: StudySummary, b: StudySummary): number {
	const ka = `${a.study.StudyDate || '0'}${a.study.StudyTime || ''}`;
	const kb = `${b.study.StudyDate || '0'}${b.study.StudyTime || ''}`;
	return kb.localeCompare(ka) || b.addedAt.localeCompare(a.addedAt);
}

export class VaultManager {
	#status = $state<VaultStatus>('loading');
	#studies = $state.raw<StudySummary[]>([]);
	#settings = $state.raw<VaultSettings | null>(null);
	/** Set when unlocking found rows changed outside Radfolio: the timeline says so and points to a backup. */
	#integrityFailure = $state.raw<VaultError | null>(null);
	/** Another tab replaced the vault this tab had open (shown on the locked screen until the next unlock). */
	#replacedElsewhere = $state(false);
	get status() {
		return this.#status;
	}
	get studies() {
		return this.#studies;
	}
	get settings() {
		return this.#settings;
	}
	get integrityFailure() {
		return this.#integrityFailure;
	}
	get replacedElsewhere() {
		return this.#replacedElsewhere;
	}
	#vault: Vault | null = null;
	/** The database this tab uses when the storage refused the name of a restored one (private modes). */
	#pinned: string | null = null;
	/**
	 * Databases this tab saw retired (deleted under it, or named old by another tab's 'replaced'): never opened
	 * again here, since opening a deleted database makes it anew, empty. Another tab's write to localStorage may
	 * reach this one later than its message or the deletion does.
	 */
	#gone: string[] = [];
	/** The active database as another tab's 'replaced' named it, for while this tab's storage lags behind. */
	#announced: string | null = null;
	/** The database this tab had open when another tab began replacing it. */
	#before: string | null = null;
	/** When another tab said 'replacing' and has not said 'replaced' yet (ms since epoch). */
	#awaiting: number | null = null;
	#followRetry: ReturnType<typeof setTimeout> | null = null;
	#channel: BroadcastChannel | null = null;
	#listening = false;
	#stoppers: (() => void)[] = [];
	#idleTimer: ReturnType<typeof setTimeout> | null = null;
	#onActivity = () => this.#armAutoLock();

	/** The vault's studies as the study page and the viewer read them (the same StudyContent a share gives). */
	get content(): StudyContent {
		return this.vault.studies;
	}

	/**
	 * The vault of the active database. A tab that missed another tab's replacement (asleep, or the message lost)
	 * finds here that the active database changed: its old vault is closed, never written to again, and this tab
	 * locks. Only plain fields change here (templates read this getter); the rest follows in a microtask. While
	 * the active database is one this tab saw deleted (its storage not caught up yet), there is no vault: locked.
	 */
	get vault(): Vault {
		const name = this.#activeName();
		if (this.#vault && this.#vault.db.name !== name) {
			this.#vault.close();
			this.#vault = null;
			queueMicrotask(() => this.#replacedHere({ closeCurrent: false }));
		}
		if (!this.#vault && this.#gone.includes(name)) throw new VaultError('locked');
		this.#vault ??= this.#watch(new Vault({ dbName: name }));
		return this.#vault;
	}

	/**
	 * True while `vault` is this tab's vault on the profile's active database: long writers check it once they
	 * hold their Web Lock, so what they write never goes into a vault another tab replaced meanwhile. (Whether it
	 * is unlocked is theirs to see: they stop on VaultError 'locked'.)
	 */
	isActive(vault: Vault): boolean {
		return vault === this.#vault && vault.db.name === this.#activeName();
	}

	/** Registers what stops this tab's own writers (an import, a sync) when the vault is being replaced. */
	onReplace(stop: () => void) {
		this.#stoppers.push(stop);
	}

	#activeName(): string {
		const stored = this.#pinned ?? readActive(storage()) ?? FIRST_DB_NAME;
		return this.#gone.includes(stored) && this.#announced ? this.#announced : stored;
	}

	/**
	 * Another tab deleting this vault's database (it retired it, and this tab missed the message) closes it here
	 * at once, so the deletion goes ahead and nothing is written into a database that is going away; Dexie alone
	 * would reopen it, empty, on the next read. An upgrade by a newer version in another tab (newVersion > 0) is
	 * left to Dexie, which closes and reopens.
	 */
	#watch(vault: Vault): Vault {
		const name = vault.db.name;
		vault.db.on('versionchange', (event: IDBVersionChangeEvent) => {
			if (event.newVersion !== null) return;
			this.#gone.push(name);
			if (vault === this.#vault) this.#replacedHere({ closeCurrent: true });
			else vault.close();
		});
		// An open queued behind another tab's deletion of this database would make it anew, empty, where a stale
		// tab could then write: a database is created here only as the profile's active vault (the first run).
		vault.db.on('populate', () => {
			const retired = readRetired(storage());
			if (name !== this.#activeName() || this.#gone.includes(name) || retired.includes(name)) {
				throw new VaultError('locked', 'not the active vault database');
			}
		});
		return vault;
	}

	/**
	 * Another tab is replacing, or replaced, the vault: stop this tab's writers, lock, let go of the old database
	 * (`Vault.close` wipes the keys and closes the connection without reopening), and open the active one locked.
	 */
	#replacedHere({
		closeCurrent,
		announced = false
	}: {
		closeCurrent: boolean;
		announced?: boolean;
	}) {
		// Told in advance: the old database stays closed until the other tab names the new one.
		if (announced) {
			this.#awaiting = Date.now();
			this.#before = this.#vault?.db.name ?? this.#activeName();
		}
		for (const stop of this.#stoppers) stop();
		this.lock();
		if (closeCurrent && this.#vault) {
			this.#before = this.#vault.db.name;
			this.#vault.close();
			this.#vault = null;
		}
		this.#replacedElsewhere = true;
		void this.#follow();
	}

	/**
	 * Says whether the active database holds a vault. Waits (status 'loading') while this tab's storage still
	 * names a database it saw deleted.
	 */
	async #follow(tries = 0) {
		if (this.#followRetry) clearTimeout(this.#followRetry);
		this.#followRetry = null;
		if (this.#vault?.unlocked) return;
		const name = this.#activeName();
		const announced = this.#awaiting !== null && Date.now() - this.#awaiting < 15_000;
		if (this.#gone.includes(name) || (announced && name === this.#before)) {
			// Twenty seconds at most; then the locked screen, whose unlock says the vault is locked until a reload.
			this.#status = tries < 200 ? 'loading' : 'locked';
			if (tries < 200) this.#followRetry = setTimeout(() => void this.#follow(tries + 1), 100);
			return;
		}
		try {
			this.#status = await this.vault.state();
		} catch {
			this.#status = 'locked';
		}
	}

	/** Listens to the other tabs: their broadcast, the storage event, and a look when this tab comes back. */
	#listen() {
		if (this.#listening || typeof window === 'undefined') return;
		this.#listening = true;
		if (typeof BroadcastChannel !== 'undefined') {
			this.#channel = new BroadcastChannel(VAULT_CHANNEL);
			this.#channel.onmessage = (event: MessageEvent) => {
				const message = parseMessage(event.data);
				if (message?.type === 'replacing') {
					this.#replacedHere({ closeCurrent: true, announced: true });
				} else if (message?.type === 'replaced') this.#replaced(message.db);
			};
		}
		window.addEventListener('storage', (event) => {
			if (event.key === ACTIVE_DB_KEY || event.key === null) this.#check();
		});
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.#check();
		});
	}

	/** Another tab made `db` the active database. */
	#replaced(db: string) {
		const before = this.#before ?? this.#vault?.db.name ?? null;
		this.#before = null;
		this.#awaiting = null;
		if (before === db) {
			// The other tab could not store the new name: the vault here stays the one it was.
			this.#replacedElsewhere = false;
		} else {
			if (before) this.#gone.push(before);
			this.#announced = db;
		}
		this.#check();
		void this.#follow();
	}

	/** The active database is not the one this tab has open: go with it. */
	#check() {
		if (this.#vault && this.#vault.db.name !== this.#activeName()) {
			this.#replacedHere({ closeCurrent: true });
		}
	}

	async init() {
		this.#listen();
		// A database retired by an earlier replacement whose deletion did not finish (tab closed, blocked).
		void deleteRetired(switchEnv(null));
		try {
			this.#status = await this.vault.state();
		} catch {
			this.#status = 'none';
		}
	}

	async create(passphrase: string) {
		await this.vault.create(passphrase);
		await this.#afterUnlock();
	}

	/**
	 * Readies what unlocking needs while the passphrase is typed (the locked screen calls it when it shows): the
	 * Argon2id worker with its WebAssembly compiled, the crypto workers with libsodium, libsodium on this thread.
	 * None holds a secret until the unlock; Argon2id's parameters and work are unchanged.
	 */
	prepareUnlock() {
		warmKdf();
		warmBulkCipher();
		void useFastSecretbox();
	}

	/**
	 * `studyId`: the study whose page is open behind the locked screen (its address): its cover image is read and
	 * decrypted the moment the key is there, beside the timeline's listing, as a press on it in the timeline would.
	 */
	async unlock(passphrase: string, { studyId }: { studyId?: string | null } = {}) {
		await this.vault.unlock(passphrase);
		if (studyId) this.#openAhead(studyId);
		await this.#afterUnlock();
	}

	#openAhead(studyId: string) {
		const vault = this.vault;
		vault.studies
			.getStudy(studyId)
			.then((study) => {
				if (study && vault.unlocked && this.isActive(vault)) prepareOpening(vault.studies, study);
			})
			// A study not there, or refused as tampered: its page says so once the listing is in.
			.catch(() => {});
	}

	async #afterUnlock() {
		this.#replacedElsewhere = false;
		this.#integrityFailure = null;
		// A vault whose rows were changed outside Radfolio refuses to list them (nothing partial is shown). The
		// patient still gets in: the refusal is said on the timeline, and Settings (restore a backup, re-encrypt)
		// stays reachable, rather than an unlock that fails forever.
		this.#settings = await this.#refused(() => this.vault.settings(), DEFAULT_SETTINGS);
		await this.#refused(() => this.refresh(), undefined);
		if (this.#integrityFailure) this.#studies = [];
		else await this.#recountInterrupted();
		this.#status = 'unlocked';
		// Persistent storage is asked for once, after the first import (import.svelte.ts), not at every unlock:
		// Firefox answers with a prompt.
		for (const event of ACTIVITY_EVENTS) {
			window.addEventListener(event, this.#onActivity, { passive: true, capture: true });
		}
		this.#armAutoLock();
	}

	/**
	 * A study left incomplete by an import or sync that never finished (a closed tab, a crash) still carries the
	 * counts from before it: recount it from what is stored, so the timeline says what is there. Not while another
	 * tab imports or syncs (their own finish recounts); the sync of this tab starts only after unlock.
	 */
	async #recountInterrupted() {
		const stale = this.#studies.filter((s) => !s.complete);
		if (!stale.length) return;
		const vault = this.vault;
		const recount = async () => {
			// Another tab may have replaced the vault while this one waited for the locks.
			if (!this.isActive(vault)) return;
			for (const study of stale) await vault.studies.refreshStudySummary(study.id, false);
			await this.refresh();
		};
		if (typeof navigator === 'undefined' || !navigator.locks) return recount();
		await navigator.locks.request(IMPORT_LOCK, { ifAvailable: true }, (importLock) =>
			importLock
				? navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, (syncLock) =>
						syncLock ? recount() : undefined
					)
				: undefined
		);
	}

	lock() {
		this.#vault?.lock();
		// A study being opened holds one decrypted image.
		dropOpening();
		this.#studies = [];
		this.#settings = null;
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		for (const event of ACTIVITY_EVENTS) {
			window.removeEventListener(event, this.#onActivity, { capture: true });
		}
		if (this.#status === 'unlocked') this.#status = 'locked';
	}

	async refresh() {
		this.#studies = (await this.vault.studies.listStudies()).sort(byNewest);
	}

	/** `read()`, or `fallback` when the vault refuses it as changed outside Radfolio (kept in integrityFailure). */
	async #refused<T>(read: () => Promise<T>, fallback: T): Promise<T> {
		try {
			return await read();
		} catch (error) {
			if (!(error instanceof VaultError) || (error.code !== 'tampered' && error.code !== 'damaged'))
				throw error;
			this.#integrityFailure = error;
			return fallback;
		}
	}

	async saveSettings(settings: VaultSettings) {
		await this.vault.saveSettings(settings);
		this.#settings = settings;
		this.#armAutoLock();
	}

	async deleteStudy(id: string) {
		await this.vault.studies.deleteStudy(id);
		await this.refresh();
	}

	/**
	 * Makes `restored` (a complete restored or received vault, in a database of its own) this profile's vault, in
	 * every tab. Waits for a running import and for syncs (vault-switch.ts): `onWait` says which, so the patient
	 * knows, and `signal` cancels while waiting for an import. The old database is deleted once no tab holds it.
	 */
	async adopt(
		restored: Vault,
		options: {
			signal?: AbortSignal;
			onWait?: (what: WaitingFor) => void;
			/** Fills `restored` holding the writers' locks up to the switch (re-encrypt; see replaceActive). */
			prepare?: () => Promise<void>;
		} = {}
	) {
		this.#listen();
		const current = this.#vault?.db.name ?? this.#activeName();
		try {
			await replaceActive(switchEnv(this.#channel), {
				next: restored.db.name,
				current,
				signal: options.signal,
				onWait: options.onWait,
				prepare: options.prepare,
				stopHere: () => {
					for (const stop of this.#stoppers) stop();
					this.lock();
					// Neither the old vault's screens nor the unlock form while the switch finishes.
					this.#status = 'loading';
					if (this.#vault !== restored) this.#vault?.close();
					this.#vault = null;
				},
				switchHere: (persisted) => {
					// Not stored: the restored vault works in this tab for this visit; the old one is kept.
					this.#pinned = persisted ? null : restored.db.name;
					if (persisted && current !== restored.db.name) this.#gone.push(current);
					// Opened meanwhile by a read of the old name: let go of it, or it holds up the deletion.
					if (this.#vault !== restored) this.#vault?.close();
					this.#vault = this.#watch(restored);
				}
			});
			await this.#afterUnlock();
		} finally {
			if (this.#status === 'loading') await this.#follow();
		}
	}

	/**
	 * "Fill a new vault, then make it this profile's": restore a backup, receive a vault from another device,
	 * re-encrypt under a new key. `fill` writes into a fresh database of its own; only once it is complete does
	 * `adopt` switch every tab to it and retire the old one. A fill that fails or is cancelled deletes the new
	 * database and leaves the current vault as it was. With `underLocks`, `fill` runs holding the import and sync
	 * locks up to the switch (nothing may write to the old vault meanwhile: re-encrypt copies it).
	 */
	async replaceVault(
		fill: (target: Vault) => Promise<void>,
		options: {
			signal?: AbortSignal;
			onWait?: (what: WaitingFor | null) => void;
			underLocks?: boolean;
		} = {}
	): Promise<void> {
		const target = new Vault({ dbName: `radfolio-${crypto.randomUUID()}` });
		try {
			if (!options.underLocks) await fill(target);
			await this.adopt(target, {
				signal: options.signal,
				onWait: options.onWait,
				prepare: options.underLocks
					? async () => {
							options.onWait?.(null);
							await fill(target);
						}
					: undefined
			});
		} catch (error) {
			// Only before the switch: once adopted, `target` is the vault.
			if (this.#vault !== target) {
				target.close();
				await target.db.delete().catch(() => {});
			}
			throw error;
		} finally {
			options.onWait?.(null);
		}
	}

	/** The vault's current state in this browser ('none' before any was created), without unlocking it. */
	async vaultState() {
		return this.vault.state().catch(() => 'none' as const);
	}

	#armAutoLock() {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		const minutes = this.#settings?.autoLockMinutes ?? 0;
		if (this.#status !== 'unlocked' && !this.#vault?.unlocked) return;
		if (minutes > 0) this.#idleTimer = setTimeout(() => this.lock(), minutes * 60_000);
	}
}

export const vaultManager = new VaultManager();
