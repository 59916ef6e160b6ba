import {
	ArchiveError,
	enroll,
	outcomeResult,
	syncOutcome,
	syncProvider,
	type SyncProgress,
	type SyncResult
} from '$lib/archive';
import { VaultError, type ProviderConnection, type SyncOutcome } from '$lib/vault';
import { SYNC_LOCK, vaultManager } from './vault.svelte';

/** Waits between automatic retries after the provider was unreachable (seconds). */
const RETRY_MIN_S = 5;
const RETRY_DEFAULT_S = 30;
const RETRY_MAX_S = 300;

/** The latest sync of any provider, for the sync panel: rendered there (see $lib/messages lastSyncText). */
export interface SyncStatusLine {
	at: string;
	ok: boolean;
	/** Named when more than one provider is connected. */
	provider: string | null;
	outcome?: SyncOutcome;
	message?: string;
}

/**
 * The connected providers and their sync: on unlock (app start), when the browser comes back online, after a new
 * connection, on "Sync now", and again after the provider asked us to wait. One sync at a time per profile (Web
 * Locks), cancellable; the timeline refreshes as studies arrive.
 */
class SyncManager {
	#providers = $state.raw<ProviderConnection[]>([]);
	#running = $state(false);
	#progress = $state.raw<SyncProgress | null>(null);
	/** The provider being synced now. */
	#current = $state('');
	#last = $state.raw<SyncStatusLine | null>(null);
	get providers() {
		return this.#providers;
	}
	get running() {
		return this.#running;
	}
	get progress() {
		return this.#progress;
	}
	get current() {
		return this.#current;
	}
	get last() {
		return this.#last;
	}
	#controller: AbortController | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#started = false;
	#onOnline = () => void this.syncAll();

	constructor() {
		// Another tab replaces the vault: stop at once, so it can take the sync lock (the sync resumes on unlock).
		vaultManager.onReplace(() => this.stop());
	}

	/** After unlock: load the connections and sync once. */
	async start() {
		if (this.#started) return;
		this.#started = true;
		window.addEventListener('online', this.#onOnline);
		// Connections changed outside Radfolio are refused (the timeline says so): nothing to sync from then.
		this.#providers = await vaultManager.vault.providers().catch((error: unknown) => {
			if (error instanceof VaultError) return [];
			throw error;
		});
		this.#last = latest(this.#providers);
		void this.syncAll();
	}

	/** On lock: stop everything and forget what was shown. */
	stop() {
		this.#started = false;
		window.removeEventListener('online', this.#onOnline);
		this.cancel();
		if (this.#retry) clearTimeout(this.#retry);
		this.#providers = [];
		this.#last = null;
		this.#progress = null;
	}

	/**
	 * Exchanges an enrollment code at a provider's gateway and stores the connection in the vault, then syncs it.
	 * `gatewayUrl` is the gateway's base (…/api/gateway).
	 */
	async connect(code: string, gatewayUrl: string): Promise<ProviderConnection> {
		const result = await enroll(gatewayUrl, code.trim());
		return this.add({
			id: crypto.randomUUID(),
			name: result.provider,
			dicomWebUrl: result.dicomWebUrl,
			token: result.token,
			connectedAt: new Date().toISOString()
		});
	}

	/** Keeps a new connection (an enrollment's, or a SMART sign-in's from $lib/smart) and syncs it. */
	async add(connection: ProviderConnection): Promise<ProviderConnection> {
		// Reconnecting to the same gateway replaces the old (perhaps revoked) connection.
		const current = await vaultManager.vault.providers();
		const others = current.filter((p) => p.dicomWebUrl !== connection.dicomWebUrl);
		await this.#save([...others, connection]);
		void this.syncAll();
		return connection;
	}

	async disconnect(id: string) {
		await this.#save(this.#providers.filter((p) => p.id !== id));
	}

	cancel() {
		this.#controller?.abort();
	}

	/** Syncs every connected provider in turn. Does nothing while offline or already syncing. */
	async syncAll() {
		if (this.#running || !this.#started || !navigator.onLine) return;
		if (this.#retry) clearTimeout(this.#retry);
		const runnable = this.#providers.filter((p) => !p.revoked);
		if (!runnable.length) return;
		const vault = vaultManager.vault;
		const run = async () => {
			// Got the lock after another tab replaced the vault: nothing to sync into.
			if (!vaultManager.isActive(vault) || !this.#started) return;
			this.#running = true;
			this.#progress = null;
			this.#controller = new AbortController();
			let retryAfter: number | null = null;
			try {
				for (const provider of runnable) {
					if (this.#controller.signal.aborted) break;
					this.#current = provider.name;
					const result = await this.#syncOne(provider, this.#controller.signal);
					if (result.error instanceof ArchiveError && result.error.kind === 'unavailable') {
						retryAfter = Math.max(retryAfter ?? 0, result.error.retryAfter ?? RETRY_DEFAULT_S);
					}
				}
			} finally {
				this.#running = false;
				this.#current = '';
				this.#controller = null;
				await vaultManager.refresh().catch(() => {});
			}
			if (retryAfter !== null && this.#started) {
				const seconds = Math.min(RETRY_MAX_S, Math.max(RETRY_MIN_S, retryAfter));
				this.#retry = setTimeout(() => void this.syncAll(), seconds * 1000);
			}
		};
		if (navigator.locks) {
			await navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, (lock) =>
				lock ? run() : undefined
			);
		} else await run();
	}

	async #syncOne(provider: ProviderConnection, signal: AbortSignal): Promise<SyncResult> {
		let studiesDone = 0;
		// A SMART connection renews its token and lists FHIR ImagingStudy, then runs the same engine.
		// The SMART client is loaded only for a SMART connection: it stays out of the first screen's code (bench P7).
		const engine = provider.smart ? (await import('$lib/smart')).syncSmartProvider : syncProvider;
		const result: SyncResult & { connection?: ProviderConnection } = await engine({
			vault: vaultManager.vault,
			connection: provider,
			signal,
			onProgress: (p) => {
				this.#progress = p;
				// Show each study on the timeline as soon as it is in.
				if (p.studiesDone !== studiesDone) {
					studiesDone = p.studiesDone;
					void vaultManager.refresh().catch(() => {});
				}
			}
		});
		if (!vaultManager.vault.unlocked) return result;
		const outcome = syncOutcome(result);
		const updated: ProviderConnection = {
			...(result.connection ?? provider),
			lastSync: { at: new Date().toISOString(), result: outcomeResult(outcome), outcome },
			revoked: result.error instanceof ArchiveError && result.error.kind === 'unauthorized'
		};
		// Re-read: a connect or disconnect may have happened meanwhile.
		const current = await vaultManager.vault.providers();
		await this.#save(current.map((p) => (p.id === provider.id ? updated : p)));
		return result;
	}

	async #save(list: ProviderConnection[]) {
		await vaultManager.vault.saveProviders(list);
		this.#providers = list;
		this.#last = latest(list);
	}
}

function latest(list: ProviderConnection[]): SyncStatusLine | null {
	const synced = list
		.filter((p) => p.lastSync)
		.sort((a, b) => b.lastSync!.at.localeCompare(a.lastSync!.at));
	const top = synced[0];
	if (!top?.lastSync) return null;
	return {
		at: top.lastSync.at,
		ok: top.lastSync.result === 'ok',
		provider: list.length > 1 ? top.name : null,
		outcome: top.lastSync.outcome,
		message: top.lastSync.message
	};
}

export const syncManager = new SyncManager();
