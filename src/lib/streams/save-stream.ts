/**
 * Saves a stream of bytes as a download. Parts are gathered into Blob pieces of about 8 MiB as they arrive, so
 * the browser's blob store — not the JS heap — holds a large file (a backup, a study's DICOM files).
 * Returns the file's size.
 */
export async function saveStream(input: {
	parts: AsyncIterable<Uint8Array>;
	fileName: string;
	type: string;
	onBytes?: (written: number) => void;
}): Promise<number> {
	const pieces: Blob[] = [];
	let batch: Uint8Array[] = [];
	let batchBytes = 0;
	let written = 0;
	for await (const part of input.parts) {
		batch.push(part);
		batchBytes += part.length;
		written += part.length;
		input.onBytes?.(written);
		if (batchBytes > 8 * 1024 * 1024) {
			pieces.push(new Blob(batch as BlobPart[]));
			batch = [];
			batchBytes = 0;
		}
	}
	pieces.push(new Blob(batch as BlobPart[]));
	const file = new Blob(pieces, { type: input.type });
	const url = URL.createObjectURL(file);
	const link = document.createElement('a');
	link.href = url;
	link.download = input.fileName;
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
	return file.size;
}
