import { mark } from '$lib/timing';
import { CryptoError } from './errors';

/**
 * Passphrase → 32-byte key with Argon2id (RFC 9106), WASM from hash-wasm. The parameters travel with whatever
 * they protect (vault header, backup header, share header), so they can be raised later without breaking old data.
 * In a browser the derivation runs in its own worker (kdf.worker.ts), so the page keeps drawing while it works;
 * elsewhere (Node tests, the server) it runs in the calling thread. Both make the same bytes (kdf-argon2.ts).
 * Measured here: m=64 MiB, t=3 takes 0.4-0.6 s in headless Chromium (docs/security-kdf.md).
 */
export interface KdfParams {
	name: 'argon2id';
	/** Memory in KiB. */
	memoryKiB: number;
	iterations: number;
	parallelism: number;
}

export const DEFAULT_KDF: KdfParams = {
	name: 'argon2id',
	memoryKiB: 64 * 1024,
	iterations: 3,
	parallelism: 1
};

/** Below these, a stored header is refused: an attacker who can edit it must not be able to weaken the KDF. */
const MINIMUM = { memoryKiB: 8 * 1024, iterations: 1 };

/**
 * Above these, parameters are refused before anything is derived. They arrive in headers anyone can write (a share
 * link, a backup file, a transfer stream), and Argon2id must run before the data can be verified, so an unbounded
 * header could make the recipient's tab allocate gigabytes or compute for minutes. Time grows with memory ×
 * passes (parallelism does not help here: hash-wasm runs the lanes one after another), so the work is capped at
 * twice DEFAULT_KDF's: about 0.9 s in headless Chromium on the 2-core machine the caps were measured on, a few
 * seconds on a phone four times slower. Memory alone stops at 128 MiB, twice the default, which a phone's tab can
 * still allocate. Figures and reasons: docs/security-kdf.md.
 */
export const KDF_MAXIMUM = {
	memoryKiB: 128 * 1024,
	iterations: 10,
	parallelism: 4,
	/** memoryKiB × iterations */
	work: 2 * DEFAULT_KDF.memoryKiB * DEFAULT_KDF.iterations
} as const;

/** Test and benchmark builds may pass weaker parameters explicitly; stored headers never may. */
export const TEST_KDF: KdfParams = {
	name: 'argon2id',
	memoryKiB: 256,
	iterations: 1,
	parallelism: 1
};

export const SALT_BYTES = 16;

/** Throws CryptoError('kdf-too-costly') when deriving with `params` would cost more than KDF_MAXIMUM allows. */
export function checkKdfCost(params: KdfParams): void {
	// Written as "not within" so that NaN or a missing field is refused too.
	const within =
		params.memoryKiB <= KDF_MAXIMUM.memoryKiB &&
		params.iterations <= KDF_MAXIMUM.iterations &&
		params.parallelism <= KDF_MAXIMUM.parallelism &&
		params.memoryKiB * params.iterations <= KDF_MAXIMUM.work;
	if (!within) {
		throw new CryptoError(
			'kdf-too-costly',
			`Argon2id m=${params.memoryKiB} KiB, t=${params.iterations}, p=${params.parallelism}`
		);
	}
}

/**
 * Checks KDF parameters read from a header: 'unknown-version' for anything that is not Argon2id with whole,
 * valid parameters (or, unless `allowWeak`, below the floor), 'kdf-too-costly' above the cap.
 */
export function checkStoredKdf(params: KdfParams, { allowWeak = false } = {}): KdfParams {
	if (params?.name !== 'argon2id') throw new CryptoError('unknown-version', `KDF ${params?.name}`);
	const valid =
		Number.isSafeInteger(params.memoryKiB) &&
		Number.isSafeInteger(params.iterations) &&
		Number.isSafeInteger(params.parallelism) &&
		params.parallelism >= 1 &&
		params.iterations >= 1 &&
		// RFC 9106: at least 8 KiB per lane.
		params.memoryKiB >= 8 * params.parallelism;
	if (!valid) throw new CryptoError('unknown-version', 'KDF parameters out of range');
	checkKdfCost(params);
	if (
		!allowWeak &&
		(params.memoryKiB < MINIMUM.memoryKiB || params.iterations < MINIMUM.iterations)
	) {
		throw new CryptoError('unknown-version', 'KDF parameters below the minimum');
	}
	return params;
}

