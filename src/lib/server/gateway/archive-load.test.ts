import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from './config';
import {
	ARCHIVE_REQUESTS_PER_PATIENT,
	ARCHIVE_WAITING_PER_PATIENT,
	DicomWebGateway
} from './proxy';

/**
 * Review (session 6): one patient's token could occupy the archive for every patient. Sixty retrieves of a 31 MB
 * study sent at once with one token and never read held all of Orthanc 1.10's 50 HTTP threads (each blocked writing
 * to the gateway until Orthanc's own 30 s timeout): another patient's study list took 20 s and more, for as long as the
 * token holder kept sending them. Each patient now has a few archive requests under way at once; more wait their turn.
 */

const ROOT = '1.2.826.0.1.3680043.10.1337.9';
const STUDIES: Record<string, string> = { [`${ROOT}.1`]: 'ALICE', [`${ROOT}.2`]: 'BOB' };
const TOKENS: Record<string, string> = { ['a'.repeat(43)]: 'ALICE', ['b'.repeat(43)]: 'BOB' };

/** An archive whose retrieves never end until their reader lets go; it counts the retrieves it is serving. */
function archive() {
	const serving = new Map<string, number>();
	let asked = 0;
	const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
		const url = new URL(String(input));
		const path = url.pathname.replace(/^\/dicom-web\//, '');
		const uid = url.searchParams.get('StudyInstanceUID');
		if (path === 'studies' && uid) {
			const patient = STUDIES[uid];
			const found = patient
				? [{ '00100020': { Value: [patient] }, '0020000D': { Value: [uid] } }]
				: [];
			return new Response(JSON.stringify(found), { status: 200 });
		}
		const study = path.split('/')[1]!;
		const patient = STUDIES[study]!;
		asked++;
		serving.set(patient, (serving.get(patient) ?? 0) + 1);
		let done = false;
		const end = () => {
			if (done) return;
			done = true;
			serving.set(patient, serving.get(patient)! - 1);
		};
		init?.signal?.addEventListener('abort', end);
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new Uint8Array(1024));
			},
			pull: () => new Promise<void>(() => {}),
			cancel: end
		});
		return new Response(body, { status: 200, headers: { 'Content-Type': 'multipart/related' } });
	}) as typeof fetch;
	return { fetcher, serving: (patient: string) => serving.get(patient) ?? 0, asked: () => asked };
}

function gateway() {
	const config = gatewayConfigFromEnv({
		RADFOLIO_ARCHIVE_URL: 'http://archive.test/dicom-web',
		RADFOLIO_DATA_DIR: '/nonexistent'
	})!;
	const fake = archive();
	const tokens = {
		lookup: (token: string) => (TOKENS[token] ? { id: token, patientId: TOKENS[token] } : null)
	};
	return { gateway: new DicomWebGateway(config, tokens, fake.fetcher), ...fake };
}

const retrieve = (
	g: DicomWebGateway,
	token: string,
	study: string,
	signal = new AbortController().signal
) =>
	g.handle(
		new Request(`http://gw.test/api/gateway/dicom-web/studies/${study}`, {
			headers: { Authorization: `Bearer ${token}` },
			signal
		}),
		`studies/${study}`,
		'/api/gateway/dicom-web'
	);

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('one patient cannot occupy the archive for everyone', () => {
	it('a patient has a few retrieves under way at the archive at once; the rest wait, and another patient does not', async () => {
		const { gateway: g, serving, asked } = gateway();
		const alice = 'a'.repeat(43);
		// Twenty retrieves at once, none of them read.
		const answers = Array.from({ length: 20 }, () => retrieve(g, alice, `${ROOT}.1`));
		await settle();
		expect(serving('ALICE')).toBe(ARCHIVE_REQUESTS_PER_PATIENT);
		// Bob is served at once, whatever Alice holds.
		const bob = await Promise.race([
			retrieve(g, 'b'.repeat(43), `${ROOT}.2`),
			settle().then(() => null)
		]);
		expect(bob?.status).toBe(200);
		expect(serving('BOB')).toBe(1);
		// Alice's first answers came; one of them read to its end (here: let go) lets one that waited through.
		const first = await answers[0]!;
		expect(first.status).toBe(200);
		await first.body!.cancel();
		await settle();
		expect(serving('ALICE')).toBe(ARCHIVE_REQUESTS_PER_PATIENT);
		expect(asked()).toBe(ARCHIVE_REQUESTS_PER_PATIENT + 2);
	});

	it('a waiting retrieve whose client went away never reaches the archive; past the waiting room, 429', async () => {
		const { gateway: g, serving, asked } = gateway();
		const alice = 'a'.repeat(43);
		const held = Array.from({ length: ARCHIVE_REQUESTS_PER_PATIENT }, () =>
			retrieve(g, alice, `${ROOT}.1`)
		);
		await settle();
		const gone = new AbortController();
		const waiting = retrieve(g, alice, `${ROOT}.1`, gone.signal);
		const queue = Array.from({ length: ARCHIVE_WAITING_PER_PATIENT - 1 }, () =>
			retrieve(g, alice, `${ROOT}.1`)
		);
		const refused = await retrieve(g, alice, `${ROOT}.1`);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
		gone.abort();
		expect((await waiting).status).toBe(499);
		// Every held retrieve let go: the queue goes through, six at a time, and the one that left never did.
		for (const answer of held) await (await answer).body!.cancel();
		await settle();
		expect(asked()).toBe(2 * ARCHIVE_REQUESTS_PER_PATIENT);
		for (const answer of queue.slice(0, ARCHIVE_REQUESTS_PER_PATIENT))
			await (await answer).body!.cancel();
		await settle();
		expect(serving('ALICE')).toBe(ARCHIVE_REQUESTS_PER_PATIENT);
		expect(asked()).toBe(3 * ARCHIVE_REQUESTS_PER_PATIENT);
	});
});
