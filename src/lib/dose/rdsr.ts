import type { SrCode, SrDocument, SrNode } from '$lib/dicom';
import { C, describe, is, type Code } from './codes';
import type {
	CtEvent,
	DoseCategory,
	DoseReading,
	DoseReport,
	Laterality,
	NotUnderstood,
	Phantom,
	Total,
	XrayEvent
} from './model';
import { unitFactor, type Quantity } from './units';

/**
 * A Radiation Dose SR read by its coded concepts (PS3.16 TID 10011 for CT, TID 10001 with 10003 for projection
 * X-ray, fluoroscopy and mammography). Any dose value whose unit is not a UCUM unit of its quantity, or whose
 * number does not parse, makes the whole report "not understood" with that item named: a partial figure would
 * read as a total.
 */

/** X-Ray Radiation Dose SR and Enhanced X-Ray Radiation Dose SR (PS3.4 Annex B). */
const DOSE_SR_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.88.67', '1.2.840.10008.5.1.4.1.1.88.76']);
const RADIOPHARMACEUTICAL_SR = '1.2.840.10008.5.1.4.1.1.88.68';

class Problem extends Error {
	constructor(readonly problem: NotUnderstood) {
		super(problem.detail);
	}
}

const find = (nodes: SrNode[], concept: readonly Code[]) =>
	nodes.find((n) => is(n.conceptCode, concept));
const findAll = (nodes: SrNode[], concept: readonly Code[]) =>
	nodes.filter((n) => is(n.conceptCode, concept));

/** A NUM item's value in our unit for its quantity; null when the item is absent or has no value. */
function number(nodes: SrNode[], concept: readonly Code[], quantity: Quantity): number | null {
	const node = find(nodes, concept);
	return node ? valueOf(node, quantity) : null;
}

function valueOf(node: SrNode, quantity: Quantity): number | null {
	if (!node.measurement || node.measurement.value === '') return null;
	const factor = unitFactor(node.unitCode, quantity);
	if (factor === null) {
		const unit = node.unitCode
			? `"${node.unitCode.value}" (${node.unitCode.scheme})`
			: 'no unit code';
		throw new Problem({
			code: 'unknown-unit',
			detail: `${unit} for ${describe(node.conceptCode)}`
		});
	}
	const value = Number(node.measurement.value);
	if (!Number.isFinite(value) || value < 0)
		throw new Problem({
			code: 'bad-number',
			detail: `"${node.measurement.value}" for ${describe(node.conceptCode)}`
		});
	return value * factor;
}

const text = (nodes: SrNode[], concept: readonly Code[]) => find(nodes, concept)?.text.trim() ?? '';
const codeOf = (nodes: SrNode[], concept: readonly Code[]): SrCode | null =>
	find(nodes, concept)?.valueCode ?? null;

function lateralityOf(code: SrCode | null | undefined): Laterality | null {
	if (is(code, C.Left) || is(code, C.LeftBreast)) return 'left';
	if (is(code, C.Right) || is(code, C.RightBreast)) return 'right';
	if (is(code, C.Bilateral) || is(code, C.BothBreasts)) return 'both';
	return null;
}

function phantomOf(code: SrCode | null): Phantom | null {
	if (!code) return null;
	if (is(code, C.IecHeadDosimetryPhantom)) return 'head';
	if (is(code, C.IecBodyDosimetryPhantom)) return 'body';
	return 'other';
}

function ctEvent(node: SrNode): CtEvent {
	const dose = find(node.children, C.CtDose)?.children ?? [];
	return {
		kind: 'ct',
		uid: text(node.children, C.IrradiationEventUID),
		protocol: text(node.children, C.AcquisitionProtocol),
		target: codeOf(node.children, C.TargetRegion),
		ctdiVol: number(dose, C.MeanCtdiVol, 'dose'),
		dlp: number(dose, C.Dlp, 'dlp'),
		phantom: phantomOf(codeOf(dose, C.CtdiwPhantomType))
	};
}

function xrayEvent(node: SrNode): XrayEvent {
	const items = node.children;
	// Mammography names the breast as a modifier of Anatomical structure; other reports may put Laterality beside.
	const anatomy = find(items, C.AnatomicalStructure);
	const laterality =
		lateralityOf(codeOf(anatomy?.children ?? [], C.Laterality)) ??
		lateralityOf(codeOf(items, C.Laterality));
	return {
		kind: 'xray',
		uid: text(items, C.IrradiationEventUID),
		protocol: text(items, C.AcquisitionProtocol),
		target: codeOf(items, C.TargetRegion),
		dap: number(items, C.DoseAreaProduct, 'dap'),
		doseRP: number(items, C.DoseRP, 'dose'),
		agd: number(items, C.AverageGlandularDose, 'dose'),
		laterality,
		view: find(items, C.ImageView)?.text.trim() ?? ''
	};
}

/** The reported total when there is one; else the events' sum when every event recorded the value. */
function total(reported: number | null, events: (number | null)[]): Total | null {
	if (reported !== null) return { value: reported, from: 'reported' };
	if (!events.length || events.some((v) => v === null)) return null;
	return { value: events.reduce<number>((a, v) => a + v!, 0), from: 'sum' };
}

function sumReported(values: (number | null)[]): number | null {
	const present = values.filter((v): v is number => v !== null);
	return present.length ? present.reduce((a, v) => a + v, 0) : null;
}

