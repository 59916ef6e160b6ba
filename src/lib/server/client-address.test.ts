import { describe, expect, it } from 'vitest';
import { ClientAddressError, clientAddress, clientAddressConfig, limitKey } from './client-address';

const forwarded = (value?: string) => new Headers(value ? { 'X-Forwarded-For': value } : {});

describe('who a client is, for rate limits', () => {
	it('without a trusted proxy: the connection’s address, whatever X-Forwarded-For claims', () => {
		const config = clientAddressConfig({});
		expect(clientAddress('203.0.113.5', forwarded('198.51.100.1'), config)).toBe('203.0.113.5');
		expect(clientAddress('::ffff:127.0.0.1', forwarded(), config)).toBe('127.0.0.1');
	});

	it('behind a trusted proxy: the rightmost address that is not a trusted proxy', () => {
		const config = clientAddressConfig({ RADFOLIO_TRUSTED_PROXIES: '127.0.0.1, ::1 10.0.0.0/8' });
		expect(clientAddress('127.0.0.1', forwarded('198.51.100.7'), config)).toBe('198.51.100.7');
		// A client that writes its own X-Forwarded-For only adds entries to the left: they are not believed.
		expect(clientAddress('127.0.0.1', forwarded('1.2.3.4, 198.51.100.7'), config)).toBe(
			'198.51.100.7'
		);
		// Two proxies in a row (an edge, then the local one).
		expect(clientAddress('::1', forwarded('198.51.100.7, 10.1.2.3'), config)).toBe('198.51.100.7');
		// A connection from anywhere else is its own client, X-Forwarded-For or not.
		expect(clientAddress('203.0.113.9', forwarded('198.51.100.7'), config)).toBe('203.0.113.9');
	});

	it('refuses what is ambiguous: a trusted proxy that does not say, a malformed setting, two settings', () => {
		const config = clientAddressConfig({ RADFOLIO_TRUSTED_PROXIES: '127.0.0.1' });
		expect(() => clientAddress('127.0.0.1', forwarded(), config)).toThrow(ClientAddressError);
		expect(() => clientAddress('127.0.0.1', forwarded('not-an-ip'), config)).toThrow(
			ClientAddressError
		);
		for (const bad of ['localhost', '10.0.0.0/33', '1.2.3.4/x', '::1/129', '1.2.3.4/8/8'])
			expect(() => clientAddressConfig({ RADFOLIO_TRUSTED_PROXIES: bad }), bad).toThrow(
				/RADFOLIO_TRUSTED_PROXIES/
			);
		expect(() =>
			clientAddressConfig({ RADFOLIO_TRUSTED_PROXIES: '127.0.0.1', ADDRESS_HEADER: 'x-real-ip' })
		).toThrow(/both set/);
	});

	it('counts IPv6 clients by their /56 and IPv4 ones by address', () => {
		expect(limitKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:0::/56');
		expect(limitKey('2001:db8:1:ff::99')).toBe('2001:db8:1:0::/56'); // another /64 of the same home
		expect(limitKey('2001:db8:1:1ff::1')).toBe('2001:db8:1:100::/56'); // the next home
		expect(limitKey('2001:db8::1')).toBe('2001:db8:0:0::/56');
		expect(limitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(limitKey('192.0.2.1')).toBe('192.0.2.1');
	});
});
