/**
 * Replacing this profile's vault (a restored backup, a vault received from another device) while other tabs of the
 * app may be importing into it or syncing it. Free of Svelte, Dexie and the DOM's globals, so Node tests drive it
 * with fakes; vault.svelte.ts wires it to navigator.locks, a BroadcastChannel, localStorage and IndexedDB.
 *
 * The rules (docs/security-tabs.md):
 * - Every long writer (import, sync) holds its Web Lock while it writes, and once it holds it checks that the vault
 *   it means to write to is still the active one (`isActive` in vault.svelte.ts).
 * - A replacement takes IMPORT_LOCK first, waiting for a running import to finish (the caller tells the patient,
 *   who may cancel), then tells every tab to stop and lock ('replacing'), takes SYNC_LOCK (syncs stop when told),
 *   and only then names the new database active and tells the tabs ('replaced').
 * - The old database is deleted by IndexedDB only once every connection to it is closed; its name stays listed
 *   in localStorage until the deletion succeeded, so a deletion cut short is tried again at the next start.
 */

/** Web Locks held while an import or a sync writes to this profile's vault (any tab). */
export const IMPORT_LOCK = 'radfolio-import';
export const SYNC_LOCK = 'radfolio-sync';

/** localStorage: the name of the active vault database, and the databases waiting to be deleted (JSON list). */
export const ACTIVE_DB_KEY = 'radfolio.activeDb';
export const RETIRED_DBS_KEY = 'radfolio.retiredDbs';
/** The database of a profile that never restored or received a vault. */
export const FIRST_DB_NAME = 'radfolio';

/** The BroadcastChannel the tabs of this app speak on. */
export const VAULT_CHANNEL = 'radfolio-vault';

/**
 * Messages between tabs, format v1. 'replacing': stop writing, lock, close the database (sent while the sender
 * holds IMPORT_LOCK). 'replaced': `db` is the active database now.
 */
export type VaultMessage = { v: 1; type: 'replacing' } | { v: 1; type: 'replaced'; db: string };

export function parseMessage(data: unknown): VaultMessage | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Record<string, unknown>;
	if (m.v !== 1) return null;
	if (m.type === 'replacing') return { v: 1, type: 'replacing' };
	if (m.type === 'replaced' && typeof m.db === 'string' && m.db) {
		return { v: 1, type: 'replaced', db: m.db };
	}
	return null;
}

/**
 * One Web Lock request, exclusive: `callback` runs while the lock is held (`held` false only with ifAvailable when
 * another holder has it). Rejects with an AbortError when `signal` aborts while waiting.
 */
export type LockRequest = (
	name: string,
	options: { ifAvailable?: boolean; signal?: AbortSignal },
	callback: (held: boolean) => Promise<void>
) => Promise<void>;

export interface SwitchEnv {
	/** null where the browser has no Web Locks: this tab is then assumed to be the only writer. */
	lock: LockRequest | null;
	/** Tells every other tab (never this one). */
	post: (message: VaultMessage) => void;
	/** null where storage is refused (some private modes). */
	storage: Pick<Storage, 'getItem' | 'setItem'> | null;
	/** Resolves once the database is gone; stays pending while another connection keeps it open. */
	deleteDatabase: (name: string) => Promise<void>;
}

export type WaitingFor = 'import' | 'sync';

export function readActive(storage: SwitchEnv['storage']): string | null {
	try {
		return storage?.getItem(ACTIVE_DB_KEY) ?? null;
	} catch {
		return null;
	}
}

export function readRetired(storage: SwitchEnv['storage']): string[] {
	try {
		const list: unknown = JSON.parse(storage?.getItem(RETIRED_DBS_KEY) ?? '[]');
		return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
	} catch {
		return [];
	}
}

function writeRetired(storage: SwitchEnv['storage'], names: string[]) {
	try {
		storage?.setItem(RETIRED_DBS_KEY, JSON.stringify([...new Set(names)]));
	} catch {
		// Not kept: this deletion is tried now only, and the database may stay behind (unreachable, encrypted).
	}
}

/**
 * Runs `callback` holding `name`. When another holder has it, says so through `onWait` first and waits; `signal`
 * cancels the wait (AbortError).
 */
