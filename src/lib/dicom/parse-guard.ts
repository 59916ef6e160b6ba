import type { DataSet, ParseDicomOptions } from 'dicom-parser';
import { dicomParser } from './dicom-parser';
import { DicomError } from './errors';
import { TransferSyntax } from './uids';

/**
 * dicom-parser, made safe for files from anywhere: whatever it throws (strings, `{ exception, dataSet }` objects,
 * its own TypeErrors on damaged input, a stack overflow on deep nesting) becomes a DicomError whose detail a
 * patient can be shown, and a dataset it returns is checked before anything reads it — every element inside the
 * file (dicom-parser records a value running past the end and throws only when it is read), and sequences nested
 * no deeper than MAX_SEQUENCE_DEPTH (the code after it, SR reading and de-identification, walks them
 * recursively). Found by the parser fuzzer (scripts/fuzz-dicom.js).
 */

/**
 * Deeper than any real file nests: SR content trees, the deepest, go a few dozen levels. dicom-parser itself
 * recurses once per level and overflows the stack somewhere past a few thousand.
 */
export const MAX_SEQUENCE_DEPTH = 128;

const TOO_DEEP = `sequences nested more than ${MAX_SEQUENCE_DEPTH} levels deep`;

/** The VRs of PS3.5 6.2, to tell an explicit VR element header from other bytes. */
const KNOWN_VRS = new Set(
	'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
		' '
	)
);

function parserText(error: unknown): string {
	if (typeof error === 'string') return error;
	if (error && typeof error === 'object' && 'exception' in error)
		return String((error as { exception: unknown }).exception);
	if (error instanceof Error) return error.message;
	return String(error);
}

/** The reason a patient is shown for what dicom-parser threw. */
export function describeParserFailure(error: unknown): DicomError {
	if (error instanceof DicomError) return error;
	// parseDicom wraps what it caught as { exception, dataSet }: judge the exception itself.
	if (error && typeof error === 'object' && !(error instanceof Error) && 'exception' in error) {
		const inner = (error as { exception: unknown }).exception;
		if (inner instanceof Error) return describeParserFailure(inner);
	}
	if (error instanceof RangeError && /call stack/i.test(error.message)) {
		return new DicomError('unreadable-header', TOO_DEEP);
	}
	// An engine error from inside dicom-parser is a bug it hit on damaged input (a TypeError reading a field of a
	// structure the bytes never made): its text says nothing to a patient. Its own errors (plain Errors, strings,
	// { exception }) say what it found.
	if (
		error instanceof TypeError ||
		error instanceof RangeError ||
		error instanceof ReferenceError ||
		error instanceof SyntaxError
	) {
		return new DicomError(
			'unreadable-header',
			'damaged structure (its elements do not fit together)'
		);
	}
	const message = parserText(error);
	const cleaned = message.replace(/^dicomParser[.:]\w+:\s*/, '');
	if (/DICM prefix not found/.test(message)) return new DicomError('not-dicom', 'no DICOM header');
	// pydicom's meta_missing_tsyntax.dcm: dcmtk cannot read such a dataset either; the patient reads what is missing.
	if (/missing required meta header attribute 0002,0010/.test(message)) {
		return new DicomError(
			'unreadable-header',
			'its header does not say how its data is encoded (no Transfer Syntax UID)'
		);
	}
	if (
		/buffer overrun|maxP ?osition|eof encountered|past end|beyond the end|cannot be greater than or equal to 'byteArray' length/i.test(
			message
		)
	) {
		return new DicomError('truncated', 'the file ends in the middle of its data');
	}
	return new DicomError('unreadable-header', cleaned);
}

