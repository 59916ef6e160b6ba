import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	activeClaims,
	fakeEhr,
	patient,
	smartConfig
} from '../../../../tests/fixtures/smart-fake-ehr';
import { SmartTokens } from './smart-tokens';

const token = (n: number) => `tok-${n}`.padEnd(43, 'P');

/**
 * The FHIR Patient → DICOM PatientID mapping: one patient's token must never reach another's studies, whatever the
 * EHR's Patient says or later says.
 */
describe('SmartTokens: FHIR Patient → DICOM PatientID', () => {
	afterEach(() => vi.useRealTimers());

	it('follows a changed identifier within RADFOLIO_SMART_CACHE_SECONDS, as it follows a revocation', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const patients: Record<string, unknown> = { 'pt-alice': patient('pt-alice', 'WRONG-MRN') };
		const ehr = fakeEhr({ introspection: () => activeClaims('pt-alice'), patients });
		const tokens = new SmartTokens(smartConfig({ cacheSeconds: 30 }), ehr.fetcher);
		expect(await tokens.check(token(1))).toMatchObject({ grant: { patientId: 'WRONG-MRN' } });
		// The EHR corrects the record (the MRN was another person's).
		patients['pt-alice'] = patient('pt-alice', 'ALICE-1');
		vi.setSystemTime(Date.now() + 31_000);
		expect(await tokens.check(token(1))).toMatchObject({ grant: { patientId: 'ALICE-1' } });
		// A second token of the same patient, after the same time, gets the corrected one too.
		expect(await tokens.check(token(2))).toMatchObject({ grant: { patientId: 'ALICE-1' } });
	});

	it('reads the Patient again for every token when the cache is off (0 s)', async () => {
		const patients: Record<string, unknown> = { 'pt-alice': patient('pt-alice', 'WRONG-MRN') };
		const ehr = fakeEhr({ introspection: () => activeClaims('pt-alice'), patients });
		const tokens = new SmartTokens(smartConfig({ cacheSeconds: 0 }), ehr.fetcher);
		expect(await tokens.check(token(1))).toMatchObject({ grant: { patientId: 'WRONG-MRN' } });
		patients['pt-alice'] = patient('pt-alice', 'ALICE-1');
		expect(await tokens.check(token(1))).toMatchObject({ grant: { patientId: 'ALICE-1' } });
	});
});
