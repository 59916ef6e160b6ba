import { backgroundEquivalent, type MissingCode } from './estimate';
import type { DoseCategory, NotUnderstoodCode } from './model';
import type { Region } from './regions';
import { locale, t, tn, type Message } from '$lib/i18n';

/** Dose figures as the patient reads them: few significant digits, in the interface language's number format. */
export function formatNumber(value: number, digits = 2): string {
	const options: Intl.NumberFormatOptions =
		value >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: digits };
	return new Intl.NumberFormat(locale.tag, options).format(value);
}

export function formatMsv(mSv: number): string {
	return `${formatNumber(mSv)} mSv`;
}

/** "About 2 months of natural background radiation" and the like. */
export function backgroundText(mSv: number): string {
	const span = backgroundEquivalent(mSv);
	if (span.unit === 'days' && span.value === 0)
		return t('less than one day of natural background radiation');
	if (span.unit === 'days')
		return tn(
			span.value,
			'about {n} day of natural background radiation',
			'about {n} days of natural background radiation'
		);
	if (span.unit === 'months')
		return tn(
			span.value,
			'about {n} month of natural background radiation',
			'about {n} months of natural background radiation'
		);
	return t('about {n} years of natural background radiation', { n: formatNumber(span.value) });
}

export const CATEGORY_NAMES: Record<DoseCategory, Message> = {
	ct: 'CT',
	xray: 'X-ray and fluoroscopy',
	mammography: 'Mammography'
};

export const REGION_NAMES: Record<Region, Message> = {
	head: 'head',
	headNeck: 'head and neck',
	neck: 'neck',
	chest: 'chest',
	abdomenPelvis: 'abdomen and pelvis',
	trunk: 'chest, abdomen and pelvis',
	heart: 'heart',
	lowerLimb: 'legs',
	breast: 'breasts'
};

export const MISSING_TEXT: Record<MissingCode, Message> = {
	'age-unknown': 'the patient’s age at the study is not known, and the coefficients depend on it',
	'no-region': 'the body region is not recorded or not one the coefficients cover',
	'no-coefficient': 'Radfolio carries no published coefficient for this body region',
	'phantom-mismatch':
		'the dose was measured on a different test phantom from the one the coefficient assumes',
	child: 'the published coefficient for this examination is for adults only',
	'no-dlp': 'no dose-length product (DLP) is recorded, only CTDIvol',
	'no-dap': 'no dose-area product is recorded',
	'no-agd': 'no average glandular dose is recorded',
	'not-understood': 'a dose report could not be read'
};

export const NOT_UNDERSTOOD_TEXT: Record<NotUnderstoodCode, Message> = {
	'unknown-unit': 'a dose value has a unit Radfolio does not know: {detail}',
	'bad-number': 'a dose value is not a number: {detail}',
	'unknown-procedure': 'it reports a procedure Radfolio does not know: {detail}',
	'no-dose-values': 'it records no dose value',
	radiopharmaceutical:
		'it is a nuclear medicine (radiopharmaceutical) dose report, which Radfolio does not read yet',
	'not-a-dose-report': 'its content is not an X-ray radiation dose report: {detail}',
	unreadable: 'the file could not be read: {detail}'
};
