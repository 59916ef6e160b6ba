import { CHUNK_RECORD_VERSION, DEFAULT_KDF, useFastSecretbox, type KdfParams } from '$lib/crypto';
import { DEFAULT_DB_NAME, openDb, type HeaderRow, type RadfolioDb } from './db';
import { VaultError } from './errors';
import { createHeader, unwrapMaster, wrapMaster } from './keyring';
import { getMetaRecord, newLedger, putMetaRecord, writeLedger } from './ledger';
import { VaultSession } from './session';
import { StudyStore } from './studies';
import { upgradeRows } from './upgrade';

export type VaultState = 'none' | 'locked' | 'unlocked';

/** How long after unlock old image chunks start being re-sealed (reseal.ts): after the first screens' reads. */
const RESEAL_AFTER_MS = 1500;

/** Settings live sealed in the vault: even "auto-lock after 1 minute" says something about its owner. */
export interface VaultSettings {
	v: 1;
	/** 0 = never. */
	autoLockMinutes: number;
	/** When a backup of this vault was last saved (ISO 8601), to remind the patient after new studies arrive. */
	lastBackupAt?: string;
}
export const DEFAULT_SETTINGS: VaultSettings = { v: 1, autoLockMinutes: 15 };

/**
 * One connected provider. The sealed "providers" meta row holds a list of these (ProvidersRecord below).
 * A connection made with an enrollment code has no `smart`; one made by SMART App Launch has it (format 2).
 */
export interface ProviderConnection {
	/** Local handle (random), not the provider's. */
	id: string;
	name: string;
	/** The gateway's DICOMweb root for this patient; for a SMART connection, the imaging FHIR base. */
	dicomWebUrl: string;
	/** The gateway's bearer token; for a SMART connection, the current access token. */
	token: string;
	connectedAt: string;
	lastSync?: {
		at: string;
		result: 'ok' | 'incomplete' | 'failed';
		/** What happened, as codes and counts, put into words when shown (in the language of that moment). */
		outcome?: SyncOutcome;
		/** Written before outcomes existed: the sentence as it was rendered then, shown as it is. */
		message?: string;
	};
	/** Set when the provider refused the token (revoked): sync stops until the patient reconnects. */
	revoked?: boolean;
	/** Since format 2: the SMART grant behind a connection made by SMART App Launch ($lib/smart). */
	smart?: SmartGrant;
}

/**
 * A SMART on FHIR grant (SMART App Launch 2 + SMART Imaging Access), sealed with its connection (format 2). The
 * access token is the connection's `token`; the refresh token renews it, so sync goes on without the patient.
 */
export interface SmartGrant {
	/** The FHIR base the patient connected (the EHR's, where `Patient/<patient>` is read). */
	fhirBase: string;
	/** Where `ImagingStudy?patient=` is searched (also the connection's `dicomWebUrl`). */
	imagingFhirBase: string;
	/** The authorization server, as discovered when connecting. */
	issuer: string | null;
	authorizationEndpoint: string;
	tokenEndpoint: string;
	clientId: string;
	/** The token's patient context: the FHIR Patient's logical id. */
	patient: string;
	/** The Patient's name as the provider has it, shown on Providers. */
	patientName: string | null;
	/** The Patient's identifier values and names (normalised), checked against each study's PatientID and name. */
	patientIdentifiers: string[];
	patientNames: string[];
	/** When the access token expires (ISO 8601), when the provider said. */
	expiresAt: string | null;
	refreshToken: string | null;
	/** The scopes granted. */
	scope: string;
	/** Studies not stored because their files name another patient: shown, never merged into this history. */
	heldBack: { studyUid: string; at: string; patientName: string; patientId: string }[];
}
/**
 * One sync's result as stored (inside the sealed providers row, since format v1 of ProviderConnection: an optional
 * field older readers ignore). `reason` is an error code of $lib/archive or $lib/vault; being stored, it is read back
 * as a string and an unknown one (from a newer Radfolio) is shown in general words.
 */
export interface SyncOutcome {
	code: 'up-to-date' | 'updated' | 'cancelled' | 'revoked' | 'paused' | 'failed' | 'incomplete';
	updatedStudies: number;
	storedFiles: number;
	incompleteStudies: number;
	unreadFiles: number;
	reason?: { source: 'provider' | 'vault'; code: string; status?: number };
}

