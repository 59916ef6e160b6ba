import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, ARCHIVE_STUDIES } from '../fixtures/archive-seed';
import { RELIABILITY_SCALE, reportRow } from '../reliability/report';
import { fuzzServer } from '../reliability/wire-fuzz';
import { useGatewayStack } from './gateway-stack';

/**
 * R2: the real server (scripts/start.js over the built app, its relay, and its gateway in front of a real Orthanc)
 * under hostile requests at every endpoint. npm test sends a few hundred; `npm run test:reliability` many more.
 */
test.describe('R2: hostile requests on the wire', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
	test.setTimeout(600_000);

	const stack = useGatewayStack({ app: 4184, archive: 18147, dicom: 14347 });

	test('relay and gateway answer every hostile request below 500 and keep serving', async () => {
		const server = stack.server;
		const { code, token } = await stack.enroll(ARCHIVE_PATIENTS.alice.id);
		const created = await fetch(`${server.url}/api/relay/shares`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: null })
		});
		expect(created.status).toBe(201);
		const share = (await created.json()) as { id: string; ownerToken: string };
		const studyUid = ARCHIVE_STUDIES.alice[0]!.studyUID;

		const result = await fuzzServer(
			{ base: server.url, share, gatewayToken: token, studyUid },
			{ seed: 1129, requests: 300 * RELIABILITY_SCALE }
		);
		reportRow('R2', {
			check: 'R2 hostile requests at every relay and gateway endpoint (incl. raw and slow clients)',
			cases: result.cases,
			passed: result.cases - result.failures.length,
			lost: 0,
			notes: `slowest real request meanwhile ${result.slowestHealthCheck.toFixed(0)} ms`
		});
		expect(result.failures).toEqual([]);
		// Still itself afterwards: the share made before the storm still answers its owner.
		const meta = await fetch(`${server.url}/api/relay/shares/${share.id}`);
		expect(meta.status).toBeLessThan(500);
		expect(result.slowestHealthCheck).toBeLessThan(10_000);
		// R7: the server's own log never holds a token, a code, a share id or anything about the patient.
		for (const secret of [
			token,
			code,
			share.id,
			share.ownerToken,
			studyUid,
			ARCHIVE_PATIENTS.alice.id
		]) {
			expect(server.output, 'the server log').not.toContain(secret);
		}
	});
});
