import { RelayClient, RelayClientError, type ShareStatus } from '$lib/relay';
import { isStorageFailure, type SpoolOptions } from '$lib/vault';
import { keyFromFragment } from './link';
import { ShareDownload, decryptShare, decryptWhileDownloading, needsPassphrase } from './open';
import { ShareOpenError, type ShareOpenCode } from './open-error';
import type { SharedStudy } from './shared-study';

/**
 * Opening a shared study from its link (/s/<id>#<key>), as a state machine the page renders:
 *
 *   landing ──open──▶ downloading ──▶ (passphrase ──unlock──▶) decrypting ──▶ open
 *      ▲                   │                   │                    │
 *      └── unavailable/busy┴───────────────────┴──── failed ◀───────┘ (expired, gone, damaged …)
 *
 * Nothing is shown before the whole ciphertext is in and every chunk and file verified; the relay's open is spent
 * only then. The verified files wait in a sealed spool of this page (a failed or cut share leaves none), removed
 * when the page is left (`env.onLeave`), or by `release()` once the study is saved into the vault. A download cut by the network resumes under the same open when the recipient presses Open again. The
 * key never leaves this object and the page: it is read from the fragment once and taken out of the address bar.
 */
export type OpenerStep =
	'landing' | 'downloading' | 'passphrase' | 'decrypting' | 'open' | 'failed';

/** `key-removed`: this tab already read the link's key and took it out of the address bar (then a reload). */
export type OpenerFailure = ShareOpenCode | 'key-removed';

/** What the opener needs of the page it runs in (a test gives its own). */
export interface OpenerEnv {
	relayBase: string;
	/** The link's fragment as the page was opened (`#…`, or '' when there is none). */
	fragment: string;
	/** Takes the fragment out of the address bar and history. */
	hideFragment(): void;
	/** The share ids whose key this tab read before (sessionStorage: kept across a reload, this tab only). */
	keysRead: { list(): string[]; add(id: string): void };
	/** Registers what to do when the page is left for good (pagehide): the spool is removed then. */
	onLeave?(leave: () => void): void;
	/** Where the spool is kept (tests give their own database). */
	spool?: SpoolOptions;
}

export class ShareOpener {
	#step = $state<OpenerStep>('landing');
	#failure = $state<OpenerFailure | null>(null);
	#received = $state(0);
	#total = $state(0);
	#status = $state.raw<ShareStatus | null>(null);
	#shared = $state.raw<SharedStudy | null>(null);
	#key: Uint8Array | null = null;
	#hasKey = $state(false);
	#cipher: Blob | null = null;
	#download: ShareDownload | null = null;
	/** Spends the relay open of the downloaded ciphertext, once it is verified (see ShareDownload). */
	#acknowledge: (() => Promise<void>) | null = null;

	constructor(
		readonly id: string,
		readonly env: OpenerEnv
	) {}

	get step() {
		return this.#step;
	}
	get failure() {
		return this.#failure;
	}
	get received() {
		return this.#received;
	}
	get total() {
		return this.#total;
	}
	/** The relay's word on the link (opens left, expiry, size), once asked: neither a download nor an open. */
	get status() {
		return this.#status;
	}
	/** The verified study, once open. */
	get shared() {
		return this.#shared;
	}
	/** Whether the link carried a key (a saved file can then be opened with it). */
	get hasKey() {
		return this.#hasKey;
	}
	/** Whether "Open a saved file" makes sense now: a key in hand and no failure a file would not fix. */
	get canOpenFile() {
		const final =
			this.#failure === 'damaged' ||
			this.#failure === 'unknown-version' ||
			this.#failure === 'kdf-too-costly';
		return this.#hasKey && (this.#step === 'landing' || (this.#step === 'failed' && !final));
	}

