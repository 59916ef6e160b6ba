import { CryptoError, ShareChunkError, decryptShareStream, parseShareHeader } from '$lib/crypto';
import { isQuotaError, isStorageFailure, type SpoolOptions } from '$lib/vault';
import { BundleError, type BundleManifest } from './bundle';
import { RelayClient, RelayClientError, type ShareOpen } from '$lib/relay';
import { ShareOpenError, type ShareOpenCode } from './open-error';
import { SharedStudy } from './shared-study';
import { spoolBundle } from './spool-bundle';

/*
 * Opening a share on the recipient's side: download the ciphertext (the one counted open), then decrypt and
 * verify all of it before anything is shown, each verified file going into a sealed spool ($lib/vault spool.ts)
 * rather than staying in memory: a 1 GiB study opens within a phone's tab. The ciphertext is kept (as a Blob, in
 * the browser's blob store, not the page's heap) so a mistyped passphrase can be tried again without downloading
 * — and counting — again.
 */
/** A downloaded share: its whole ciphertext, and the call that spends the open once the recipient has it all. */
export interface DownloadedShare {
	cipher: Blob;
	/**
	 * Tells the relay the recipient has everything (after it verified, where it can): the open is spent, and a
	 * one-open link ends. Not calling it does not keep the open: the relay spends it anyway when the download's
	 * ticket lapses (src/lib/server/relay/store.ts). Never fails the caller: the open lapses by itself.
	 */
	acknowledge(): Promise<void>;
}

/** How often a download cut by the network is resumed from where it stopped, in one try, before giving up. */
const RESUMES = 4;

/**
 * A share's ciphertext, downloading into a Blob (the browser's blob store holds large ones, not the JS heap). The
 * first `run` starts an open (a ticket that holds one of the opens left) and downloads under it, resuming from the
 * last byte in hand when the network cuts it — so a cut at 99% neither restarts from zero nor spends the link.
 * When a run gives up (the network stayed down), the next `run` of the same ShareDownload — the recipient pressing
 * Open again — carries on under the same ticket and from the same byte: a second open would find the link held by
 * the first (and, had the first got any bytes, spent by it when it lapses). Only a ticket the relay says has lapsed
 * is replaced by a new open, from zero.
 */
export class ShareDownload {
	readonly #relay: RelayClient;
	#open: ShareOpen | null = null;
	#pieces: Blob[] = [];
	#received = 0;

	constructor(
		relayBase: string,
		readonly id: string
	) {
		this.#relay = new RelayClient(relayBase);
	}

