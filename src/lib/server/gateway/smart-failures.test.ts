import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	activeClaims,
	fakeEhr,
	patient,
	smartConfig
} from '../../../../tests/fixtures/smart-fake-ehr';
import { gatewayConfigFromEnv } from './config';
import { ArchiveUnavailableError, DicomWebGateway } from './proxy';
import { SMART_FAILURES } from './index';
import { searchImagingStudies } from './smart-handlers';
import { EitherTokens, SmartTokens } from './smart-tokens';
import { RateLimiter } from '../rate-limit';

const GOOD = (n: number) => `good-${n}`.padEnd(43, 'G');
const MADE_UP = (n: number) => `made-up-${n}`.padEnd(43, 'x');
const CLIENT = '203.0.113.7';
const OTHER = '198.51.100.9';

/** The EHR knows GOOD(n) tokens (all Alice's); everything else is inactive. */
function setup(options: { delayMs?: number; down?: () => boolean } = {}) {
	const ehr = fakeEhr({
		down: options.down,
		introspection: (token) => (token.startsWith('good-') ? activeClaims() : { active: false }),
		patients: { 'pt-alice': patient('pt-alice', 'ALICE-1') },
		delayMs: options.delayMs
	});
	const failures = new RateLimiter(SMART_FAILURES.limit, SMART_FAILURES.windowMs);
	const tokens = new SmartTokens(smartConfig(), ehr.fetcher, { failures });
	return { ehr, tokens, failures };
}

describe('SmartTokens: made-up tokens cannot make the gateway flood the EHR', () => {
	it('asks the EHR about at most the limit of unknown tokens per client, then answers 429 without asking', async () => {
		const { ehr, tokens } = setup();
		const results = [];
		for (let n = 0; n < 100; n++) results.push(await tokens.check(MADE_UP(n), CLIENT));
		expect(ehr.introspections()).toBe(SMART_FAILURES.limit);
		expect(results.slice(0, SMART_FAILURES.limit).every((r) => !r.ok && r.status === 401)).toBe(
			true
		);
		const last = results.at(-1)!;
		expect(last).toMatchObject({ ok: false, status: 429, code: 'rate-limited' });
		expect(!last.ok && last.status === 429 && last.retryAfter).toBeGreaterThan(0);
		// Another client is not held back by this one, and a good token this client already used (its answer
		// cached) keeps working past the limit.
		expect((await tokens.check(GOOD(1), OTHER)).ok).toBe(true);
		expect((await tokens.check(GOOD(1), CLIENT)).ok).toBe(true);
	});

	it('counts a burst of parallel made-up tokens before any answer comes back', async () => {
		const { ehr, tokens } = setup({ delayMs: 20 });
		await Promise.all(Array.from({ length: 80 }, (_, n) => tokens.check(MADE_UP(n), CLIENT)));
		expect(ehr.introspections()).toBe(SMART_FAILURES.limit);
	});

	it('asks once about a refused token repeated, and the repeats use up nothing', async () => {
		const { ehr, tokens } = setup();
		for (let i = 0; i < 50; i++) {
			expect(await tokens.check(MADE_UP(0), CLIENT)).toMatchObject({ status: 401 });
		}
		expect(ehr.introspections()).toBe(1);
		expect((await tokens.check(GOOD(1), CLIENT)).ok).toBe(true);
	});

	it('never counts good tokens, and asks once for parallel requests with one new token', async () => {
		const { ehr, tokens } = setup({ delayMs: 20 });
		for (let n = 0; n < 2 * SMART_FAILURES.limit; n++) {
			expect((await tokens.check(GOOD(n), CLIENT)).ok).toBe(true);
		}
		const before = ehr.introspections();
		const burst = await Promise.all(
			Array.from({ length: 40 }, () => tokens.check(GOOD(1000), CLIENT))
		);
		expect(burst.every((r) => r.ok)).toBe(true);
		expect(ehr.introspections() - before).toBe(1);
	});
});

