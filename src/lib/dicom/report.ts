import type { DataSet } from 'dicom-parser';
import { inflateDataset } from './dicom-parser';
import { parseChecked } from './parse-guard';
import { decodeText, textDecoderFor } from './charset';
import { DicomError } from './errors';

/**
 * Reports as a patient or physician reads them: the PDF inside an Encapsulated PDF object, and a Structured
 * Report's content tree as a document (headings from concept names, text, measurements with units) — not a tag
 * dump. Pure: bytes in, plain data out.
 */
function parse(bytes: Uint8Array): DataSet {
	return parseChecked(bytes, { inflater: inflateDataset });
}

/** The PDF bytes of an Encapsulated PDF instance (0042,0011), without DICOM's trailing pad byte. */
export function extractEncapsulatedPdf(bytes: Uint8Array): Uint8Array {
	const dataSet = parse(bytes);
	const element = dataSet.elements['x00420011'];
	if (!element?.length) throw new DicomError('unreadable-header', 'no encapsulated document');
	let end = element.dataOffset + element.length;
	while (end > element.dataOffset && dataSet.byteArray[end - 1] === 0) end--;
	return dataSet.byteArray.slice(element.dataOffset, end);
}

export interface SrMeasurement {
	value: string;
	unit: string;
}

/** A coded entry as the standard names it: code value, coding scheme designator, and meaning (text only). */
export interface SrCode {
	value: string;
	scheme: string;
	meaning: string;
}

export interface SrNode {
	valueType: string;
	relationship: string;
	/** Concept name (CodeMeaning), the heading or label. */
	concept: string;
	/** The concept name's code: what a program reads (dose reports), since meanings vary by vendor and language. */
	conceptCode?: SrCode;
	/** A CODE item's value as a code. */
	valueCode?: SrCode;
	/** A NUM item's unit as a code (UCUM). */
	unitCode?: SrCode;
	/** TEXT, CODE meaning, DATE/TIME/DATETIME, PNAME, UIDREF, or a reference, as text. */
	text: string;
	measurement: SrMeasurement | null;
	children: SrNode[];
}

export interface SrDocument {
	title: string;
	completion: string;
	verification: string;
	contentDate: string;
	observer: string;
	root: SrNode[];
	/** The root container's concept code (e.g. DCM 113701, X-Ray Radiation Dose Report). */
	code?: SrCode;
	SOPClassUID?: string;
}

class SrReader {
	readonly #decoder: TextDecoder;
	constructor(root: DataSet) {
		this.#decoder = textDecoderFor(root.string('x00080005'));
	}
	text(ds: DataSet, tag: string): string {
		const el = ds.elements[tag];
		if (!el?.length) return '';
		return decodeText(
			ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length),
			this.#decoder
		);
	}
	codeMeaning(ds: DataSet, sequenceTag: string): string {
		const item = ds.elements[sequenceTag]?.items?.[0]?.dataSet;
		return item ? this.text(item, 'x00080104') || this.text(item, 'x00080100') : '';
	}
	code(ds: DataSet, sequenceTag: string): SrCode | undefined {
		const item = ds.elements[sequenceTag]?.items?.[0]?.dataSet;
		if (!item) return undefined;
		return {
			value: this.text(item, 'x00080100').trim(),
			scheme: this.text(item, 'x00080102').trim(),
			meaning: this.text(item, 'x00080104').trim()
		};
	}
	node(ds: DataSet, depth: number): SrNode {
		const valueType = (ds.string('x0040a040') ?? '').trim();
		const node: SrNode = {
			valueType,
			relationship: (ds.string('x0040a010') ?? '').trim(),
			concept: this.codeMeaning(ds, 'x0040a043'),
			text: '',
			measurement: null,
			children: []
		};
		const conceptCode = this.code(ds, 'x0040a043');
		if (conceptCode) node.conceptCode = conceptCode;
		switch (valueType) {
			case 'TEXT':
				node.text = this.text(ds, 'x0040a160');
				break;
			case 'CODE':
				node.text = this.codeMeaning(ds, 'x0040a168');
				node.valueCode = this.code(ds, 'x0040a168');
				break;
			case 'NUM': {
				const mv = ds.elements['x0040a300']?.items?.[0]?.dataSet;
				if (mv) {
					const unitItem = mv.elements['x004008ea']?.items?.[0]?.dataSet;
					const code = unitItem ? this.text(unitItem, 'x00080100') : '';
					const meaning = unitItem ? this.text(unitItem, 'x00080104') : '';
					// UCUM "1" means unitless; keep the short code (mm, cm2, mGy) where it reads naturally.
					const unit = code === '1' ? '' : code && code.length <= 8 ? code : meaning;
					node.measurement = { value: (mv.string('x0040a30a') ?? '').trim(), unit };
					node.unitCode = this.code(mv, 'x004008ea');
				}
				break;
			}
			case 'DATE':
				node.text = (ds.string('x0040a121') ?? '').trim();
				break;
			case 'TIME':
				node.text = (ds.string('x0040a122') ?? '').trim();
				break;
			case 'DATETIME':
				node.text = (ds.string('x0040a120') ?? '').trim();
				break;
			case 'PNAME':
				node.text = this.text(ds, 'x0040a123');
				break;
			case 'UIDREF':
				node.text = (ds.string('x0040a124') ?? '').trim();
				break;
			case 'IMAGE':
			case 'COMPOSITE':
			case 'WAVEFORM':
				node.text = 'Refers to an image or object in the study';
				break;
		}
		if (depth < 32) {
			for (const item of ds.elements['x0040a730']?.items ?? []) {
				if (item.dataSet) node.children.push(this.node(item.dataSet, depth + 1));
			}
			node.children = collapseReferences(node.children);
		}
		return node;
	}
}

const REFERENCE_TYPES = new Set(['IMAGE', 'COMPOSITE', 'WAVEFORM']);

/** Runs of bare image references (an image library lists hundreds) read better as one line with a count. */
function collapseReferences(children: SrNode[]): SrNode[] {
	const out: SrNode[] = [];
	for (const child of children) {
		const last = out[out.length - 1];
		const bare = REFERENCE_TYPES.has(child.valueType) && !child.children.length;
		if (bare && last && last.valueType === 'REFERENCES') {
			last.measurement = { value: String(Number(last.measurement!.value) + 1), unit: '' };
			last.text = `${last.measurement.value} images or objects of the study are referenced`;
		} else if (bare) {
			out.push({
				...child,
				valueType: 'REFERENCES',
				concept: child.concept,
				text: 'Refers to an image or object in the study',
				measurement: { value: '1', unit: '' }
			});
		} else {
			out.push(child);
		}
	}
	// A single reference keeps its plain sentence; the count is internal.
	for (const node of out) if (node.valueType === 'REFERENCES') node.measurement = null;
	return out;
}

export function readStructuredReport(bytes: Uint8Array): SrDocument {
	const ds = parse(bytes);
	const reader = new SrReader(ds);
	const root = reader.node(ds, 0);
	const observer = ds.elements['x0040a073']?.items?.[0]?.dataSet
		? reader.text(ds.elements['x0040a073']!.items![0]!.dataSet!, 'x0040a075')
		: '';
	return {
		title: root.concept || reader.text(ds, 'x0008103e') || 'Report',
		completion: (ds.string('x0040a491') ?? '').trim(),
		verification: (ds.string('x0040a493') ?? '').trim(),
		contentDate: (ds.string('x00080023') ?? '').trim(),
		observer,
		root: root.children,
		...(root.conceptCode ? { code: root.conceptCode } : {}),
		SOPClassUID: (ds.string('x00080016') ?? '').trim()
	};
}
