import { toHex } from '$lib/crypto';
import { DicomError, parseDicomFile, type DicomInstanceInfo } from '$lib/dicom';
import { ByteReader } from '$lib/streams';
import { Spool, type SpoolOptions } from '$lib/vault';
import { BundleError, readBundleHead, readBundleTail, type BundleManifest } from './bundle';

/**
 * Reading a received bundle into a spool ($lib/vault spool.ts) instead of memory: each entry is read whole (one
 * file at a time, as an import reads it), hashed, its DICOM header read for the study's summaries, sealed into the
 * spool and let go. What the page keeps is each file's name, size and summary; the bytes are in the spool.
 *
 * Nothing here is shown to anyone: the caller gets the spool only once the whole stream has ended without error
 * (every share chunk authenticated, the last one included) and every entry matched the trailer's SHA-256. On any
 * failure — a damaged or cut stream, a wrong checksum, a full disk — the spool is removed before the error is
 * thrown, so a failed share leaves nothing behind.
 */
export interface SpooledFile {
	name: string;
	size: number;
	/** The file's DICOM header as read; null when it is no DICOM file the app shows (kept, as the sender's was). */
	info: DicomInstanceInfo | null;
}

export interface SpooledBundle {
	manifest: BundleManifest;
	files: SpooledFile[];
	spool: Spool;
}

export async function spoolBundle(
	stream: ReadableStream<Uint8Array>,
	options: SpoolOptions & { onFile?: (done: number, total: number) => void } = {}
): Promise<SpooledBundle> {
	const reader = new ByteReader(stream);
	let spool: Spool | null = null;
	try {
		const manifest = await readBundleHead(reader);
		// Made once the head is read: a header or key that is wrong (most failures) never touches storage.
		spool = await Spool.create(options);
		const files: SpooledFile[] = [];
		const digests: Promise<ArrayBuffer>[] = [];
		for (const [i, entry] of manifest.entries.entries()) {
			const bytes = await reader.read(entry.size);
			if (!bytes) throw new BundleError('damaged', 'the bundle ended early');
			// Native SHA-256 (WebCrypto) of the whole file, off the main thread, beside the sealing.
			digests.push(crypto.subtle.digest('SHA-256', bytes as BufferSource));
			files.push({ name: entry.name, size: entry.size, info: dicomInfo(bytes) });
			await spool.writeFile(i, bytes);
			options.onFile?.(i + 1, manifest.entries.length);
		}
		const expected = await readBundleTail(reader);
		for (const [i, digest] of (await Promise.all(digests)).entries()) {
			if (expected[i] !== toHex(new Uint8Array(digest)))
				throw new BundleError('damaged', `entry ${i} does not match its checksum`);
		}
		await spool.flush();
		return { manifest, files, spool };
	} catch (error) {
		await spool?.remove().catch(() => {});
		await reader.cancel().catch(() => {});
		throw error;
	}
}

/** A file's DICOM header, or null when it is no DICOM file the app shows. */
export function dicomInfo(bytes: Uint8Array): DicomInstanceInfo | null {
	try {
		return parseDicomFile(bytes);
	} catch (error) {
		// The sender's vault held it, but it is no image or report this app shows: kept for saving, not shown.
		if (error instanceof DicomError) return null;
		throw error;
	}
}
