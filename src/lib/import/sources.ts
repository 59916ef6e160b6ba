/**
 * What an import reads from: a file picked by the patient, a file inside a picked folder (with its path relative
 * to the folder), or a test's bytes. Only `stream`/`bytes` touch the contents, one file at a time.
 */
export interface ImportItem {
	/** Path relative to the picked folder ("DICOM/ST1/SE1/IM1"), or the file name for loose files. */
	relativePath: string;
	size: number;
	bytes(): Promise<Uint8Array>;
	stream(): ReadableStream<Uint8Array>;
	/**
	 * `bytes()` returns a buffer nobody else keeps (a fresh read of a file): the vault may hand it to a crypto
	 * worker whole, leaving it empty, instead of copying it.
	 */
	owned?: boolean;
}

export function itemFromFile(file: File, relativePath?: string): ImportItem {
	return {
		relativePath: relativePath ?? (file.webkitRelativePath || file.name),
		size: file.size,
		bytes: async () => new Uint8Array(await file.arrayBuffer()),
		stream: () => file.stream(),
		owned: true
	};
}

/** `handOver`: the caller will not use `data` again, so the import may take it (see ImportItem.owned). */
export function itemFromBytes(
	relativePath: string,
	data: Uint8Array,
	options: { handOver?: boolean } = {}
): ImportItem {
	return {
		owned: options.handOver ?? false,
		relativePath,
		size: data.length,
		bytes: async () => data,
		stream: () =>
			new ReadableStream({
				start(controller) {
					controller.enqueue(data);
					controller.close();
				}
			})
	};
}

export function baseName(path: string): string {
	return path.split('/').filter(Boolean).pop() ?? path;
}

export function dirName(path: string): string {
	const parts = path.split('/').filter(Boolean);
	parts.pop();
	return parts.join('/');
}