	/** Reads the key from the fragment (then hides it) and asks the relay how the link is doing. */
	async start(): Promise<void> {
		const { fragment } = this.env;
		if (fragment) {
			this.env.hideFragment();
			this.env.keysRead.add(this.id);
		}
		try {
			this.#key = keyFromFragment(fragment);
			this.#hasKey = true;
		} catch {
			this.#fail(
				!fragment && this.env.keysRead.list().includes(this.id) ? 'key-removed' : 'bad-link'
			);
			return;
		}
		try {
			this.#status = await new RelayClient(this.env.relayBase).status(this.id);
		} catch (error) {
			const code = error instanceof RelayClientError ? error.code : null;
			if (code === 'expired' || code === 'gone' || code === 'not-found') this.#fail(code);
		}
	}

	/** Downloads (or resumes) the ciphertext; decrypted as it arrives when no passphrase is needed. */
	async open(): Promise<void> {
		if (!this.#key) return;
		this.#failure = null;
		if (this.#cipher) {
			// All of it is here already (a full disk stopped the decryption): decrypt again from it, nothing is
			// downloaded or counted again.
			try {
				await this.#unlockOrAsk();
			} catch (error) {
				this.#caught(error);
			}
			return;
		}
		this.#step = 'downloading';
		try {
			const early = decryptWhileDownloading(this.#key, this.env.spool);
			// One download per page: pressing Open again after a failure resumes under the same open.
			this.#download ??= new ShareDownload(this.env.relayBase, this.id);
			const download = await this.#download.run(
				(received, total) => {
					this.#received = received;
					this.#total = total;
				},
				undefined,
				early.tap
			);
			this.#cipher = download.cipher;
			this.#acknowledge = download.acknowledge;
			const opened = await early.opened;
			if (opened) return this.#opened(opened.study);
			await this.#unlockOrAsk();
		} catch (error) {
			this.#caught(error);
		}
	}

	/** The same encrypted bundle saved as a file ("Save as file"), opened with this link's key: no relay needed. */
	async openFile(file: Blob): Promise<void> {
		if (!this.#key) return;
		this.#failure = null;
		this.#cipher = file;
		this.#acknowledge = null;
		try {
			await this.#unlockOrAsk();
		} catch (error) {
			this.#caught(error);
		}
	}

	/** Decrypts with the passphrase the sender gave; a wrong one asks again (nothing downloaded again). */
	async unlock(passphrase: string): Promise<void> {
		this.#failure = null;
		await this.#decrypt(passphrase);
	}

	async #unlockOrAsk() {
		if (this.#cipher && (await needsPassphrase(this.#cipher))) this.#step = 'passphrase';
		else await this.#decrypt(null);
	}

	async #decrypt(passphrase: string | null) {
		if (!this.#cipher || !this.#key) return;
		this.#step = 'decrypting';
		try {
			const { study } = await decryptShare(this.#cipher, this.#key, passphrase, this.env.spool);
			this.#opened(study);
		} catch (error) {
			if (error instanceof ShareOpenError && error.code === 'wrong-passphrase') {
				this.#failure = 'wrong-passphrase';
				this.#step = 'passphrase';
				return;
			}
			this.#caught(error);
		}
	}

	/**
	 * Lets the shared study's files go (its spool removed): it was saved into the vault, which the page shows it
	 * from now on. `shared` keeps its summaries; its files no longer read.
	 */
	async release(): Promise<void> {
		await this.#shared?.remove();
	}

	#opened(study: SharedStudy) {
		this.#shared = study;
		this.env.onLeave?.(() => void study.remove().catch(() => {}));
		this.#step = 'open';
		this.#cipher = null;
		// Verified whole: the relay may spend the open now (a one-open link ends).
		void this.#acknowledge?.();
		this.#acknowledge = null;
	}

	#caught(error: unknown) {
		// Only what shows the share itself is wrong is 'damaged': the browser's storage failing is this device's.
		this.#fail(
			error instanceof ShareOpenError
				? error.code
				: isStorageFailure(error)
					? 'device-error'
					: 'damaged'
		);
	}

	/**
	 * The network, a concurrent open or a full disk: back to the landing, where Open tries again (a full disk: from
	 * the ciphertext already downloaded, the same open). Anything else ends here.
	 */
	#fail(failure: OpenerFailure) {
		this.#failure = failure;
		this.#step =
			failure === 'unavailable' || failure === 'busy' || failure === 'no-space'
				? 'landing'
				: 'failed';
	}
}
