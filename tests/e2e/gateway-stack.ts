import { test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrthanc } from '../../scripts/archive/orthanc.js';
import { EnrollmentStore } from '../../src/lib/server/gateway/enrollments.js';
import { seedArchive } from '../fixtures/archive-seed';
import { OwnServer } from './server';

/**
 * A provider of a describe block's own: a throwaway Orthanc seeded with the demo patients, and a Radfolio server
 * (scripts/start.js) whose gateway fronts it. Started in beforeAll, stopped in afterAll; each block picks its own
 * ports so blocks can run side by side.
 */
export function useGatewayStack(
	ports: { app: number; archive: number; dicom: number },
	env: Record<string, string> = {}
) {
	let archive: Awaited<ReturnType<typeof startOrthanc>> | undefined;
	let server: OwnServer | undefined;
	let dataDir = '';
	test.beforeAll(async () => {
		archive = await startOrthanc({ httpPort: ports.archive, dicomPort: ports.dicom });
		await seedArchive(archive);
		dataDir = mkdtempSync(join(tmpdir(), 'rf-gateway-e2e-'));
		server = new OwnServer(ports.app, {
			env: {
				RADFOLIO_ARCHIVE_URL: archive.dicomWebUrl,
				RADFOLIO_ARCHIVE_USER: archive.user,
				RADFOLIO_ARCHIVE_PASSWORD: archive.password,
				RADFOLIO_DATA_DIR: dataDir,
				...env
			}
		});
		await server.start();
	});
	test.afterAll(async () => {
		await server?.dispose();
		await archive?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});
	const stack = {
		get server(): OwnServer {
			if (!server) throw new Error('the gateway stack is not started');
			return server;
		},
		/** The archive behind the gateway, for tests that store more in it (as its operator would). */
		get archive(): NonNullable<typeof archive> {
			if (!archive) throw new Error('the gateway stack is not started');
			return archive;
		},
		/** A one-time enrollment code for a patient, straight from the gateway's store (as `npm run enroll` makes). */
		code(patientId: string): string {
			const store = new EnrollmentStore(dataDir);
			try {
				return store.createCode(patientId).code;
			} finally {
				store.close();
			}
		},
		/** A code redeemed through the server's enrollment endpoint, as the app does: the code and its token. */
		async enroll(patientId: string): Promise<{ code: string; token: string }> {
			const code = stack.code(patientId);
			const enrolled = await fetch(`${stack.server.url}/api/gateway/enroll`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ code })
			});
			if (enrolled.status !== 200) throw new Error(`enrollment answered ${enrolled.status}`);
			return { code, token: ((await enrolled.json()) as { token: string }).token };
		}
	};
	return stack;
}