/**
 * The sealed "providers" meta row. Format 1: `{ v: 1, list }`, connections made with enrollment codes. Format 2
 * (written since SMART App Launch): `{ v: 2, list, pending? }`, where a connection may carry `smart` and `pending`
 * is a SMART sign-in under way (PKCE verifier, `state`, the provider's endpoints; opaque here, $lib/smart defines
 * it), sealed here so that nothing of it waits in the clear while the patient is at the provider. Format 1 rows
 * are read as format 2 without `pending`; a newer format is refused.
 */
interface ProvidersRecord {
	v: 1 | 2;
	list: ProviderConnection[];
	pending?: unknown;
}
const PROVIDERS_FORMAT = 2;

export interface VaultOptions {
	dbName?: string;
	/** Crypto workers; tests may pin it. */
	workers?: number;
	/** Only for tests and benchmarks: accept KDF parameters below the production floor. */
	allowWeakKdf?: boolean;
}

/**
 * One patient's vault in this browser profile: create, unlock, lock, change passphrase, settings, and the study
 * store (usable only while unlocked).
 */
export class Vault {
	readonly db: RadfolioDb;
	readonly studies: StudyStore;
	readonly #options: VaultOptions;
	#session: VaultSession | null = null;
	#upgrading: Promise<void> = Promise.resolve();

	constructor(options: VaultOptions = {}) {
		this.#options = options;
		this.db = openDb(options.dbName ?? DEFAULT_DB_NAME);
		this.studies = new StudyStore(this.db, () => this.session);
	}

