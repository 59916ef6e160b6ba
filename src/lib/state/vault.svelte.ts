import { Vault, requestPersistence, type StudySummary, type VaultSettings } from '$lib/vault';
import { dropOpening } from '$lib/viewer/opening';

/** Web Locks held while an import or a sync writes to this profile's vault (any tab). */
export const IMPORT_LOCK = 'radfolio-import';
export const SYNC_LOCK = 'radfolio-sync';

/**
 * The app's one vault: its lock state, the decrypted timeline index, and auto-lock. Components read it; only its
 * methods change it.
 */
export type VaultStatus = 'loading' | 'none' | 'locked' | 'unlocked';

const ACTIVE_DB_KEY = 'radfolio.activeDb';
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

function activeDbName(): string {
	try {
		return localStorage.getItem(ACTIVE_DB_KEY) ?? 'radfolio';
	} catch {
		return 'radfolio';
	}
}

function byNewest(a: StudySummary, b: StudySummary): number {
	const ka = `${a.study.StudyDate || '0'}${a.study.StudyTime || ''}`;
	const kb = `${b.study.StudyDate || '0'}${b.study.StudyTime || ''}`;
	return kb.localeCompare(ka) || b.addedAt.localeCompare(a.addedAt);
}

export class VaultManager {
	status = $state<VaultStatus>('loading');
	studies = $state.raw<StudySummary[]>([]);
	settings = $state.raw<VaultSettings | null>(null);
	#vault: Vault | null = null;
	#idleTimer: ReturnType<typeof setTimeout> | null = null;
	#onActivity = () => this.#armAutoLock();

	get vault(): Vault {
		this.#vault ??= new Vault({ dbName: activeDbName() });
		return this.#vault;
	}

	async init() {
		try {
			this.status = await this.vault.state();
		} catch {
			this.status = 'none';
		}
	}

	async create(passphrase: string) {
		await this.vault.create(passphrase);
		await this.#afterUnlock();
	}

	async unlock(passphrase: string) {
		await this.vault.unlock(passphrase);
		await this.#afterUnlock();
	}

	async #afterUnlock() {
		this.settings = await this.vault.settings();
		await this.refresh();
		await this.#recountInterrupted();
		this.status = 'unlocked';
		void requestPersistence();
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
		const stale = this.studies.filter((s) => !s.complete);
		if (!stale.length) return;
		const recount = async () => {
			for (const study of stale) await this.vault.studies.refreshStudySummary(study.id, false);
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
		this.studies = [];
		this.settings = null;
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		for (const event of ACTIVITY_EVENTS) {
			window.removeEventListener(event, this.#onActivity, { capture: true });
		}
		if (this.status === 'unlocked') this.status = 'locked';
	}

	async refresh() {
		this.studies = (await this.vault.studies.listStudies()).sort(byNewest);
	}

	async saveSettings(settings: VaultSettings) {
		await this.vault.saveSettings(settings);
		this.settings = settings;
		this.#armAutoLock();
	}

	async deleteStudy(id: string) {
		await this.vault.studies.deleteStudy(id);
		await this.refresh();
	}

	/**
	 * Switches to another database (a restored backup): the old one is deleted only after the new one is open.
	 */
	async adopt(restored: Vault) {
		const old = this.#vault;
		this.lock();
		this.#vault = restored;
		try {
			localStorage.setItem(ACTIVE_DB_KEY, restored.db.name);
		} catch {
			// Private mode without storage: the restored vault still works for this session.
		}
		if (old && old !== restored) {
			old.close();
			await old.db.delete().catch(() => {});
		}
		await this.#afterUnlock();
	}

	#armAutoLock() {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		const minutes = this.settings?.autoLockMinutes ?? 0;
		if (this.status !== 'unlocked' && !this.#vault?.unlocked) return;
		if (minutes > 0) this.#idleTimer = setTimeout(() => this.lock(), minutes * 60_000);
	}
}

export const vaultManager = new VaultManager();
