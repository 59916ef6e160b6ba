import type { SrCode } from '$lib/dicom';

/**
 * UCUM units Radfolio converts, per quantity, to its fixed units (model.ts): factor = how many of ours one of
 * theirs is. Only the scheme UCUM is accepted; anything else is "not understood", never guessed.
 */
export type Quantity = 'dose' | 'dlp' | 'dap';

const UCUM: Record<Quantity, Record<string, number>> = {
	// to mGy
	dose: { mGy: 1, Gy: 1000, dGy: 100, cGy: 10, uGy: 0.001 },
	// to mGy·cm. "mGycm" is not valid UCUM but is what Siemens CT reports carry (seen in the OpenREM test set):
	// listed as a known alias, so any other malformed unit is still refused.
	dlp: { 'mGy.cm': 1, mGycm: 1, 'Gy.cm': 1000, 'cGy.cm': 10, 'mGy.mm': 0.1 },
	// to Gy·cm²
	dap: {
		'Gy.m2': 1e4,
		'Gy.cm2': 1,
		'dGy.cm2': 0.1,
		'cGy.cm2': 0.01,
		'mGy.cm2': 0.001,
		'uGy.cm2': 1e-6,
		'mGy.m2': 10,
		'uGy.m2': 0.01
	}
};

/** The factor to our unit, or null when the unit is not UCUM or not one this quantity may have. */
export function unitFactor(unit: SrCode | undefined, quantity: Quantity): number | null {
	if (!unit || unit.scheme !== 'UCUM') return null;
	return Object.hasOwn(UCUM[quantity], unit.value) ? UCUM[quantity][unit.value]! : null;
}

export const UNIT_LABELS: Record<Quantity, string> = { dose: 'mGy', dlp: 'mGy·cm', dap: 'Gy·cm²' };
