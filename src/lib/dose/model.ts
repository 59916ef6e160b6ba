import type { SrCode } from '$lib/dicom';

/**
 * What Radfolio understood of a study's radiation dose, in fixed units: dose in mGy, dose-length product (DLP) in
 * mGy·cm, dose-area product (DAP) in Gy·cm². Every value is one the equipment recorded; null means it did not.
 */
export type DoseCategory = 'ct' | 'xray' | 'mammography';
export type DoseOrigin = 'rdsr' | 'header';
export type Laterality = 'left' | 'right' | 'both';
export type Phantom = 'head' | 'body' | 'other';

export interface CtEvent {
	kind: 'ct';
	/** Irradiation Event UID, when recorded: the same event reported twice is counted once. */
	uid: string;
	protocol: string;
	/** Target Region (DCM 123014) as coded, or an image header's Body Part Examined as a code of our own. */
	target: SrCode | null;
	ctdiVol: number | null;
	dlp: number | null;
	phantom: Phantom | null;
}

export interface XrayEvent {
	kind: 'xray';
	uid: string;
	protocol: string;
	target: SrCode | null;
	/** Dose-area product, Gy·cm². */
	dap: number | null;
	/** Air kerma at the reference point (Dose (RP)), mGy. */
	doseRP: number | null;
	/** Average glandular dose (mammography), mGy. */
	agd: number | null;
	laterality: Laterality | null;
	/** The view as the equipment named it (shown, never interpreted). */
	view: string;
}

export type DoseEvent = CtEvent | XrayEvent;

export interface Total {
	value: number;
	/** Recorded by the equipment, or the sum of the events Radfolio read (when it recorded none). */
	from: 'reported' | 'sum';
}

export interface DoseReport {
	category: DoseCategory;
	origin: DoseOrigin;
	/** The procedure as the report names it (display only). */
	procedure: string;
	events: DoseEvent[];
	dlp: Total | null;
	dap: Total | null;
	doseRP: Total | null;
	/** Accumulated average glandular dose per breast, mGy. */
	agd: Partial<Record<Laterality, Total>>;
}

/** Why a dose report could not be read. `detail` names the code, unit or value found, as found. */
export type NotUnderstoodCode =
	| 'unknown-unit'
	| 'bad-number'
	| 'unknown-procedure'
	| 'no-dose-values'
	| 'radiopharmaceutical'
	| 'not-a-dose-report'
	| 'unreadable';

export interface NotUnderstood {
	code: NotUnderstoodCode;
	detail: string;
}

export type DoseReading = { ok: true; report: DoseReport } | { ok: false; problem: NotUnderstood };
