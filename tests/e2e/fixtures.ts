import { existsSync, mkdirSync, rmSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
	cdLayout,
	imageFile,
	studyFiles,
	syntheticStudy,
	zipOf,
	type FixtureFile
} from '../fixtures/dicom/generate';
import { jpegLsImageFile } from '../fixtures/dicom/jpeg-ls';
import { SHARED_DICOM, hasSharedDicom } from '../fixtures/shared';

/**
 * Files the end-to-end tests import, generated in code so the suite runs on a clean clone. Where ../shared/dicom
 * is present, its CD and broken files are used as well.
 */
export const GENERATED = join(import.meta.dirname, '../.generated');
export const paths = {
	cd: join(GENERATED, 'cd'),
	sharedCd: join(SHARED_DICOM, 'cd-dicomdir/clunie_charsets'),
	zip: join(GENERATED, 'knee-mri.zip'),
	loose: join(GENERATED, 'loose'),
	big: join(GENERATED, 'big-ct'),
	codecs: join(GENERATED, 'codecs'),
	sharedBad: join(SHARED_DICOM, 'bad')
};

export const studies = {
	ct: syntheticStudy(11, {
		patientName: 'TESTPATIENT^ALICE',
		patientID: 'E2E-PID-4242',
		description: 'CT chest with contrast',
		studyDate: '20240612',
		modality: 'CT',
		bodyPart: 'CHEST',
		pdfReport: true,
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.11.1',
				description: 'Axial 5mm',
				count: 5,
				rows: 96,
				columns: 96
			},
			{ uid: '1.2.826.0.1.3680043.10.1337.11.2', description: 'Coronal', count: 3 }
		]
	}),
	mr: syntheticStudy(12, {
		patientName: 'TESTPATIENT^ALICE',
		patientID: 'E2E-PID-4242',
		description: 'MRI brain',
		studyDate: '20221103',
		modality: 'MR',
		bodyPart: 'HEAD',
		srReport: true
	}),
	knee: syntheticStudy(13, {
		patientName: 'TESTPATIENT^ALICE',
		patientID: 'E2E-PID-4242',
		description: 'MRI left knee',
		studyDate: '20230315',
		modality: 'MR',
		bodyPart: 'KNEE'
	}),
	jls: syntheticStudy(16, {
		patientName: 'TESTPATIENT^ALICE',
		description: 'MRI hip (JPEG-LS)',
		studyDate: '20210704',
		modality: 'MR',
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.16.1',
				description: 'Coronal T1',
				count: 1,
				rows: 96,
				columns: 96
			}
		]
	}),
	jxl: syntheticStudy(17, {
		patientName: 'TESTPATIENT^ALICE',
		description: 'Ultrasound (JPEG XL)',
		studyDate: '20210705',
		modality: 'US',
		series: [{ uid: '1.2.826.0.1.3680043.10.1337.17.1', description: 'Cine', count: 1 }]
	}),
	xray: syntheticStudy(14, {
		patientName: 'TESTPATIENT^ALICE',
		patientID: 'E2E-PID-4242',
		description: 'Chest X-ray',
		studyDate: '20250120',
		modality: 'CR',
		bodyPart: 'CHEST',
		series: [{ uid: '1.2.826.0.1.3680043.10.1337.14.1', description: 'PA', count: 2 }]
	})
};

function writeTree(root: string, files: FixtureFile[]) {
	rmSync(root, { recursive: true, force: true });
	for (const f of files) {
		const path = join(root, f.path);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, f.bytes);
	}
}

export async function generateFixtures() {
	mkdirSync(GENERATED, { recursive: true });
	writeTree(paths.cd, cdLayout([studies.ct, studies.mr]));
	writeFileSync(paths.zip, zipOf(studyFiles(studies.knee), 'Export/Knee MRI/'));
	const xr = studyFiles(studies.xray).map((f, i) => ({
		path: `xray-${i + 1}.dcm`,
		bytes: f.bytes
	}));
	const cut = imageFile(studies.xray, 0, 5);
	writeTree(paths.loose, [
		...xr,
		{ path: 'IM_NO_EXTENSION', bytes: imageFile(studies.xray, 0, 7) },
		{
			path: 'letter.txt',
			bytes: new TextEncoder().encode('Dear patient, please find your images.')
		},
		{ path: 'cut-short.dcm', bytes: cut.subarray(0, cut.length - 64) }
	]);
	const big = syntheticStudy(15, {
		description: 'Large CT',
		series: [
			{
				uid: '1.2.826.0.1.3680043.10.1337.15.1',
				description: 'Thin',
				count: 120,
				rows: 512,
				columns: 512
			}
		]
	});
	writeTree(paths.big, studyFiles(big));
	writeTree(paths.codecs, [
		{ path: 'hip-jpeg-ls.dcm', bytes: await jpegLsImageFile(studies.jls, 0) },
		{
			path: 'us-jpeg-xl.dcm',
			bytes: imageFile(studies.jxl, 0, 0, {
				transferSyntaxUID: '1.2.840.10008.1.2.4.112',
				encapsulated: [new Uint8Array([0xff, 0x0a, 1, 2, 3, 4, 5, 6])]
			})
		}
	]);
	if (hasSharedDicom) {
		for (const name of readdirSync(paths.sharedBad).filter((n) => n.endsWith('.dcm'))) {
			copyFileSync(join(paths.sharedBad, name), join(paths.loose, `shared-bad-${name}`));
		}
	}
}

export const useSharedCd = hasSharedDicom && existsSync(paths.sharedCd);
export const PASSPHRASE = 'violet tractor lantern 42';
