import {
	CryptoError,
	ShareChunkError,
	ShareNeedsPassphrase,
	decryptShareStream,
	fromBase64Url,
	parseShareHeader
} from '$lib/crypto';
import { BundleError, readBundle, type BundleManifest } from './bundle';
import { RelayClient, ShareRelayError } from './relay-client';
import { SharedStudy } from './shared-study';

/**
 * Opening a share on the recipient's side: download the ciphertext (the one counted open), then decrypt and
 * verify all of it in the page before anything is shown. The ciphertext is kept (as a Blob) so a mistyped
 * passphrase can be tried again without downloading — and counting — again.
 */
export type ShareOpenFailure =
	| 'expired'
	| 'gone'
	| 'not-found'
	| 'damaged'
	| 'wrong-passphrase'
	| 'needs-passphrase'
	| 'unknown-version'
	| 'kdf-too-costly'
	| 'bad-link'
	| 'unavailable'
	/** Someone else is opening this one-open link right now: possibly the link was seen by someone else. */
	| 'busy';

export class ShareOpenError extends Error {
	constructor(readonly kind: ShareOpenFailure) {
		super(kind);
		this.name = 'ShareOpenError';
	}
}

export function keyFromFragment(hash: string): Uint8Array {
	try {
		const key = fromBase64Url(hash.replace(/^#/, ''));
		if (key.length === 32) return key;
	} catch {
		// fall through
	}
	throw new ShareOpenError('bad-link');
}

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

/** How often a download cut by the network is resumed from where it stopped before giving up. */
const RESUMES = 4;

/**
 * Downloads a share's ciphertext into a Blob (the browser's blob store holds large ones, not the JS heap): starts
 * an open (a ticket that holds one of the opens left), then downloads under it, resuming from the last byte in
 * hand when the network cuts the download — so a cut at 99% neither restarts from zero nor spends the link.
 */
export async function downloadShare(
	relayBase: string,
	id: string,
	onProgress?: (received: number, total: number) => void,
	signal?: AbortSignal,
	/** Also gets every byte as it arrives (see decryptWhileDownloading); its failures never stop the download. */
	tap?: WritableStream<Uint8Array>
): Promise<DownloadedShare> {
	let tapWriter = tap?.getWriter() ?? null;
	const relay = new RelayClient(relayBase);
	try {
		const open = await relay.startOpen(id, signal);
		const size = open.size;
		const pieces: Blob[] = [];
		let batch: Uint8Array[] = [];
		let batchBytes = 0;
		let received = 0;
		for (let attempt = 0; received < size || attempt === 0; attempt++) {
			if (attempt > RESUMES) throw new ShareOpenError('unavailable');
			if (attempt) await pause(500 * 2 ** (attempt - 1), signal);
			let reader: ReadableStreamDefaultReader<Uint8Array>;
			try {
				reader = (await relay.blob(id, open, received, signal)).getReader();
			} catch (error) {
				if (error instanceof ShareRelayError && error.kind === 'unavailable') continue;
				throw error;
			}
			try {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					if (received + value.length > size) throw new ShareOpenError('damaged');
					if (tapWriter) {
						// Waits for the tap to take it: decryption keeps pace with the network, holding little.
						await tapWriter.write(value).catch(() => (tapWriter = null));
					}
					batch.push(value);
					batchBytes += value.length;
					received += value.length;
					onProgress?.(received, size);
					if (batchBytes >= 8 * 1024 * 1024) {
						pieces.push(new Blob(batch as BlobPart[]));
						batch = [];
						batchBytes = 0;
					}
				}
			} catch (error) {
				// Cut mid-stream: resume from here (the bytes in hand are kept).
				if (error instanceof ShareOpenError || (error as Error)?.name === 'AbortError') throw error;
			}
		}
		pieces.push(new Blob(batch as BlobPart[]));
		if (received !== size) throw new ShareOpenError('damaged');
		await tapWriter?.close().catch(() => {});
		return {
			cipher: new Blob(pieces),
			acknowledge: () => relay.opened(id, open).catch(() => {})
		};
	} catch (error) {
		await tapWriter?.abort(error).catch(() => {});
		if (error instanceof ShareRelayError) {
			if (
				error.kind === 'expired' ||
				error.kind === 'gone' ||
				error.kind === 'not-found' ||
				error.kind === 'busy'
			) {
				throw new ShareOpenError(error.kind);
			}
			throw new ShareOpenError('unavailable');
		}
		if (error instanceof ShareOpenError || (error as Error)?.name === 'AbortError') throw error;
		// The download was cut for good: nothing is shown.
		throw new ShareOpenError('unavailable');
	}
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
const headerFailure = (error: CryptoError): ShareOpenFailure =>
	error.code === 'kdf-too-costly' ? 'kdf-too-costly' : 'unknown-version';

export interface OpenedShare {
	manifest: BundleManifest;
	study: SharedStudy;
}

/**
 * Decrypts a share while it downloads, when it needs no passphrase: pass `tap` to downloadShare. Resolves to the
 * verified study once the whole stream is in, or null on anything else (a passphrase is needed, the data is
 * damaged): the caller then works from the downloaded Blob with decryptShare, which names the failure. Only an
 * optimisation: nothing is shown from here until the download is whole and every chunk and file is verified.
 */
export function decryptWhileDownloading(key: Uint8Array): {
	tap: WritableStream<Uint8Array>;
	opened: Promise<OpenedShare | null>;
} {
	const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
	const opened = readBundle(readable.pipeThrough(decryptShareStream(key, null))).then(
		({ manifest, files }) => ({ manifest, study: new SharedStudy(files) }),
		() => null
	);
	return { tap: writable, opened };
}

/** Decrypts and verifies a whole share; only then builds the study to show. */
export async function decryptShare(
	cipher: Blob,
	key: Uint8Array,
	passphrase: string | null
): Promise<OpenedShare> {
	const withPassphrase = await needsPassphrase(cipher);
	if (withPassphrase && !passphrase) throw new ShareOpenError('needs-passphrase');
	try {
		const plain = cipher.stream().pipeThrough(decryptShareStream(key, passphrase));
		const { manifest, files } = await readBundle(plain);
		return { manifest, study: new SharedStudy(files) };
	} catch (error) {
		if (error instanceof ShareNeedsPassphrase) throw new ShareOpenError('needs-passphrase');
		if (error instanceof ShareChunkError && error.index === 0 && withPassphrase) {
			throw new ShareOpenError('wrong-passphrase');
		}
		if (
			error instanceof CryptoError &&
			(error.code === 'unknown-version' || error.code === 'kdf-too-costly')
		) {
			throw new ShareOpenError(headerFailure(error));
		}
		if (error instanceof CryptoError || error instanceof BundleError)
			throw new ShareOpenError('damaged');
		throw error;
	}
}
