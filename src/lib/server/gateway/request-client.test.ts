import { describe, expect, it } from 'vitest';
import { requestClient } from './request-client';

/** The gateway routes' rate-limit key: the same rules as the enrollment and relay routes (client-address.ts). */
describe('requestClient', () => {
	const request = (xff?: string) =>
		new Request('http://gateway.test/api/gateway/dicom-web/studies', {
			headers: xff ? { 'X-Forwarded-For': xff } : {}
		});

	it('is the peer address when no proxy is trusted (a forwarded header from anyone is not believed)', () => {
		expect(requestClient({}, request('192.0.2.1'), () => '203.0.113.7')).toEqual({
			client: '203.0.113.7'
		});
	});

	it('counts IPv6 clients by their /56', () => {
		expect(requestClient({}, request(), () => '2001:db8:1:2ff::1')).toEqual({
			client: '2001:db8:1:200::/56'
		});
	});

	it('is the forwarded client behind a trusted proxy', () => {
		const env = { RADFOLIO_TRUSTED_PROXIES: '127.0.0.1' };
		expect(requestClient(env, request('198.51.100.9'), () => '127.0.0.1')).toEqual({
			client: '198.51.100.9'
		});
	});

	it('answers 400 when a trusted proxy does not say who the client is', async () => {
		const env = { RADFOLIO_TRUSTED_PROXIES: '127.0.0.1' };
		const result = requestClient(env, request(), () => '127.0.0.1');
		expect('refused' in result && result.refused.status).toBe(400);
		if ('refused' in result) expect(await result.refused.json()).toHaveProperty('error');
	});
});
