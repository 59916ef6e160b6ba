import { describe, expect, it } from 'vitest';
import { parseEnrollmentFragment, parseLaunchGateway } from './enrollment-link';

describe('parseEnrollmentFragment', () => {
	it('reads the code from a link or a fragment', () => {
		expect(parseEnrollmentFragment('https://app.example/providers#code=ABCD-EFGH-JKMN')).toEqual({
			code: 'ABCD-EFGH-JKMN',
			gateway: null
		});
		expect(parseEnrollmentFragment('#code=ABCD-EFGH-JKMN')?.code).toBe('ABCD-EFGH-JKMN');
	});

	it('reads a gateway on another server, and ignores one that is not an http(s) URL', () => {
		const g = encodeURIComponent('https://pacs.example/api/gateway');
		expect(parseEnrollmentFragment(`#code=X&gateway=${g}`)?.gateway).toBe(
			'https://pacs.example/api/gateway'
		);
		expect(parseEnrollmentFragment('#code=X&gateway=javascript:alert(1)')?.gateway).toBeNull();
	});

	it('is null without a code', () => {
		expect(parseEnrollmentFragment('https://app.example/providers')).toBeNull();
		expect(parseEnrollmentFragment('#gateway=https://x')).toBeNull();
	});
});

describe('parseLaunchGateway', () => {
	it('reads the provider of a launch link without a code, and only an http(s) one', () => {
		const g = encodeURIComponent('https://pacs.example/api/gateway');
		expect(parseLaunchGateway(`https://app.example/providers#gateway=${g}`)).toBe(
			'https://pacs.example/api/gateway'
		);
		expect(parseLaunchGateway('#gateway=javascript:alert(1)')).toBeNull();
		expect(parseLaunchGateway('https://app.example/providers')).toBeNull();
	});
});
