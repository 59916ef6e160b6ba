import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import createCharls from '@cornerstonejs/codec-charls/decodewasmjs';
import createLibJpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import createOpenJpeg from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import createOpenJph from '@cornerstonejs/codec-openjph/wasmjs';
import {
	checkDisplayable,
	codecFor,
	deidentify,
	UidMap,
	extractEncapsulatedPdf,
	looksLikeZip,
	parseDicomFile,
	readDicomdir,
	readDoseHeader,
	readStructuredReport,
	readZip,
	dicomParser,
	sanitizeForViewer,
	transcodeForViewer,
	TRANSCODABLE_SYNTAXES
} from '../../src/lib/dicom';
import {
	QUIET,
	checkRleFrames,
	RLE_LOSSLESS,
	htj2kDecoderFrom,
	jpeg2000DecoderFrom,
	jpegDecoderFrom,
	jpegLsDecoderFrom,
	loadDictionary,
	readStoredDisplay,
	reinterpretUnknownVRs,
	type CharlsModule,
	type Decoders,
	type LibJpegTurboModule,
	type OpenJpegModule,
	type OpenJphModule
} from '../../src/lib/dicom/pixels';
import { planImport } from '../../src/lib/import/plan';
import { itemFromBytes } from '../../src/lib/import/sources';

/**
 * The parser fuzzer's driver of the app (scripts/fuzz-dicom.js runs it in worker.ts; tests/reliability's smoke
 * test calls it directly): one input through the app's own code the way the app uses it — the import (zip →
 * DICOMDIR plan → parseDicomFile), then for what imports, the viewer's preparation (display check, UN →
 * dictionary VR, WASM decoding, sanitising, the RLE check, stored window), what dwv does with the prepared copy
 * (its parser and image on the main thread, its RLE and JPEG lossless workers), de-identification, and the report
 * and dose readers. Every outcome is kept: read, refused with a code, or leaked (anything a patient should not read).
 */
export type Outcome =
	| { kind: 'ok'; stage: string }
	/** Refused with a code the app turns into words, and a detail. */
	| { kind: 'refused'; stage: string; code: string; detail: string }
	/** Anything else thrown: what a patient would read is a JavaScript error's text. */
	| { kind: 'leak'; stage: string; name: string; message: string; stack?: string };

/** A worker's answer for one input (worker.ts). */
export interface Reply {
	id: number;
	outcomes: Outcome[];
	maxAllocation: number;
	ms: number;
	/** CPU time of the whole input, ms. */
	cpuMs: number;
	/** CPU time to the end of the import (zip, DICOMDIR, parse), before the viewer's stages. */
	importMs: number;
}

/** Told which stage runs now, so an input that never answers is named by where it hung. */
let stageListener: (stage: string) => void = () => {};
export function onStage(listener: (stage: string) => void) {
	stageListener = listener;
}
function enter(stage: string) {
	stageListener(stage);
}

