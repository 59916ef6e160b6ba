import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from './config';
import { DicomWebGateway } from './proxy';
import { retrieveAccept } from './retrieve-accept';

const DICOM = 'multipart/related; type="application/dicom"';
const STORED = `${DICOM}; transfer-syntax=*`;
const BULK = 'multipart/related; type="application/octet-stream"';
const J2K = '1.2.840.10008.1.2.4.90';

describe('retrieveAccept', () => {
	it.each([
		[null, DICOM],
		['', DICOM],
		['*/*', DICOM],
		['application/dicom', DICOM],
		[DICOM, DICOM],
		[STORED, STORED],
		['multipart/related;type=application/dicom;transfer-syntax="*"', STORED],
		['MULTIPART/Related; Type="application/DICOM"; Transfer-Syntax=*', STORED],
		[`${DICOM}; transfer-syntax=${J2K}, ${STORED}`, STORED],
		[`${DICOM}; transfer-syntax=${J2K}, */*`, DICOM],
		[`${STORED}; q=0, ${DICOM}`, DICOM]
	])('%s → %s', (asked, sent) => {
		expect(retrieveAccept(asked, false)).toEqual({ accept: sent });
	});

	it.each([
		`${DICOM}; transfer-syntax=${J2K}`,
		`${DICOM}; transfer-syntax=1.2.840.10008.1.2.1.99`,
		'multipart/related; type="image/jpeg"',
		'multipart/related; type="application/dicom+xml"'
	])('refuses %s (406) rather than pass it on', (asked) => {
		expect(retrieveAccept(asked, false)).toHaveProperty('notAcceptable');
	});

	it('bulk data: octet-stream parts, as stored or the default', () => {
		expect(retrieveAccept(null, true)).toEqual({ accept: BULK });
		expect(retrieveAccept(`${BULK}; transfer-syntax=*`, true)).toEqual({
			accept: `${BULK}; transfer-syntax=*`
		});
		expect(retrieveAccept(`${BULK}; transfer-syntax=${J2K}`, true)).toHaveProperty('notAcceptable');
		expect(retrieveAccept(STORED, true)).toHaveProperty('notAcceptable');
	});
});

describe('the gateway never passes a patient’s Accept on to the archive', () => {
	const STUDY = '1.2.826.0.1.3680043.10.1337.77';
	const config: GatewayConfig = {
		archiveUrl: 'http://archive.test/dicom-web',
		archiveAuthorization: null,
		dataDir: '/nonexistent',
		corsOrigins: [],
		providerName: 'Test',
		smart: null,
		withheldStudies: new Set()
	};
	const tokens = { lookup: (t: string) => (t === 'tok' ? { id: '1', patientId: 'P1' } : null) };
	/** An archive that records what it was asked for and owns one study of P1. */
	const archive = () => {
		const accepts: string[] = [];
		const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
			const accept = new Headers(init?.headers).get('accept') ?? '';
			if (String(input).includes('?StudyInstanceUID='))
				return Response.json([{ '00100020': { Value: ['P1'] }, '0020000D': { Value: [STUDY] } }]);
			accepts.push(accept);
			return new Response(new Uint8Array(8), {
				headers: { 'Content-Type': `${accept}; boundary=x` }
			});
		}) as typeof fetch;
		return { accepts, gateway: new DicomWebGateway(config, tokens, fetcher) };
	};
	const retrieve = (gateway: DicomWebGateway, accept: string) =>
		gateway.handle(
			new Request(`http://gw.test/api/gateway/dicom-web/studies/${STUDY}`, {
				headers: { Authorization: 'Bearer tok', Accept: accept }
			}),
			`studies/${STUDY}`,
			'/api/gateway/dicom-web'
		);

	it('a named transfer syntax (a transcode) is refused with 406, and the archive hears nothing', async () => {
		const { accepts, gateway } = archive();
		const response = await retrieve(gateway, `${DICOM}; transfer-syntax=${J2K}`);
		expect(response.status).toBe(406);
		expect(accepts).toEqual([]);
	});

	it('the app’s own two forms reach the archive as fixed text, never the client’s', async () => {
		const { accepts, gateway } = archive();
		expect((await retrieve(gateway, `${STORED}; x-cost=1`)).status).toBe(200);
		expect((await retrieve(gateway, DICOM)).status).toBe(200);
		expect(accepts).toEqual([STORED, DICOM]);
	});
});
