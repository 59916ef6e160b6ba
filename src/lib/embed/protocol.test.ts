import { describe, expect, it } from 'vitest';
import { parsePortalMessage } from './protocol';

describe('portal messages (embed protocol v1)', () => {
	it('takes a version-1 enrollment with a code, and a gateway when given', () => {
		expect(parsePortalMessage({ radfolio: 1, type: 'enroll', code: ' AB12-CD34-EF56 ' })).toEqual({
			code: 'AB12-CD34-EF56',
			gateway: null
		});
		expect(
			parsePortalMessage({
				radfolio: 1,
				type: 'enroll',
				code: 'AB12-CD34-EF56',
				gateway: 'https://imaging.example/api/gateway'
			})
		).toEqual({ code: 'AB12-CD34-EF56', gateway: 'https://imaging.example/api/gateway' });
	});

	it('ignores anything else: other versions and types, odd codes and gateways', () => {
		for (const message of [
			null,
			'enroll AB12-CD34-EF56',
			{ type: 'enroll', code: 'AB12-CD34-EF56' },
			{ radfolio: 2, type: 'enroll', code: 'AB12-CD34-EF56' },
			{ radfolio: 1, type: 'connect', code: 'AB12-CD34-EF56' },
			{ radfolio: 1, type: 'enroll' },
			{ radfolio: 1, type: 'enroll', code: 42 },
			{ radfolio: 1, type: 'enroll', code: '<img src=x>' },
			{ radfolio: 1, type: 'enroll', code: 'A'.repeat(41) },
			{ radfolio: 1, type: 'enroll', code: 'AB12-CD34-EF56', gateway: 'javascript:alert(1)' },
			{ radfolio: 1, type: 'enroll', code: 'AB12-CD34-EF56', gateway: 'https://u:p@x.example/' },
			{ radfolio: 1, type: 'enroll', code: 'AB12-CD34-EF56', gateway: 7 }
		]) {
			expect(parsePortalMessage(message), JSON.stringify(message)).toBeNull();
		}
	});
});