	get session(): VaultSession {
		if (!this.#session?.open) throw new VaultError('locked');
		return this.#session;
	}

	get unlocked(): boolean {
		return Boolean(this.#session?.open);
	}

	async state(): Promise<VaultState> {
		if (this.unlocked) return 'unlocked';
		return (await this.#header()) ? 'locked' : 'none';
	}

	async #header(): Promise<HeaderRow | undefined> {
		const row = await this.db.meta.get('header');
		return row as HeaderRow | undefined;
	}

	async create(passphrase: string, kdf: KdfParams = DEFAULT_KDF): Promise<void> {
		if (!passphrase) throw new RangeError('empty passphrase');
		void useFastSecretbox();
		const { header, master } = await createHeader(passphrase, kdf);
		try {
			const session = new VaultSession(master, { workers: this.#options.workers });
			try {
				// A new vault has no rows of format 1: its ledger starts upgraded (ledger.ts).
				await this.db.transaction('rw', this.db.meta, async () => {
					if (await this.db.meta.get('header')) throw new VaultError('exists');
					await this.db.meta.put(header);
					// Nor chunks of version 1: nothing to re-seal (reseal.ts).
					await writeLedger(this.db, session, { ...newLedger(true), chunks: CHUNK_RECORD_VERSION });
				});
			} catch (error) {
				session.close();
				throw error;
			}
			this.#session?.close();
			this.#session = session;
		} finally {
			master.fill(0);
		}
		await this.saveSettings(DEFAULT_SETTINGS);
	}

	/** Throws VaultError('wrong-passphrase') and changes nothing when the passphrase is wrong. */
	async unlock(passphrase: string): Promise<void> {
		const header = await this.#header();
		if (!header) throw new VaultError('no-vault');
		// Fetched and compiled while Argon2id runs: the records opened after unlock use it once it is ready.
		void useFastSecretbox();
		const master = await unwrapMaster(header, passphrase, {
			allowWeakKdf: this.#options.allowWeakKdf
		});
		try {
			this.#session?.close();
			this.#session = new VaultSession(master, { workers: this.#options.workers });
		} finally {
			master.fill(0);
		}
		// Rows of an older format are sealed again behind the patient's first screens (upgrade.ts). A failure (the
		// vault locked meanwhile, a full disk) leaves the rest for the next unlock; rows read meanwhile are checked
		// in whichever format they are.
		// Then image chunks of version 1 are re-sealed as version 2 (reseal.ts), as far as it gets before a lock:
		// begun a moment later, so the patient's first screens read without it.
		this.#upgrading = upgradeRows(this.db, this.#session)
			.then(() => new Promise((resolve) => setTimeout(resolve, RESEAL_AFTER_MS)))
			.then(() => this.studies.resealChunks())
			.then(
				() => {},
				() => {}
			);
	}

	/**
	 * Resolves when the row upgrade and chunk re-sealing begun at the last unlock have ended (tests; see upgrade.ts
	 * and reseal.ts).
	 */
	upgraded(): Promise<void> {
		return this.#upgrading;
	}

	lock() {
		this.#session?.close();
		this.#session = null;
	}

	/**
	 * The master key itself, after the passphrase, for handing the whole vault to the patient's other device ("Add
	 * a device": it travels sealed under a key only the two devices share). The caller wipes it.
	 */
	async masterKey(passphrase: string): Promise<Uint8Array> {
		const header = await this.#header();
		if (!header) throw new VaultError('no-vault');
		return unwrapMaster(header, passphrase, { allowWeakKdf: this.#options.allowWeakKdf });
	}

	/** Rewraps the master key under a new passphrase; no record is re-encrypted. */
	async changePassphrase(current: string, next: string, kdf: KdfParams = DEFAULT_KDF) {
		if (!next) throw new RangeError('empty passphrase');
		const header = await this.#header();
		if (!header) throw new VaultError('no-vault');
		// Fetched and compiled while Argon2id runs: the records opened after unlock use it once it is ready.
		void useFastSecretbox();
		const master = await unwrapMaster(header, current, {
			allowWeakKdf: this.#options.allowWeakKdf
		});
		try {
			const rewrapped = await wrapMaster(master, next, kdf);
			await this.db.meta.put(rewrapped);
		} finally {
			master.fill(0);
		}
	}

	/**
	 * Settings, providers and shares are sealed meta rows at a revision the ledger records (ledger.ts): an older
	 * copy put back — a removed provider's token, a share hidden from "Active shares" — is refused ('tampered').
	 */
	async settings(): Promise<VaultSettings> {
		const stored = await getMetaRecord<VaultSettings>(this.db, this.session, 'settings');
		return { ...DEFAULT_SETTINGS, ...stored };
	}

	async saveSettings(settings: VaultSettings): Promise<void> {
		await putMetaRecord(this.db, this.session, 'settings', settings);
	}

	/**
	 * The patient's provider connections (gateway URL, token, name, last sync), sealed in one meta row: the
	 * token opens the patient's records at the provider, so it never sits in clear.
	 */
	async providers(): Promise<ProviderConnection[]> {
		return (await this.#providersRecord())?.list ?? [];
	}

	async saveProviders(list: ProviderConnection[]): Promise<void> {
		const pending = (await this.#providersRecord())?.pending;
		await this.#putProviders({ v: PROVIDERS_FORMAT, list, ...(pending ? { pending } : {}) });
	}

	/** The SMART sign-in under way, if any (see ProvidersRecord). */
	async providerLaunch(): Promise<unknown> {
		return (await this.#providersRecord())?.pending ?? null;
	}

	/** Keeps (or, with null, forgets) the SMART sign-in under way, beside the connections. */
	async saveProviderLaunch(pending: unknown): Promise<void> {
		const list = (await this.#providersRecord())?.list ?? [];
		await this.#putProviders({ v: PROVIDERS_FORMAT, list, ...(pending ? { pending } : {}) });
	}

	async #providersRecord(): Promise<ProvidersRecord | undefined> {
		return getMetaRecord<ProvidersRecord>(this.db, this.session, 'providers', PROVIDERS_FORMAT);
	}

	async #putProviders(record: ProvidersRecord): Promise<void> {
		await putMetaRecord(this.db, this.session, 'providers', record);
	}

	/**
	 * The shares this patient made (links with their keys, owner tokens for revoking), sealed in one meta row.
	 * Opaque to the vault: `$lib/share` defines the items (ShareRecord, v1).
	 */
	async shares(): Promise<unknown[]> {
		const list = (await getMetaRecord<{ v: 1; list: unknown }>(this.db, this.session, 'shares'))
			?.list;
		return Array.isArray(list) ? list : [];
	}

	async saveShares(list: readonly unknown[]): Promise<void> {
		await putMetaRecord(this.db, this.session, 'shares', { v: 1, list });
	}

	/** The clear header, for backups. */
	async header(): Promise<HeaderRow> {
		const header = await this.#header();
		if (!header) throw new VaultError('no-vault');
		return header;
	}

	/** Removes every trace of the vault from this profile (used by restore-over and by tests). */
	async destroy(): Promise<void> {
		this.lock();
		await this.db.delete();
		await this.db.open();
	}

	close() {
		this.lock();
		this.db.close();
	}
}
