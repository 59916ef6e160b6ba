import type { Region } from './regions';
import type { DoseSourceId } from './sources';

/**
 * Published conversion coefficients from a recorded dose to effective dose (mSv), each with its source. They are
 * population averages for standard-sized patients (reference phantoms), not a measure of any one person.
 */

/** The ages AAPM Report 96 tabulates. */
export type AgeGroup = '0' | '1' | '5' | '10' | 'adult';

/**
 * The tabulated age nearest to the patient's age at the study, in years. The cut points are Radfolio's (half-way
 * between tabulated ages; adult from 15): the report gives values at those ages, not bands.
 */
export function ageGroupOf(ageYears: number): AgeGroup {
	if (ageYears < 0.5) return '0';
	if (ageYears < 3) return '1';
	if (ageYears < 7.5) return '5';
	if (ageYears < 15) return '10';
	return 'adult';
}

type CtRegion = Extract<Region, 'head' | 'headNeck' | 'neck' | 'chest' | 'abdomenPelvis' | 'trunk'>;

/**
 * k = E / DLP, mSv per mGy·cm: AAPM Report 96 (2008) Table 4 (from Shrimpton et al., ICRP 60 weighting). Its
 * note: the values for adult head and head & neck, and for every paediatric region, assume CTDIvol measured in
 * the 16 cm head phantom; all other adult values, the 32 cm body phantom.
 */
export const DLP_K: Record<CtRegion, Record<AgeGroup, number>> = {
	headNeck: { '0': 0.013, '1': 0.0085, '5': 0.0057, '10': 0.0042, adult: 0.0031 },
	head: { '0': 0.011, '1': 0.0067, '5': 0.004, '10': 0.0032, adult: 0.0021 },
	neck: { '0': 0.017, '1': 0.012, '5': 0.011, '10': 0.0079, adult: 0.0059 },
	chest: { '0': 0.039, '1': 0.026, '5': 0.018, '10': 0.013, adult: 0.014 },
	abdomenPelvis: { '0': 0.049, '1': 0.03, '5': 0.02, '10': 0.015, adult: 0.015 },
	trunk: { '0': 0.044, '1': 0.028, '5': 0.019, '10': 0.014, adult: 0.015 }
};
export const DLP_SOURCE: DoseSourceId = 'aapm96';

/**
 * CT regions without a row of their own: a cardiac CT is a chest scan, as in the table's use for coronary CT.
 * Abdomen alone, pelvis alone and lumbar spine take the "abdomen & pelvis" row (regions.ts maps them there).
 */
export function ctRowOf(region: Region): CtRegion | null {
	if (region === 'heart') return 'chest';
	return region in DLP_K ? (region as CtRegion) : null;
}

/** The phantom a coefficient assumes (see DLP_K). */
export function phantomFor(row: CtRegion, age: AgeGroup): 'head' | 'body' {
	if (age !== 'adult') return 'head';
	return row === 'head' || row === 'headNeck' ? 'head' : 'body';
}

/**
 * E / DAP, mSv per Gy·cm², adults only, for the regions with a published coefficient Radfolio carries. Other
 * regions' DAP is shown as recorded, with no estimate: a coefficient for them is missing, not guessed.
 * - heart: interventional cardiology, ICRP 103 weighting, X-ray system without added copper filtration for
 *   cine (Vano et al. 2019; with 0.4 mm Cu the same paper found 0.29, so this may underestimate).
 * - lower limb: angiography of the lower limbs, ICRP 103 weighting (Smans et al. 2008).
 */
export const DAP_K: Partial<Record<Region, { k: number; source: DoseSourceId }>> = {
	heart: { k: 0.21, source: 'vano2019' },
	lowerLimb: { k: 0.065, source: 'smans2008' }
};

/**
 * Mammography: effective dose = breast tissue weighting factor × the mean dose to the breasts, the average
 * glandular dose of each breast summed over its views and averaged over both breasts (ICRP 103: w = 0.12).
 */
export const BREAST_WEIGHT = 0.12;
export const BREAST_SOURCE: DoseSourceId = 'icrp103';

/** Natural background radiation, worldwide average (UNSCEAR 2008), mSv per year. */
export const BACKGROUND_MSV_PER_YEAR = 2.4;
export const BACKGROUND_SOURCE: DoseSourceId = 'unscear2008';