/** "(0010,0010)" from dicom-parser's "x00100010". */
const tagName = (tag: string) => `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();

/** Throws when an element's value runs past the end of the file or sequences nest too deep; iterative. */
export function checkStructure(dataSet: DataSet): void {
	const end = dataSet.byteArray.length;
	const stack: { dataSet: DataSet; depth: number }[] = [{ dataSet, depth: 0 }];
	while (stack.length) {
		const { dataSet: ds, depth } = stack.pop()!;
		if (depth > MAX_SEQUENCE_DEPTH) throw new DicomError('unreadable-header', TOO_DEEP);
		for (const element of Object.values(ds.elements)) {
			// Pixel Data of undefined length where parsing stopped (untilTag): its length was never resolved.
			if (element.tag === 'x7fe00010' && element.length === 0xffffffff) continue;
			if (element.dataOffset + element.length > end || element.length < 0) {
				throw new DicomError('truncated', `${tagName(element.tag)} runs past the end of the file`);
			}
			for (const fragment of element.fragments ?? []) {
				if (fragment.position + fragment.length > end) {
					throw new DicomError('truncated', 'the image data is cut short');
				}
			}
			for (const item of element.items ?? []) {
				if (item.dataSet) stack.push({ dataSet: item.dataSet, depth: depth + 1 });
			}
		}
	}
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
	return (
		bytes.length >= 132 &&
		bytes[128] === 0x44 &&
		bytes[129] === 0x49 &&
		bytes[130] === 0x43 &&
		bytes[131] === 0x4d
	);
}

/**
 * Files written without the Part 10 preamble and meta header (old modalities, some CDs) start straight with a
 * dataset in Implicit VR Little Endian (or Explicit VR, little or big endian: old big-endian workstations, pydicom's
 * ExplVR_BigEndNoMeta.dcm, which dcmtk reads). Accept that only when the first element looks like one: group 0008
 * (or 0002) with a VR or a sane length, so a random file is "not DICOM" rather than a parse error.
 */
function looksLikeRawDataset(
	bytes: Uint8Array
): 'implicit' | 'explicit' | 'explicit-big-endian' | null {
	if (bytes.length < 16) return null;
	const vr = String.fromCharCode(bytes[4]!, bytes[5]!);
	const bigEndianGroup = (bytes[0]! << 8) | bytes[1]!;
	if ((bigEndianGroup === 0x0008 || bigEndianGroup === 0x0002) && KNOWN_VRS.has(vr)) {
		return 'explicit-big-endian';
	}
	const group = bytes[0]! | (bytes[1]! << 8);
	if (group !== 0x0008 && group !== 0x0002) return null;
	if (/^[A-Z]{2}$/.test(vr)) return 'explicit';
	const length = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
	return length < 1024 ? 'implicit' : null;
}

function syntaxName(uid: string): string {
	if (uid === TransferSyntax.ImplicitVRLittleEndian) return 'Implicit VR Little Endian';
	if (uid === TransferSyntax.ExplicitVRLittleEndian) return 'Explicit VR Little Endian';
	if (uid === TransferSyntax.ExplicitVRBigEndian) return 'Explicit VR Big Endian';
	return `Explicit VR Little Endian (transfer syntax ${uid})`;
}

/**
 * A Part 10 file whose dataset is written in the other VR encoding than its meta header's transfer syntax says
 * (pydicom's SC_rgb_jpeg.dcm: Implicit VR under JPEG Baseline, written by highdicom 0.1.0; the reverse is a fuzzer
 * class). dicom-parser then misreads the first element and reports a truncated file, which is not what is wrong:
 * this names it. Only asked once a parse has failed, so a good file is never judged by this guess.
 */
export function encodingMismatch(bytes: Uint8Array): DicomError | null {
	if (!hasPart10Prefix(bytes) || bytes.length < 144) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(132, true) !== 0x00000002 || bytes[136] !== 0x55 || bytes[137] !== 0x4c)
		return null;
	const start = 144 + view.getUint32(140, true);
	if (start + 8 > bytes.length) return null;
	let syntax = '';
	for (let at = 144; at + 8 <= start;) {
		const tag = view.getUint32(at, true);
		const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
		const long = ['OB', 'OW', 'UN', 'UT', 'SQ'].includes(vr);
		const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
		const value = at + (long ? 12 : 8);
		if (tag === 0x00100002) {
			syntax = new TextDecoder('latin1')
				.decode(bytes.subarray(value, Math.min(value + length, start)))
				.replace(/[\0 ]+$/, '');
			break;
		}
		at = value + length;
	}
	if (!syntax || syntax === TransferSyntax.DeflatedExplicitVRLittleEndian) return null;
	const explicitLooking = KNOWN_VRS.has(String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!));
	const implicitLength = view.getUint32(start + 4, true);
	if (syntax === TransferSyntax.ImplicitVRLittleEndian && explicitLooking) {
		return new DicomError(
			'unreadable-header',
			`its dataset is written in Explicit VR, but its header says ${syntaxName(syntax)}`
		);
	}
	if (
		syntax !== TransferSyntax.ImplicitVRLittleEndian &&
		syntax !== TransferSyntax.ExplicitVRBigEndian &&
		!explicitLooking &&
		implicitLength <= bytes.length - start - 8
	) {
		return new DicomError(
			'unreadable-header',
			`its dataset is written in Implicit VR, but its header says ${syntaxName(syntax)}`
		);
	}
	return null;
}

/**
 * dicomParser.parseDicom for a Part 10 file or a bare dataset (read as the import reads it, so every reader of a
 * stored file agrees with the import); every failure a DicomError. The structure is not checked: see parseChecked.
 */
export function parseDicomBytes(bytes: Uint8Array, options: ParseDicomOptions = {}): DataSet {
	try {
		if (hasPart10Prefix(bytes)) return dicomParser.parseDicom(bytes, options);
		const raw = looksLikeRawDataset(bytes);
		if (!raw) throw new DicomError('not-dicom', 'no DICOM header');
		return dicomParser.parseDicom(bytes, {
			...options,
			TransferSyntaxUID:
				raw === 'implicit'
					? TransferSyntax.ImplicitVRLittleEndian
					: raw === 'explicit-big-endian'
						? TransferSyntax.ExplicitVRBigEndian
						: TransferSyntax.ExplicitVRLittleEndian
		});
	} catch (error) {
		throw encodingMismatch(bytes) ?? describeParserFailure(error);
	}
}

/** parseDicomBytes, then checkStructure. */
export function parseChecked(bytes: Uint8Array, options?: ParseDicomOptions): DataSet {
	const dataSet = parseDicomBytes(bytes, options);
	try {
		checkStructure(dataSet);
	} catch (error) {
		throw encodingMismatch(bytes) ?? error;
	}
	return dataSet;
}