function categoryOf(procedure: SrCode | null, items: SrNode[]): DoseCategory | null {
	if (is(procedure, C.ComputedTomographyXRay)) return 'ct';
	if (is(procedure, C.Mammography)) return 'mammography';
	if (is(procedure, C.ProjectionXRay)) return 'xray';
	// Procedure Reported is required, but may carry a code of another context group: the content decides.
	if (find(items, C.CtAccumulatedDoseData) || find(items, C.CtAcquisition)) return 'ct';
	if (find(items, C.AccumulatedXRayDoseData) || find(items, C.IrradiationEventXRayData)) {
		const mammo = find(items, C.AccumulatedXRayDoseData)?.children.some((n) =>
			is(n.conceptCode, C.AccumulatedAverageGlandularDose)
		);
		return mammo ? 'mammography' : 'xray';
	}
	return null;
}

function readCt(items: SrNode[]): Omit<DoseReport, 'procedure' | 'category' | 'origin'> {
	const events = findAll(items, C.CtAcquisition).map(ctEvent);
	const accumulated = find(items, C.CtAccumulatedDoseData)?.children ?? [];
	return {
		events,
		dlp: total(
			number(accumulated, C.CtDoseLengthProductTotal, 'dlp'),
			events.map((e) => e.dlp)
		),
		dap: null,
		doseRP: null,
		agd: {}
	};
}

function readXray(items: SrNode[]): Omit<DoseReport, 'procedure' | 'category' | 'origin'> {
	const events = findAll(items, C.IrradiationEventXRayData).map(xrayEvent);
	// Biplane systems report one accumulated container per plane: their totals add up.
	const planes = findAll(items, C.AccumulatedXRayDoseData).map((n) => n.children);
	const agd: DoseReport['agd'] = {};
	for (const plane of planes) {
		for (const node of findAll(plane, C.AccumulatedAverageGlandularDose)) {
			const value = valueOf(node, 'dose');
			const side = lateralityOf(codeOf(node.children, C.Laterality));
			if (value === null || !side) continue;
			agd[side] = { value: (agd[side]?.value ?? 0) + value, from: 'reported' };
		}
	}
	for (const side of ['left', 'right', 'both'] as const) {
		if (agd[side]) continue;
		const values = events.filter((e) => e.laterality === side).map((e) => e.agd);
		const summed = total(null, values);
		if (summed) agd[side] = summed;
	}
	return {
		events,
		dlp: null,
		dap: total(
			sumReported(planes.map((p) => number(p, C.DoseAreaProductTotal, 'dap'))),
			events.map((e) => e.dap)
		),
		doseRP: total(
			sumReported(planes.map((p) => number(p, C.DoseRPTotal, 'dose'))),
			events.map((e) => e.doseRP)
		),
		agd
	};
}

function hasValues(report: Omit<DoseReport, 'procedure' | 'category' | 'origin'>): boolean {
	return (
		!!(report.dlp || report.dap || report.doseRP || Object.keys(report.agd).length) ||
		report.events.some((e) =>
			e.kind === 'ct' ? e.dlp !== null || e.ctdiVol !== null : e.dap !== null || e.agd !== null
		)
	);
}

/** True for the SOP classes of dose reports (X-ray, enhanced X-ray, radiopharmaceutical). */
export function isDoseReportClass(sopClassUID: string): boolean {
	return DOSE_SR_CLASSES.has(sopClassUID) || sopClassUID === RADIOPHARMACEUTICAL_SR;
}

/** True when a structured report is a radiation dose report of any kind Radfolio knows of (read or not). */
export function isDoseReport(doc: SrDocument): boolean {
	return (
		is(doc.code, C.XRayRadiationDoseReport) ||
		is(doc.code, C.RadiopharmaceuticalRadiationDoseReport) ||
		isDoseReportClass(doc.SOPClassUID ?? '')
	);
}

/** The dose a report records, or why it could not be read; null for a structured report that is not one. */
export function readDoseReport(doc: SrDocument): DoseReading | null {
	if (!isDoseReport(doc)) return null;
	if (
		is(doc.code, C.RadiopharmaceuticalRadiationDoseReport) ||
		doc.SOPClassUID === RADIOPHARMACEUTICAL_SR
	)
		return {
			ok: false,
			problem: { code: 'radiopharmaceutical', detail: describe(doc.code) }
		};
	if (!is(doc.code, C.XRayRadiationDoseReport))
		return { ok: false, problem: { code: 'not-a-dose-report', detail: describe(doc.code) } };
	const procedureNode = find(doc.root, C.ProcedureReported);
	const procedure = procedureNode?.valueCode ?? null;
	const category = categoryOf(procedure, doc.root);
	if (!category)
		return { ok: false, problem: { code: 'unknown-procedure', detail: describe(procedure) } };
	try {
		const read = category === 'ct' ? readCt(doc.root) : readXray(doc.root);
		if (!hasValues(read))
			return { ok: false, problem: { code: 'no-dose-values', detail: describe(doc.code) } };
		return {
			ok: true,
			report: { category, origin: 'rdsr', procedure: procedureNode?.text ?? '', ...read }
		};
	} catch (error) {
		if (error instanceof Problem) return { ok: false, problem: error.problem };
		throw error;
	}
}