const GENERIC =
	/cannot read propert|undefined(?! length)|is not a function|is not iterable|invalid typed array|out of bounds|outside the bounds|maximum call stack|array buffer allocation|invalid array length|NaN|\[object /i;

export function outcomeOf(stage: string, error: unknown): Outcome {
	const e = error as Error & { code?: unknown; detail?: unknown };
	if (e instanceof Error && e.name === 'DicomError' && typeof e.code === 'string') {
		const detail = String(e.detail ?? '');
		// A refusal whose detail is a JavaScript error's text is still a leak: the patient reads the detail.
		if (GENERIC.test(detail))
			return {
				kind: 'leak',
				stage,
				name: `DicomError(${e.code})`,
				message: detail,
				stack: e.stack
			};
		return { kind: 'refused', stage, code: e.code, detail };
	}
	if (e instanceof Error)
		return { kind: 'leak', stage, name: e.name, message: e.message, stack: e.stack };
	return {
		kind: 'leak',
		stage,
		name: typeof error,
		message: String(
			error && typeof error === 'object' && 'exception' in error
				? (error as { exception: unknown }).exception
				: error
		)
	};
}

let decoders: Decoders | undefined;
async function loadDecoders(): Promise<Decoders> {
	decoders ??= {
		jpegLs: jpegLsDecoderFrom((await createCharls({ ...QUIET })) as CharlsModule),
		jpeg2000: jpeg2000DecoderFrom((await createOpenJpeg({ ...QUIET })) as OpenJpegModule),
		htj2k: htj2kDecoderFrom((await createOpenJph({ ...QUIET })) as OpenJphModule),
		jpeg: jpegDecoderFrom((await createLibJpegTurbo({ ...QUIET })) as LibJpegTurboModule)
	};
	return decoders;
}

/**
 * dwv's own decoders, for the syntaxes the app hands to dwv undecoded (RLE, JPEG lossless): its worker scripts, run
 * here in a context whose `self` takes the message and keeps the answer, as a browser worker would.
 */
const DWV_SYNTAXES: Record<string, string> = {
	'1.2.840.10008.1.2.5': 'rle',
	'1.2.840.10008.1.2.4.57': 'jpegloss',
	'1.2.840.10008.1.2.4.70': 'jpegloss'
};
const dwvWorkers = new Map<string, (data: unknown) => unknown>();
function dwvDecoder(name: string) {
	let decode = dwvWorkers.get(name);
	if (!decode) {
		const dir = join(dirname(createRequire(import.meta.url).resolve('dwv')), 'assets/workers');
		const code = readFileSync(join(dir, `${name}.worker.min.js`), 'utf8');
		let onMessage: ((event: { data: unknown }) => void) | undefined;
		let answer: unknown;
		const self = {
			addEventListener: (_type: string, listener: (event: { data: unknown }) => void) =>
				(onMessage = listener),
			postMessage: (message: unknown) => (answer = message)
		};
		runInNewContext(code, { self, console });
		decode = (data) => {
			answer = undefined;
			onMessage!({ data });
			return answer;
		};
		dwvWorkers.set(name, decode);
	}
	return decode;
}

/** Each frame's encoded bytes as dwv splits them (one per fragment, or all fragments for one frame), or null. */
function framesForDwv(
	bytes: Uint8Array
): { frames: Uint8Array[]; meta: Record<string, unknown> } | null {
	const ds = dicomParser.parseDicom(bytes);
	const pixel = ds.elements['x7fe00010'];
	const fragments = pixel?.fragments;
	if (!pixel || !fragments?.length) return null;
	const count = Math.max(1, Number.parseInt(ds.string('x00280008') ?? '1', 10) || 1);
	const piece = (f: { position: number; length: number }) =>
		ds.byteArray.slice(f.position, f.position + f.length);
	const frames =
		count === 1
			? [new Uint8Array(fragments.flatMap((f) => Array.from(piece(f))))]
			: fragments.length === count
				? fragments.map(piece)
				: null;
	if (!frames) return null;
	return {
		frames,
		meta: {
			bitsAllocated: ds.uint16('x00280100') ?? 16,
			isSigned: ds.uint16('x00280103') === 1,
			sliceSize: (ds.uint16('x00280010') ?? 0) * (ds.uint16('x00280011') ?? 0),
			samplesPerPixel: ds.uint16('x00280002') ?? 1,
			planarConfiguration: ds.uint16('x00280006') ?? 0
		}
	};
}

/**
 * What dwv does on the page's main thread with the prepared copy: parse it, and for native pixels build the image
 * (compressed ones it first decodes in its workers, driven below). A hang here would freeze the page itself.
 */
async function dwvParse(prepared: Uint8Array, out: Outcome[]) {
	// The harness is not the app: it drives dwv's parser directly, as $lib/viewer's DwvViewer has dwv do.
	// eslint-disable-next-line no-restricted-syntax
	const { DicomParser, createImage } = await import('dwv');
	try {
		const parser = new DicomParser();
		parser.parse(prepared.slice().buffer);
		const elements = parser.getDicomElements();
		const syntax = String(elements['00020010']?.value?.[0] ?? '').replace(/\0/g, '');
		if (!DWV_SYNTAXES[syntax]) createImage(elements);
		out.push({ kind: 'ok', stage: 'dwv-parse' });
	} catch (error) {
		out.push({
			kind: 'refused',
			stage: 'dwv-parse',
			code: 'dwv-threw',
			detail: error instanceof Error ? error.message : String(error)
		});
	}
}

/** The viewer's path for one stored file (ImageViewer → prepare.worker.ts), and the report and dose readers. */
async function view(bytes: Uint8Array, out: Outcome[]) {
	let info;
	try {
		info = parseDicomFile(bytes);
	} catch {
		return; // refused at import: the viewer never sees it
	}
	const run = async (stage: string, f: () => unknown) => {
		enter(stage);
		try {
			await f();
			out.push({ kind: 'ok', stage });
		} catch (error) {
			out.push(outcomeOf(stage, error));
		}
	};
	await run('dose', () => readDoseHeader(bytes));
	// A de-identified share or export rewrites every stored file.
	await run('deidentify', () => deidentify(bytes, new UidMap()));
	if (info.kind === 'sr') return run('sr', () => readStructuredReport(bytes));
	if (info.kind === 'pdf') return run('pdf', () => extractEncapsulatedPdf(bytes));
	const check = checkDisplayable({
		kind: info.kind,
		TransferSyntaxUID: info.TransferSyntaxUID,
		SOPClassUID: info.SOPClassUID,
		...info.instance
	});
	if (!check.ok) return;
	const dictionary = await loadDictionary();
	const all = await loadDecoders();
	// What the viewer hands dwv, when preparing succeeds (a refusal here means dwv never sees the file).
	let ready: Uint8Array | undefined;
	await run('prepare', () => {
		let prepared = reinterpretUnknownVRs(bytes, dictionary);
		if (TRANSCODABLE_SYNTAXES.has(info.TransferSyntaxUID)) {
			const codec = codecFor(info.TransferSyntaxUID);
			prepared = transcodeForViewer(
				prepared,
				info.TransferSyntaxUID,
				codec ? { [codec]: all[codec] } : {}
			);
		}
		prepared = sanitizeForViewer(prepared);
		if (info.TransferSyntaxUID === RLE_LOSSLESS) checkRleFrames(prepared);
		readStoredDisplay(prepared);
		ready = prepared;
	});
	if (!ready) return;
	enter('dwv-parse');
	await dwvParse(ready, out);
	const dwv = DWV_SYNTAXES[info.TransferSyntaxUID];
	const split = dwv ? framesForDwv(ready) : null;
	if (dwv && split) {
		// What dwv's worker throws reaches the page as its error event; only a hang or a blow-up is a failure here.
		try {
			enter(`dwv-${dwv}`);
			for (const frame of split.frames) {
				dwvDecoder(dwv)({ buffer: frame, meta: split.meta });
			}
			out.push({ kind: 'ok', stage: `dwv-${dwv}` });
		} catch (error) {
			out.push({
				kind: 'refused',
				stage: `dwv-${dwv}`,
				code: 'dwv-threw',
				detail: error instanceof Error ? error.message : String(error)
			});
		}
	}
}

async function importOne(path: string, bytes: Uint8Array, out: Outcome[], files: Uint8Array[]) {
	try {
		enter('import');
		const info = parseDicomFile(bytes, { maxBytes: 1024 * 1024 * 1024 });
		out.push({ kind: 'ok', stage: `import:${info.kind}` });
		files.push(bytes);
	} catch (error) {
		const o = outcomeOf('import', error);
		if (!(o.kind === 'refused' && o.code === 'directory')) out.push(o);
		void path;
	}
}

/** CPU time the last input's import took (before the viewer's stages), ms. */
export let importMs = 0;

export async function handle(path: string, bytes: Uint8Array): Promise<Outcome[]> {
	// CPU time, not wall time: the fuzzer runs niced on shared cores (see main.ts).
	const started = process.cpuUsage();
	const out: Outcome[] = [];
	const imported: Uint8Array[] = [];
	const item = itemFromBytes(path, bytes);
	if (looksLikeZip(bytes.subarray(0, 4))) {
		try {
			enter('zip');
			for await (const entry of readZip(item.stream())) {
				if (entry.error) out.push(outcomeOf('zip-entry', entry.error));
				else await importOne(entry.path, entry.bytes, out, imported);
			}
		} catch (error) {
			out.push(outcomeOf('zip', error));
		}
	} else if (/(^|\/)DICOMDIR$/i.test(path)) {
		try {
			enter('dicomdir');
			readDicomdir(bytes);
			out.push({ kind: 'ok', stage: 'dicomdir' });
		} catch (error) {
			out.push(outcomeOf('dicomdir', error));
		}
		// The plan reads it the same way; an unreadable one is scanned instead, with its reason.
		const plan = await planImport([item]);
		for (const u of plan.unreadableDirectories) {
			if (/cannot read propert|undefined(?! length)|is not a function|\[object /i.test(u.detail)) {
				out.push({ kind: 'leak', stage: 'plan', name: 'detail', message: u.detail });
			}
		}
	} else {
		await importOne(path, bytes, out, imported);
	}
	const used = process.cpuUsage(started);
	importMs = (used.user + used.system) / 1000;
	for (const file of imported) await view(file, out);
	return out;
}
