import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

/** Writing a zip (a study's export), streamed: fflate's writer, owned here with the reader. */
export { Zip as ZipWriter, ZipPassThrough as StoredZipEntry } from 'fflate';
import { concat } from './dicom-parser';
import { DicomError } from './errors';

/**
 * Streams the files out of a zip (fflate), one at a time, so a 4 GB archive never sits in memory, and refuses zip
 * bombs: an entry or the whole archive expanding past a limit, or expanding more than `maxRatio` times what was
 * read (after a grace size, since DICOM with large blank areas legitimately compresses well).
 */
export interface ZipLimits {
	maxEntryBytes: number;
	maxTotalBytes: number;
	maxRatio: number;
	/** Ratio is only judged once this much has been inflated. */
	ratioGraceBytes: number;
	maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxEntryBytes: 1024 * 1024 * 1024,
	maxTotalBytes: 32 * 1024 * 1024 * 1024,
	maxRatio: 250,
	ratioGraceBytes: 64 * 1024 * 1024,
	maxEntries: 200_000
};

export type ZipEntry =
	| { path: string; bytes: Uint8Array; error?: undefined }
	| { path: string; bytes?: undefined; error: DicomError };

export async function* readZip(
	stream: ReadableStream<Uint8Array>,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS
): AsyncGenerator<ZipEntry> {
	const ready: ZipEntry[] = [];
	let fatal: DicomError | null = null;
	let compressedRead = 0;
	let inflatedTotal = 0;
	let entries = 0;
	let unfinished: string | null = null;

	const unzip = new Unzip();
	unzip.register(UnzipInflate);
	unzip.onfile = (file: UnzipFile) => {
		if (fatal) return;
		if (file.name.endsWith('/')) return; // a folder entry
		if (++entries > limits.maxEntries) {
			fatal = new DicomError('zip-bomb', `more than ${limits.maxEntries} entries`);
			return;
		}
		const parts: Uint8Array[] = [];
		let size = 0;
		unfinished = file.name;
		file.ondata = (error, data, final) => {
			if (fatal) return;
			if (error) {
				unfinished = null;
				ready.push({
					path: file.name,
					error: new DicomError('zip-damaged', `${file.name}: ${error.message}`)
				});
				return;
			}
			size += data.length;
			inflatedTotal += data.length;
			if (size > limits.maxEntryBytes) {
				fatal = new DicomError(
					'zip-bomb',
					`${file.name} expands past ${limits.maxEntryBytes} bytes`
				);
			} else if (inflatedTotal > limits.maxTotalBytes) {
				fatal = new DicomError('zip-bomb', `contents expand past ${limits.maxTotalBytes} bytes`);
			} else if (
				inflatedTotal > limits.ratioGraceBytes &&
				inflatedTotal > limits.maxRatio * Math.max(1, compressedRead)
			) {
				fatal = new DicomError('zip-bomb', `contents expand more than ${limits.maxRatio} times`);
			}
			if (fatal) {
				file.terminate();
				return;
			}
			if (data.length) parts.push(data);
			if (final) {
				unfinished = null;
				ready.push({ path: file.name, bytes: parts.length === 1 ? parts[0]! : concat(parts) });
			}
		};
		try {
			file.start();
		} catch (error) {
			ready.push({
				path: file.name,
				error: new DicomError('zip-damaged', `${file.name}: ${(error as Error).message}`)
			});
		}
	};

	const reader = stream.getReader();
	try {
		for (;;) {
			const { value, done } = await reader.read();
			try {
				if (value) {
					compressedRead += value.length;
					unzip.push(value, false);
				}
				if (done) unzip.push(new Uint8Array(0), true);
				if (done && unfinished && !fatal) {
					fatal = new DicomError('zip-damaged', `the zip ends inside ${unfinished}`);
				}
			} catch (error) {
				if (!fatal) fatal = new DicomError('zip-damaged', (error as Error).message);
			}
			if (fatal) throw fatal;
			while (ready.length) yield ready.shift()!;
			if (done) break;
		}
	} finally {
		await reader.cancel().catch(() => {});
	}
}

/** A zip's local file header signature (PK\x03\x04), or the empty-archive end record (PK\x05\x06). */
export function looksLikeZip(head: Uint8Array): boolean {
	return (
		head.length >= 4 &&
		head[0] === 0x50 &&
		head[1] === 0x4b &&
		((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
	);
}
