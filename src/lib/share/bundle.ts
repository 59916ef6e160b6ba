import { ByteReader } from '$lib/streams';
import { createSha256, toHex } from '$lib/crypto';

/**
 * The study bundle, format version 1: what a share carries, inside the encrypted share stream.
 *
 *   "RFBUNDLE" (8) ‖ version u8 = 1 ‖ manifest length u32 BE ‖ manifest (JSON, UTF-8)
 *   ‖ every entry's bytes, in manifest order
 *   ‖ "RFBUNDLE-END" (12) ‖ trailer length u32 BE ‖ trailer (JSON: { sha256: hex per entry })
 *
 * The manifest lists each entry's name and size before any byte of it, so a reader knows where entries end; the
 * SHA-256 of each entry goes in the trailer because it is computed while the entry streams out of the vault.
 */
export const BUNDLE_VERSION = 1;
const MAGIC = new TextEncoder().encode('RFBUNDLE');
const END = new TextEncoder().encode('RFBUNDLE-END');
const MAX_MANIFEST = 4 * 1024 * 1024;

export interface BundleManifest {
	v: 1;
	createdAt: string;
	/** The study as the sender's timeline shows it (empty strings when removed by de-identification). */
	study: { description: string; date: string; modalities: string[] };
	deidentified: boolean;
	entries: { name: string; size: number }[];
}

export interface BundleEntrySource {
	name: string;
	size: number;
	open(): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
}

/**
 * Why a bundle was refused: `damaged` (cut short, changed, or not a bundle — `detail` says what was found),
 * `unknown-version` (a newer format), `entry-size` (writing: a file's bytes did not match the size announced).
 */
export type BundleErrorCode = 'damaged' | 'unknown-version' | 'entry-size';

export class BundleError extends Error {
	constructor(
		readonly code: BundleErrorCode,
		readonly detail: string
	) {
		super(`${code}: ${detail}`);
		this.name = 'BundleError';
	}
}

const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** An incremental SHA-256, as `createSha256()` makes one. */
export interface BundleHash {
	update(bytes: Uint8Array): unknown;
	digest(): Uint8Array;
}

/**
 * Writes a bundle, one entry at a time, as a stream. `sha256` makes each entry's hash: the browser has no streaming
 * native SHA-256, so the app hashes in JS; a Node caller (the large-share test fixture) passes node:crypto's, which
 * changes no byte of the bundle, only how fast its trailer is computed.
 */
export function writeBundle(
	manifest: Omit<BundleManifest, 'v' | 'entries'>,
	entries: BundleEntrySource[],
	{ sha256 = createSha256 }: { sha256?: () => BundleHash } = {}
): ReadableStream<Uint8Array> {
	const full: BundleManifest = {
		v: 1,
		...manifest,
		entries: entries.map((e) => ({ name: e.name, size: e.size }))
	};
	const json = new TextEncoder().encode(JSON.stringify(full));
	const hashes: string[] = [];
	let index = -1;
	let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
	let hash = sha256();
	let written = 0;
	return new ReadableStream({
		start(controller) {
			controller.enqueue(MAGIC);
			controller.enqueue(new Uint8Array([BUNDLE_VERSION]));
			controller.enqueue(u32(json.length));
			controller.enqueue(json);
		},
		async pull(controller) {
			for (;;) {
				if (!reader) {
					index++;
					if (index >= entries.length) {
						const trailer = new TextEncoder().encode(JSON.stringify({ sha256: hashes }));
						controller.enqueue(END);
						controller.enqueue(u32(trailer.length));
						controller.enqueue(trailer);
						controller.close();
						return;
					}
					reader = (await entries[index]!.open()).getReader();
					hash = sha256();
					written = 0;
				}
				const { done, value } = await reader.read();
				if (done) {
					if (written !== entries[index]!.size) {
						throw new BundleError(
							'entry-size',
							`entry ${index} is ${written} bytes, not ${entries[index]!.size}`
						);
					}
					hashes.push(toHex(hash.digest()));
					reader = null;
					continue;
				}
				hash.update(value);
				written += value.length;
				controller.enqueue(value);
				return;
			}
		},
		async cancel(reason) {
			await reader?.cancel(reason);
		}
	});
}

