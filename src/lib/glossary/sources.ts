/**
 * Where a reader can check what a glossary entry says. The explanations are Radfolio's own plain-language wording;
 * each names the reference a word's meaning was checked against. Shown as text: the app never fetches these.
 */
export const GLOSSARY_SOURCES = {
	radiologyinfo:
		'RadiologyInfo.org (Radiological Society of North America and American College of Radiology)',
	medlineplus: 'MedlinePlus Medical Encyclopedia (U.S. National Library of Medicine)',
	nci: 'NCI Dictionary of Cancer Terms (U.S. National Cancer Institute)',
	fleischner: 'Fleischner Society: Glossary of Terms for Thoracic Imaging (Radiology, 2008)',
	birads: 'ACR BI-RADS Atlas, 5th edition (American College of Radiology)',
	acr: 'ACR reporting and data systems: TI-RADS, LI-RADS, PI-RADS, Lung-RADS (American College of Radiology)',
	dicom: 'DICOM Standard, Part 3 and Part 16 (NEMA)'
} as const;

export type GlossarySourceId = keyof typeof GLOSSARY_SOURCES;