async function holding(
	env: SwitchEnv,
	name: string,
	what: WaitingFor,
	options: { signal?: AbortSignal; onWait?: (what: WaitingFor) => void },
	callback: () => Promise<void>
): Promise<void> {
	if (!env.lock) return callback();
	let ran = false;
	await env.lock(name, { ifAvailable: true }, async (held) => {
		if (!held) return;
		ran = true;
		await callback();
	});
	if (ran) return;
	options.onWait?.(what);
	await env.lock(name, { signal: options.signal }, async () => {
		options.signal?.throwIfAborted();
		await callback();
	});
}

export interface ReplaceOptions {
	/** The database to make active; it must be complete (restored, received) before this is called. */
	next: string;
	/** The database active until now as this tab knows it; the storage's word wins when it has one. */
	current: string;
	/** Cancels while waiting for an import (not later: by then the other tabs were told to lock). */
	signal?: AbortSignal;
	/** Called when the replacement has to wait for an import or a sync in some tab. */
	onWait?: (what: WaitingFor) => void;
	/** Stops this tab's own writers and locks it (the other tabs do the same on 'replacing'). */
	stopHere: () => void;
	/** Makes `next` this tab's vault; runs holding both locks, after the storage was updated. */
	switchHere: (persisted: boolean) => void;
	/**
	 * Fills `next` from the current vault (re-encrypt), holding both locks the whole time, up to the switch: an
	 * import or sync started meanwhile would write into the database being retired. It runs before the other tabs
	 * are told to stop (they keep reading); syncs already running are waited for ('sync'), not stopped.
	 */
	prepare?: () => Promise<void>;
}

/**
 * Makes `next` the profile's active vault database, with no import or sync running anywhere meanwhile, then
 * deletes the old one once no tab holds it open. Resolves `{ persisted }`: false when the storage refused the new
 * name, in which case the old database is kept (the other tabs and the next visit still use it) and only this tab
 * uses `next`.
 */
export async function replaceActive(
	env: SwitchEnv,
	options: ReplaceOptions
): Promise<{ persisted: boolean }> {
	let persisted = false;
	await holding(env, IMPORT_LOCK, 'import', options, async () => {
		options.signal?.throwIfAborted();
		if (options.prepare) {
			// Both locks from the copy's first row to the switch: no writer anywhere in between.
			const prepare = options.prepare;
			await holding(env, SYNC_LOCK, 'sync', options, async () => {
				await prepare();
				env.post({ v: 1, type: 'replacing' });
				options.stopHere();
				switchTo();
			});
			return;
		}
		env.post({ v: 1, type: 'replacing' });
		options.stopHere();
		// The syncs were just told to stop: waiting for them is short, and cancelling now would leave the other
		// tabs locked for nothing.
		await holding(env, SYNC_LOCK, 'sync', { onWait: options.onWait }, async () => switchTo());
	});
	if (persisted) void deleteRetired(env);
	return { persisted };

	function switchTo() {
		// Read under the locks: a tab that missed an earlier replacement must not retire the wrong database.
		const current = readActive(env.storage) ?? options.current;
		try {
			env.storage?.setItem(ACTIVE_DB_KEY, options.next);
			persisted = Boolean(env.storage) && readActive(env.storage) === options.next;
		} catch {
			persisted = false;
		}
		if (persisted && current !== options.next) {
			writeRetired(env.storage, [...readRetired(env.storage), current]);
		}
		options.switchHere(persisted);
		env.post({ v: 1, type: 'replaced', db: persisted ? options.next : current });
	}
}

/**
 * Deletes the databases listed as retired, each once no connection holds it (IndexedDB waits for them: a tab
 * still reading it closes when told by the versionchange event). Never the active one. A name leaves the list
 * only when its deletion succeeded; a failed or interrupted one is tried again at the next start.
 */
export async function deleteRetired(env: SwitchEnv): Promise<void> {
	const active = readActive(env.storage) ?? FIRST_DB_NAME;
	await Promise.all(
		readRetired(env.storage).map(async (name) => {
			if (name !== active) {
				try {
					await env.deleteDatabase(name);
				} catch {
					return;
				}
			}
			writeRetired(
				env.storage,
				readRetired(env.storage).filter((n) => n !== name)
			);
		})
	);
}
