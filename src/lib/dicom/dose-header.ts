import type { DataSet } from 'dicom-parser';
import { inflateDataset } from './dicom-parser';
import { parseChecked } from './parse-guard';

/**
 * The radiation dose fields an image's own header may carry (PS3.3 CT Image, X-Ray Acquisition Dose, Enhanced
 * CT's CT Exposure functional group), for a study whose equipment wrote no dose report. Each value is kept in
 * the unit the standard fixes for its attribute, named in the field. Pure: bytes in, plain data out.
 */
export interface DoseHeader {
	Modality: string;
	SeriesInstanceUID: string;
	SeriesDescription: string;
	BodyPartExamined: string;
	ImageLaterality: string;
	ViewPosition: string;
	/** (0008,3010): several reconstructions of one acquisition share it. */
	IrradiationEventUID: string;
	/** (0018,9345) CTDIvol, mGy; top level, or in an Enhanced CT's shared or first per-frame CT Exposure item. */
	CTDIvol: number | null;
	/** (0018,9346) CTDI Phantom Type Code Sequence: code value and scheme (DCM 113690 head, 113691 body). */
	CTDIPhantom: { value: string; scheme: string } | null;
	/** (0018,115E) Image and Fluoroscopy Area Dose Product, dGy·cm². */
	AreaDoseProduct: number | null;
	/** (0040,8302) Entrance Dose in mGy. */
	EntranceDoseInmGy: number | null;
	/** (0040,0316) Organ Dose, dGy, of the organ named by (0040,0318) Organ Exposed (BREAST for mammography). */
	OrganDose: number | null;
	OrganExposed: string;
}

function str(ds: DataSet, tag: string): string {
	return (ds.string(tag) ?? '').trim();
}

/** A DS/FD value as a finite number, or null when absent or not a number (never a guess). */
function num(ds: DataSet, tag: string, vr: 'DS' | 'FD'): number | null {
	const el = ds.elements[tag];
	if (!el?.length) return null;
	const value = vr === 'FD' ? ds.double(tag) : Number.parseFloat(str(ds, tag));
	return value !== undefined && Number.isFinite(value) ? value : null;
}

function ctdiVol(ds: DataSet): number | null {
	const top = num(ds, 'x00189345', 'FD');
	if (top !== null) return top;
	for (const group of ['x52009229', 'x52009230']) {
		const frame = ds.elements[group]?.items?.[0]?.dataSet;
		const exposure = frame?.elements['x00189321']?.items?.[0]?.dataSet;
		const value = exposure ? num(exposure, 'x00189345', 'FD') : null;
		if (value !== null) return value;
	}
	return null;
}

export function readDoseHeader(bytes: Uint8Array): DoseHeader {
	const ds = parseChecked(bytes, { inflater: inflateDataset, untilTag: 'x7fe00010' });
	const phantom = ds.elements['x00189346']?.items?.[0]?.dataSet;
	return {
		Modality: str(ds, 'x00080060'),
		SeriesInstanceUID: str(ds, 'x0020000e'),
		SeriesDescription: str(ds, 'x0008103e'),
		BodyPartExamined: str(ds, 'x00180015'),
		ImageLaterality: str(ds, 'x00200062') || str(ds, 'x00200060'),
		ViewPosition: str(ds, 'x00185101'),
		IrradiationEventUID: str(ds, 'x00083010'),
		CTDIvol: ctdiVol(ds),
		CTDIPhantom: phantom
			? { value: str(phantom, 'x00080100'), scheme: str(phantom, 'x00080102') }
			: null,
		AreaDoseProduct: num(ds, 'x0018115e', 'DS'),
		EntranceDoseInmGy: num(ds, 'x00408302', 'DS'),
		OrganDose: num(ds, 'x00400316', 'DS'),
		OrganExposed: str(ds, 'x00400318')
	};
}