describe('SmartTokens: a failing EHR is not hammered through the gateway', () => {
	afterEach(() => vi.useRealTimers());

	it('asks a failing EHR once per few seconds, whatever the tokens, and counts them all the same', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		let down = true;
		const { ehr, tokens } = setup({ down: () => down });
		for (let n = 0; n < 100; n++) {
			await expect(tokens.check(MADE_UP(n), CLIENT)).rejects.toBeInstanceOf(
				ArchiveUnavailableError
			);
		}
		expect(ehr.introspections()).toBe(1);
		// Back after a few seconds: asked again; the EHR's good answer then stands.
		down = false;
		vi.setSystemTime(Date.now() + 6_000);
		expect((await tokens.check(GOOD(1), OTHER)).ok).toBe(true);
		expect(ehr.introspections()).toBe(2);
	});

	it('fetches a failing EHR’s SMART configuration once per few seconds for anonymous callers', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		let down = true;
		const ehr = fakeEhr({ introspection: () => null, discoveryDown: () => down });
		const tokens = new SmartTokens(smartConfig(), ehr.fetcher);
		for (let i = 0; i < 50; i++) {
			await expect(tokens.ehrConfiguration()).rejects.toBeInstanceOf(ArchiveUnavailableError);
		}
		expect(ehr.discoveries()).toBe(1);
		down = false;
		vi.setSystemTime(Date.now() + 6_000);
		await expect(tokens.ehrConfiguration()).resolves.toHaveProperty('introspection_endpoint');
		expect(ehr.discoveries()).toBe(2);
	});

	it('keeps the count of tokens sent while the EHR failed (no free requests to a failing EHR)', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		let down = true;
		const { tokens, ehr } = setup({ down: () => down });
		for (let n = 0; n < SMART_FAILURES.limit; n++) {
			vi.setSystemTime(Date.now() + 6_000);
			await tokens.check(MADE_UP(n), CLIENT).catch(() => null);
		}
		down = false;
		vi.setSystemTime(Date.now() + 6_000);
		const asked = ehr.introspections();
		expect(await tokens.check(MADE_UP(1000), CLIENT)).toMatchObject({ status: 429 });
		expect(ehr.introspections()).toBe(asked);
	});
});

describe('the DICOMweb and FHIR routes answer 429 (not 401) past the limit', () => {
	const BASE = 'http://gateway.test/api/gateway/dicom-web';
	const FHIR = 'http://gateway.test/api/gateway/fhir';
	const assemble = () => {
		const { tokens, ehr } = setup();
		const config = gatewayConfigFromEnv({
			RADFOLIO_ARCHIVE_URL: 'http://127.0.0.1:9/dicom-web',
			RADFOLIO_DATA_DIR: '/nonexistent'
		})!;
		const noEnrollments = { lookup: () => null };
		const gateway = new DicomWebGateway(config, new EitherTokens(noEnrollments, tokens), () => {
			throw new Error('the archive is never reached in these tests');
		});
		return { gateway, tokens, ehr };
	};
	const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

	it('DICOMweb: 401 for each made-up token, then 429 with Retry-After for that client only', async () => {
		const { gateway, ehr } = assemble();
		const call = (n: number, client: string) =>
			gateway.handle(new Request(`${BASE}/studies`, auth(MADE_UP(n))), 'studies', BASE, client);
		for (let n = 0; n < SMART_FAILURES.limit; n++) expect((await call(n, CLIENT)).status).toBe(401);
		const limited = await call(SMART_FAILURES.limit, CLIENT);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await call(SMART_FAILURES.limit + 1, OTHER)).status).toBe(401);
		expect(ehr.introspections()).toBe(SMART_FAILURES.limit + 1);
	});

	it('FHIR ImagingStudy search: the same count, shared with DICOMweb', async () => {
		const { gateway, tokens } = assemble();
		for (let n = 0; n < SMART_FAILURES.limit; n++) {
			await gateway.handle(
				new Request(`${BASE}/studies`, auth(MADE_UP(n))),
				'studies',
				BASE,
				CLIENT
			);
		}
		const fhir = { gateway, smart: tokens, fhirBase: FHIR, dicomWebBase: BASE, client: CLIENT };
		const response = await searchImagingStudies(
			fhir,
			new Request(`${FHIR}/ImagingStudy?patient=pt-alice`, auth(MADE_UP(500)))
		);
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
