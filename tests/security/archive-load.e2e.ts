import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { ORTHANC_BINARY } from '../../scripts/archive/orthanc.js';
import { ARCHIVE_PATIENTS, uploadToArchive } from '../fixtures/archive-seed';
import { studyFiles, syntheticStudy } from '../fixtures/dicom/generate';
import { useGatewayStack } from '../e2e/gateway-stack';

/**
 * Review (session 6): sixty retrieves of a 31 MB study sent at once with one patient's token and never read held all
 * of Orthanc 1.10's 50 HTTP threads (each blocked writing to the gateway until Orthanc's own 30 s timeout): another
 * patient's study list took 20 s and more, for as long as the sender kept it up. Against the real server and archive:
 * each patient has a few archive requests under way at once (src/lib/server/gateway/proxy.ts).
 */
test.describe('one patient’s token cannot hold the archive for everyone', () => {
	test.skip(!existsSync(ORTHANC_BINARY), 'Orthanc is not installed');
	const stack = useGatewayStack({ app: 4198, archive: 18198, dicom: 14398 });

	test('sixty retrieves sent at once and never read leave another patient answered at once, and end with their connections', async () => {
		const uid = '1.2.826.0.1.3680043.10.1337.5.598';
		const large = syntheticStudy(598, {
			patientName: ARCHIVE_PATIENTS.alice.name,
			patientID: ARCHIVE_PATIENTS.alice.id,
			studyUID: uid,
			series: [{ uid: `${uid}.1`, description: 'Axial', count: 60, rows: 512, columns: 512 }]
		});
		await uploadToArchive(
			stack.archive,
			studyFiles(large).map((f) => f.bytes)
		);
		const alice = (await stack.enroll(ARCHIVE_PATIENTS.alice.id)).token;
		const bob = (await stack.enroll(ARCHIVE_PATIENTS.bob.id)).token;
		const { port } = new URL(stack.server.url);
		const held: Socket[] = [];
		try {
			for (let i = 0; i < 60; i++) {
				const socket = connect({ host: '127.0.0.1', port: Number(port) });
				socket.on('error', () => {});
				socket.write(
					`GET /api/gateway/dicom-web/studies/${uid} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${alice}\r\n\r\n`
				);
				socket.pause(); // never read
				held.push(socket);
			}
			await new Promise((r) => setTimeout(r, 1500));
			const started = performance.now();
			const list = await fetch(`${stack.server.url}/api/gateway/dicom-web/studies`, {
				headers: { Authorization: `Bearer ${bob}` },
				signal: AbortSignal.timeout(10_000)
			});
			expect(list.status).toBe(200);
			expect(((await list.json()) as unknown[]).length).toBeGreaterThan(0);
			expect(performance.now() - started).toBeLessThan(3000);
		} finally {
			for (const socket of held) socket.destroy();
		}
		// Their connections gone, their turns are free: Alice is served again.
		await expect
			.poll(
				async () =>
					(
						await fetch(`${stack.server.url}/api/gateway/dicom-web/studies/${uid}/metadata`, {
							headers: { Authorization: `Bearer ${alice}` },
							signal: AbortSignal.timeout(5000)
						}).catch(() => null)
					)?.status,
				{ timeout: 10_000 }
			)
			.toBe(200);
	});
});