export async function deriveKey(
	passphrase: string,
	salt: Uint8Array,
	params: KdfParams
): Promise<Uint8Array> {
	if (salt.length < SALT_BYTES) throw new RangeError('KDF salt too short');
	// Every caller, header or not, stays under the cap: no path can make this tab derive at an attacker's price.
	checkKdfCost(params);
	// NFC so the same passphrase typed on another keyboard or OS derives the same key.
	const request: KdfWorkerRequest = {
		passphrase: passphrase.normalize('NFC'),
		salt,
		params: {
			name: 'argon2id',
			memoryKiB: params.memoryKiB,
			iterations: params.iterations,
			parallelism: params.parallelism
		}
	};
	return (await deriveInWorker(request)) ?? deriveHere(request);
}

/** What kdf.worker.ts is sent, and answers. */
export interface KdfWorkerRequest {
	passphrase: string;
	salt: Uint8Array;
	params: KdfParams;
}
export type KdfWorkerResponse =
	{ ready: true } | { key: Uint8Array; ms: number } | { error: string };

async function deriveHere({ passphrase, salt, params }: KdfWorkerRequest): Promise<Uint8Array> {
	// Loaded only here: in the browser the page never needs the Argon2id code itself.
	const { argon2idKey } = await import('./kdf-argon2');
	const start = performance.now();
	const key = await argon2idKey(passphrase, salt, params);
	// The same measure as the worker's: here it is also how long the page's thread stood still.
	performance.measure('radfolio:argon2id', { start, end: performance.now() });
	mark('key-derived');
	return key;
}

/** A KDF worker started ahead of its derivation, and whether it has loaded (its first word). */
interface StartedWorker {
	worker: Worker;
	started: boolean;
	/** It failed before a derivation was asked of it (it could not load). */
	failed: boolean;
}
let warm: StartedWorker | null = null;

function startWorker(): StartedWorker | null {
	if (typeof Worker === 'undefined') return null;
	try {
		const started: StartedWorker = {
			worker: new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module' }),
			started: false,
			failed: false
		};
		started.worker.onmessage = (event: MessageEvent<KdfWorkerResponse>) => {
			if ('ready' in event.data) started.started = true;
		};
		started.worker.onerror = (event) => {
			event.preventDefault();
			started.failed = true;
		};
		return started;
	} catch {
		return null;
	}
}

/**
 * Starts the next derivation's worker now (its module fetched, Argon2id's WebAssembly compiled), so that a
 * passphrase being typed is derived the moment it is submitted: the unlock screen calls it when it shows. The
 * parameters and the work are unchanged; only the worker's start-up leaves the patient's wait. One worker waits at
 * most; it holds no secret until a derivation is asked of it.
 */
export function warmKdf(): void {
	warm ??= startWorker();
}

/**
 * The derivation in a module worker (the warmed one, or a fresh one), terminated once it answers. Null when there
 * are no workers (Node) or the worker could not start (an old browser without module workers): the caller then
 * derives in this thread, which is slow to the eye but still right. Argon2id's own time, as the worker measured it,
 * is left as the user-timing measure `radfolio:argon2id` and the moment the key is there as a mark (benchmarks).
 */
function deriveInWorker(request: KdfWorkerRequest): Promise<Uint8Array | null> {
	let taken = warm ?? startWorker();
	warm = null;
	if (taken?.failed) {
		taken.worker.terminate();
		taken = startWorker();
	}
	if (!taken) return Promise.resolve(null);
	const { worker } = taken;
	return new Promise<Uint8Array | null>((resolve, reject) => {
		worker.onmessage = (event: MessageEvent<KdfWorkerResponse>) => {
			const answer = event.data;
			if ('ready' in answer) taken.started = true;
			else if ('key' in answer) {
				const end = performance.now();
				performance.measure('radfolio:argon2id', { start: end - answer.ms, end });
				mark('key-derived');
				resolve(answer.key);
			} else reject(new Error(`Argon2id failed: ${answer.error}`));
		};
		worker.onmessageerror = () => reject(new Error('Argon2id worker answer unreadable'));
		worker.onerror = (event) => {
			event.preventDefault();
			// Before its first word the worker did not load: derive here instead. After it, the derivation itself
			// failed (out of memory, say), and doing it again on the page's thread would only fail there.
			if (taken.started) reject(new Error(`Argon2id worker failed: ${event.message}`));
			else resolve(null);
		};
		worker.postMessage(request);
	}).finally(() => worker.terminate());
}
