import type { SrCode } from '$lib/dicom';

/**
 * Body regions as the conversion coefficients are tabulated (coefficients.ts). A target region code (PS3.16 CID
 * 4030, SNOMED under its SCT id or retired SRT code) or an image header's Body Part Examined (PS3.16 Annex L
 * defined terms) maps to one; anything else maps to none, and no estimate is made for it.
 */
export type Region =
	| 'head'
	| 'headNeck'
	| 'neck'
	| 'chest'
	| 'abdomenPelvis'
	| 'trunk'
	| 'heart'
	| 'lowerLimb'
	| 'breast';

/** [SCT id, retired SRT code, region]: the regions that coefficients exist for. */
const TARGETS: [string, string, Region][] = [
	['69536005', 'T-D1100', 'head'],
	['12738006', 'T-A0100', 'head'], // brain
	['89546000', 'T-11100', 'head'], // skull
	['2095001', 'T-22000', 'head'], // paranasal sinus
	['91397008', 'T-11196', 'head'], // facial bones
	['363654007', 'T-D14AE', 'head'], // orbit
	['774007', 'T-D1000', 'headNeck'],
	['45048000', 'T-D1600', 'neck'],
	['122494005', 'T-11501', 'neck'], // cervical spine
	['69748006', 'T-B6000', 'neck'], // thyroid
	['4596009', 'T-24100', 'neck'], // larynx
	['51185008', 'T-D3000', 'chest'],
	['122495006', 'T-11502', 'chest'], // thoracic spine
	['72410000', 'T-D3300', 'chest'], // mediastinum
	['113262008', 'T-42070', 'chest'], // thoracic aorta
	['81040000', 'T-44000', 'chest'], // pulmonary artery
	['80891009', 'T-32000', 'heart'],
	['41801008', 'T-43000', 'heart'], // coronary artery
	['113345001', 'T-D4000', 'abdomenPelvis'], // abdomen
	['12921003', 'T-D6000', 'abdomenPelvis'], // pelvis
	['416949008', 'R-FAB57', 'abdomenPelvis'], // abdomen and pelvis
	['122496007', 'T-11503', 'abdomenPelvis'], // lumbar spine
	['10200004', 'T-62000', 'abdomenPelvis'], // liver
	['64033007', 'T-71000', 'abdomenPelvis'], // kidney
	['416775004', 'R-FAB56', 'trunk'], // chest, abdomen and pelvis
	['416550000', 'R-FAB55', 'trunk'], // chest and abdomen
	['61685007', 'T-D9000', 'lowerLimb'],
	['68367000', 'T-D9100', 'lowerLimb'], // thigh
	['299716001', 'T-41068', 'lowerLimb'], // iliac and/or femoral artery
	['76752008', 'T-04000', 'breast']
];

const BY_CODE = new Map<string, Region>();
for (const [sct, srt, region] of TARGETS) {
	BY_CODE.set(`SCT:${sct}`, region);
	BY_CODE.set(`SRT:${srt}`, region);
}

/** Body Part Examined (0018,0015) defined terms. */
const BODY_PARTS: Record<string, Region> = {
	HEAD: 'head',
	BRAIN: 'head',
	SKULL: 'head',
	SINUS: 'head',
	HEADNECK: 'headNeck',
	NECK: 'neck',
	CSPINE: 'neck',
	CHEST: 'chest',
	TSPINE: 'chest',
	HEART: 'heart',
	ABDOMEN: 'abdomenPelvis',
	PELVIS: 'abdomenPelvis',
	ABDOMENPELVIS: 'abdomenPelvis',
	LSPINE: 'abdomenPelvis',
	CHESTABDOMEN: 'trunk',
	CHESTABDPELVIS: 'trunk',
	LEG: 'lowerLimb',
	BREAST: 'breast'
};

/** The scheme Radfolio gives a Body Part Examined value turned into a code (it is not a coded entry). */
export const BODY_PART_SCHEME = 'DICOM-BodyPartExamined';

export function regionOf(code: SrCode | null): Region | null {
	if (!code) return null;
	if (code.scheme === BODY_PART_SCHEME) return BODY_PARTS[code.value] ?? null;
	return BY_CODE.get(`${code.scheme}:${code.value}`) ?? null;
}