	async run(
		onProgress?: (received: number, total: number) => void,
		signal?: AbortSignal,
		/** Also gets every byte, from the first, as it arrives (see decryptWhileDownloading); its failures never stop the download. */
		tap?: WritableStream<Uint8Array>
	): Promise<DownloadedShare> {
		let tapWriter = tap?.getWriter() ?? null;
		const write = async (value: Uint8Array) => {
			// Waits for the tap to take it: decryption keeps pace with the network, holding little.
			if (tapWriter) await tapWriter.write(value).catch(() => (tapWriter = null));
		};
		try {
			this.#open ??= await this.#relay.startOpen(this.id, signal);
			const open = this.#open;
			const size = open.size;
			// A run after one that gave up: the tap is new, so it gets what is already here first.
			for (const piece of this.#pieces) {
				const reader = piece.stream().getReader();
				for (let r = await reader.read(); !r.done; r = await reader.read()) await write(r.value);
			}
			let batch: Uint8Array[] = [];
			let batchBytes = 0;
			const keep = () => {
				if (batchBytes) this.#pieces.push(new Blob(batch as BlobPart[]));
				batch = [];
				batchBytes = 0;
			};
			try {
				for (let attempt = 0; this.#received < size || attempt === 0; attempt++) {
					if (attempt > RESUMES) throw new ShareOpenError('unavailable');
					if (attempt) await pause(500 * 2 ** (attempt - 1), signal);
					let reader: ReadableStreamDefaultReader<Uint8Array>;
					try {
						reader = (await this.#relay.blob(this.id, open, this.#received, signal)).getReader();
					} catch (error) {
						if (error instanceof RelayClientError && error.code === 'unavailable') continue;
						throw error;
					}
					try {
						for (;;) {
							const { done, value } = await reader.read();
							if (done) break;
							if (this.#received + value.length > size) throw new ShareOpenError('damaged');
							await write(value);
							batch.push(value);
							batchBytes += value.length;
							this.#received += value.length;
							onProgress?.(this.#received, size);
							if (batchBytes >= 8 * 1024 * 1024) keep();
						}
					} catch (error) {
						// Cut mid-stream: resume from here (the bytes in hand are kept).
						if (error instanceof ShareOpenError || (error as Error)?.name === 'AbortError')
							throw error;
					}
				}
			} finally {
				keep();
			}
			if (this.#received !== size) throw new ShareOpenError('damaged');
			await tapWriter?.close().catch(() => {});
			return {
				cipher: new Blob(this.#pieces),
				acknowledge: () => this.#relay.opened(this.id, open).catch(() => {})
			};
		} catch (error) {
			await tapWriter?.abort(error).catch(() => {});
			if (error instanceof RelayClientError && error.code === 'open-ended') {
				// The ticket lapsed (15 minutes idle): the next run starts a new open, from zero.
				this.#open = null;
				this.#pieces = [];
				this.#received = 0;
				throw new ShareOpenError('unavailable');
			}
			if (error instanceof RelayClientError) {
				if (
					error.code === 'expired' ||
					error.code === 'gone' ||
					error.code === 'not-found' ||
					error.code === 'busy'
				) {
					throw new ShareOpenError(error.code);
				}
				throw new ShareOpenError('unavailable');
			}
			if (error instanceof ShareOpenError || (error as Error)?.name === 'AbortError') throw error;
			// The download was cut for good: nothing is shown; a later run resumes.
			throw new ShareOpenError('unavailable');
		}
	}
}

/** A one-shot ShareDownload (see there): callers that retry keep the ShareDownload instead. */
export function downloadShare(
	relayBase: string,
	id: string,
	onProgress?: (received: number, total: number) => void,
	signal?: AbortSignal,
	tap?: WritableStream<Uint8Array>
): Promise<DownloadedShare> {
	return new ShareDownload(relayBase, id).run(onProgress, signal, tap);
}

function pause(ms: number, signal?: AbortSignal) {
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(signal.reason);
			},
			{ once: true }
		);
	});
}

/** Whether the share (its first bytes) says it needs a passphrase. */
export async function needsPassphrase(cipher: Blob): Promise<boolean> {
	try {
		const header = parseShareHeader(new Uint8Array(await cipher.slice(0, 128).arrayBuffer()));
		return Boolean(header?.kdf);
	} catch (error) {
		if (error instanceof CryptoError) throw new ShareOpenError(headerFailure(error));
		throw error;
	}
}

/**
 * A header this build refuses: a newer format, or a passphrase KDF above the cap (which Radfolio never writes, so
 * someone made or changed the share; refused before any Argon2id runs).
 */
const headerFailure = (error: CryptoError): ShareOpenCode =>
	error.code === 'kdf-too-costly' ? 'kdf-too-costly' : 'unknown-version';

export interface OpenedShare {
	manifest: BundleManifest;
	/** Its files in a spool of this page: `study.remove()` lets them go. */
	study: SharedStudy;
}

/** Decrypts a share stream into a spool; resolves once all of it is verified (see spoolBundle). */
async function openStream(
	cipher: ReadableStream<Uint8Array>,
	key: Uint8Array,
	passphrase: string | null,
	options: SpoolOptions
): Promise<OpenedShare> {
	const { manifest, files, spool } = await spoolBundle(
		cipher.pipeThrough(decryptShareStream(key, passphrase)),
		options
	);
	try {
		const study = new SharedStudy(files, {
			read: (i) => spool.readFile(i),
			stream: (i) => spool.streamFile(i),
			remove: () => spool.remove()
		});
		return { manifest, study };
	} catch (error) {
		// Verified, but nothing in it to show (no DICOM file): nothing is kept either.
		await spool.remove().catch(() => {});
		throw error;
	}
}

/**
 * Decrypts a share while it downloads, when it needs no passphrase: pass `tap` to downloadShare. Resolves to the
 * verified study once the whole stream is in, or null on anything else (a passphrase is needed, the data is
 * damaged; its spool already removed): the caller then works from the downloaded Blob with decryptShare, which
 * names the failure. Nothing is shown from here until the download is whole and every chunk and file is verified.
 */
export function decryptWhileDownloading(
	key: Uint8Array,
	options: SpoolOptions = {}
): {
	tap: WritableStream<Uint8Array>;
	opened: Promise<OpenedShare | null>;
} {
	const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
	const opened = openStream(readable, key, null, options).catch(() => null);
	return { tap: writable, opened };
}

/** Decrypts and verifies a whole share into a spool; only then builds the study to show. */
export async function decryptShare(
	cipher: Blob,
	key: Uint8Array,
	passphrase: string | null,
	options: SpoolOptions = {}
): Promise<OpenedShare> {
	const withPassphrase = await needsPassphrase(cipher);
	if (withPassphrase && !passphrase) throw new ShareOpenError('needs-passphrase');
	try {
		return await openStream(cipher.stream(), key, passphrase, options);
	} catch (error) {
		if (error instanceof CryptoError && error.code === 'needs-passphrase')
			throw new ShareOpenError('needs-passphrase');
		if (error instanceof ShareChunkError && error.index === 0 && withPassphrase) {
			throw new ShareOpenError('wrong-passphrase');
		}
		if (
			error instanceof CryptoError &&
			(error.code === 'unknown-version' || error.code === 'kdf-too-costly')
		) {
			throw new ShareOpenError(headerFailure(error));
		}
		if (error instanceof BundleError && error.code === 'unknown-version')
			throw new ShareOpenError('unknown-version');
		if (error instanceof CryptoError || error instanceof BundleError)
			throw new ShareOpenError('damaged', { cause: error });
		// A full disk while the verified files go into the spool: the share is fine, the device is not.
		if (isQuotaError(error)) throw new ShareOpenError('no-space', { cause: error });
		if (isStorageFailure(error)) throw new ShareOpenError('device-error', { cause: error });
		throw error;
	}
}
