import { StoredZipEntry, ZipWriter, buildDicomdir, type DicomdirFile } from '$lib/dicom';
import type { StudyContent, StudySummary } from '$lib/study';

/** The vault's study store streams each file in its chunks; a shared study in memory just reads it. */
export type ZipSource = StudyContent & { streamInstance?(id: string): ReadableStream<Uint8Array> };

/**
 * A study's original DICOM files as a zip laid out like an IHE PDI disc: DICOMDIR at the root referencing every
 * file under DICOM/ with ISO 9660 level-1 names (8 upper-case characters). Files are stored, not recompressed
 * (DICOM pixel data rarely shrinks, and storing keeps it fast), and streamed one at a time from the vault, so the
 * zip never sits whole in memory.
 */
const name = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`;

export async function* exportStudyZip(
	store: ZipSource,
	study: StudySummary
): AsyncGenerator<Uint8Array> {
	const series = await store.listSeries(study.id);
	const entries: { path: string; instanceId: string }[] = [];
	const records: DicomdirFile[] = [];
	let seriesNo = 0;
	for (const s of series) {
		seriesNo++;
		const instances = await store.listInstances(s.id);
		instances.forEach((instance, ii) => {
			const fileId = ['DICOM', 'PA000001', 'ST000001', name('SE', seriesNo), name('IM', ii + 1)];
			entries.push({ path: fileId.join('/'), instanceId: instance.id });
			records.push({
				fileId,
				SOPClassUID: instance.SOPClassUID,
				SOPInstanceUID: instance.SOPInstanceUID,
				TransferSyntaxUID: instance.TransferSyntaxUID,
				kind: instance.kind,
				InstanceNumber: instance.instance.InstanceNumber,
				PatientID: study.patient.PatientID,
				PatientName: study.patient.PatientName,
				StudyInstanceUID: study.StudyInstanceUID,
				StudyDate: study.study.StudyDate,
				StudyTime: study.study.StudyTime,
				StudyDescription: study.study.StudyDescription,
				StudyID: study.study.StudyID,
				AccessionNumber: study.study.AccessionNumber,
				SeriesInstanceUID: s.SeriesInstanceUID,
				Modality: s.Modality,
				SeriesNumber: s.SeriesNumber,
				DocumentTitle: instance.instance.DocumentTitle,
				ContentDate: instance.instance.ContentDate
			});
		});
	}

	const out: Uint8Array[] = [];
	let failure: Error | null = null;
	let finished = false;
	const zip = new ZipWriter((error, chunk, final) => {
		if (error) failure = error;
		else out.push(chunk);
		if (final) finished = true;
	});
	const drain = function* () {
		while (out.length) yield out.shift()!;
	};
	const add = (path: string, data: Uint8Array) => {
		const entry = new StoredZipEntry(path);
		zip.add(entry);
		entry.push(data, true);
	};

	add('DICOMDIR', buildDicomdir(records));
	yield* drain();
	for (const entry of entries) {
		// One entry at a time: the stored file streams through in the vault's chunks.
		const file = new StoredZipEntry(entry.path);
		zip.add(file);
		const reader = (
			store.streamInstance?.(entry.instanceId) ??
			new Response((await store.readInstance(entry.instanceId)) as BodyInit).body!
		).getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			file.push(value, false);
			yield* drain();
		}
		file.push(new Uint8Array(0), true);
		yield* drain();
		if (failure) throw failure;
	}
	zip.end();
	yield* drain();
	if (failure) throw failure;
	if (!finished) throw new Error('zip did not finish');
}
