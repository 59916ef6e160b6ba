// UIDs Radfolio acts on. Values from DICOM PS3.6 Annex A; names as the standard spells them.

export const TransferSyntax = {
	ImplicitVRLittleEndian: '1.2.840.10008.1.2',
	ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
	DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
	ExplicitVRBigEndian: '1.2.840.10008.1.2.2'
} as const;

/** Uncompressed syntaxes: pixel data length must equal rows × columns × frames × samples × bytes. */
export const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([
	TransferSyntax.ImplicitVRLittleEndian,
	TransferSyntax.ExplicitVRLittleEndian,
	TransferSyntax.DeflatedExplicitVRLittleEndian,
	TransferSyntax.ExplicitVRBigEndian
]);

export const MediaStorageDirectoryStorage = '1.2.840.10008.1.3.10';
export const EncapsulatedPDFStorage = '1.2.840.10008.5.1.4.1.1.104.1';
export const EncapsulatedCDAStorage = '1.2.840.10008.5.1.4.1.1.104.2';
/** Structured reports (Basic Text, Enhanced, Comprehensive, Key Object, dose reports …) share this root. */
export const SR_CLASS_ROOT = '1.2.840.10008.5.1.4.1.1.88.';

export type InstanceKind = 'image' | 'pdf' | 'sr' | 'other';

/**
 * Which part of a study an instance is: images for the viewer, reports for the Report region, or other objects
 * (RT plans, waveforms, presentation states) kept with the study but never handed to the image viewer.
 */
export function instanceKind(sopClassUID: string, hasPixelData: boolean): InstanceKind {
	if (sopClassUID === EncapsulatedPDFStorage) return 'pdf';
	if (sopClassUID.startsWith(SR_CLASS_ROOT)) return 'sr';
	return hasPixelData ? 'image' : 'other';
}