export interface BundleFile {
	name: string;
	bytes: Uint8Array;
}

/**
 * Reads a whole bundle and checks every entry's size and SHA-256 before returning anything: a reader shows a
 * shared study only once all of it is verified. Holds the whole study in memory: a recipient spools it instead
 * (spool-bundle.ts); this is for small bundles and tests.
 */
export async function readBundle(
	stream: ReadableStream<Uint8Array>
): Promise<{ manifest: BundleManifest; files: BundleFile[] }> {
	// Exact reads, each byte copied once (a growing buffer re-copied per network chunk cost more than decrypting).
	const reader = new ByteReader(stream);
	const manifest = await readBundleHead(reader);
	const files: BundleFile[] = [];
	for (const entry of manifest.entries) {
		files.push({ name: entry.name, bytes: await take(reader, entry.size) });
	}
	const sha256 = await readBundleTail(reader);
	// Native SHA-256 (WebCrypto) for verifying whole files: several times faster than hashing in JS.
	for (const [i, file] of files.entries()) {
		const digest = new Uint8Array(
			await crypto.subtle.digest('SHA-256', file.bytes as BufferSource)
		);
		if (sha256[i] !== toHex(digest)) {
			throw new BundleError('damaged', `entry ${i} does not match its checksum`);
		}
	}
	return { manifest, files };
}

async function take(reader: ByteReader, n: number) {
	const out = await reader.read(n);
	if (!out) throw new BundleError('damaged', 'the bundle ended early');
	return out;
}

async function readU32(reader: ByteReader) {
	const b = await take(reader, 4);
	return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** Reads a bundle up to its first entry: the magic, the version and the manifest (entry names and sizes checked). */
export async function readBundleHead(reader: ByteReader): Promise<BundleManifest> {
	const magic = await take(reader, MAGIC.length);
	if (!MAGIC.every((m, i) => magic[i] === m))
		throw new BundleError('damaged', 'not a Radfolio bundle');
	const version = (await take(reader, 1))[0];
	if (version !== BUNDLE_VERSION)
		throw new BundleError('unknown-version', `bundle format ${version}`);
	const manifestLength = await readU32(reader);
	if (manifestLength > MAX_MANIFEST) throw new BundleError('damaged', 'manifest too large');
	let manifest: BundleManifest;
	try {
		manifest = JSON.parse(new TextDecoder().decode(await take(reader, manifestLength)));
	} catch (error) {
		if (error instanceof BundleError) throw error;
		throw new BundleError('damaged', 'bad manifest');
	}
	if (manifest?.v !== 1 || !Array.isArray(manifest.entries))
		throw new BundleError('damaged', 'bad manifest');
	for (const entry of manifest.entries) {
		if (!Number.isSafeInteger(entry?.size) || entry.size < 0)
			throw new BundleError('damaged', 'bad entry size');
		entry.name = String(entry.name);
	}
	return manifest;
}

/**
 * Reads a bundle's end, after its last entry: the end marker and the trailer; checks that nothing follows.
 * Returns each entry's SHA-256 (hex) as the sender computed it.
 */
export async function readBundleTail(reader: ByteReader): Promise<string[]> {
	const end = await take(reader, END.length);
	if (!END.every((m, i) => end[i] === m))
		throw new BundleError('damaged', 'the bundle has no end marker');
	const trailerLength = await readU32(reader);
	if (trailerLength > MAX_MANIFEST) throw new BundleError('damaged', 'trailer too large');
	let trailer: { sha256?: unknown };
	try {
		trailer = JSON.parse(new TextDecoder().decode(await take(reader, trailerLength)));
	} catch (error) {
		if (error instanceof BundleError) throw error;
		throw new BundleError('damaged', 'bad trailer');
	}
	if (!(await reader.atEnd())) throw new BundleError('damaged', 'data after the end of the bundle');
	return Array.isArray(trailer?.sha256) ? trailer.sha256.map(String) : [];
}
