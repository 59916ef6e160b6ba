/**
 * The published sources of every coefficient and comparison Radfolio's dose estimates use. Shown as text with
 * each figure (as the glossary names its references); the app never fetches them.
 */
export const DOSE_SOURCES = {
	aapm96:
		'AAPM Report No. 96, The Measurement, Reporting, and Management of Radiation Dose in CT (American Association of Physicists in Medicine, 2008), Table 4',
	icrp103:
		'ICRP Publication 103, The 2007 Recommendations of the International Commission on Radiological Protection (tissue weighting factor for the breast: 0.12)',
	vano2019:
		'Vano E, Sánchez RM, Fernández JM, Ten JI. Conversion factors to estimate effective doses from kerma area product in interventional cardiology. Impact of added filtration. Physica Medica (2019)',
	smans2008:
		'Smans K, Struelens L, Hoornaert MT, et al. A study of the correlation between dose area product and effective dose in vascular radiology. Radiation Protection Dosimetry (2008), 130(3): 300–308',
	unscear2008:
		'UNSCEAR 2008 Report, Volume I, Annex B: Exposures of the public and workers from various sources of radiation (worldwide average natural background: 2.4 mSv a year)'
} as const;

export type DoseSourceId = keyof typeof DOSE_SOURCES;
