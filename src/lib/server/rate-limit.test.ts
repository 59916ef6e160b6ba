import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
	it('lets `limit` attempts through per window and per key, then says how long to wait', () => {
		const limiter = new RateLimiter(3, 60_000);
		const t = 1_000_000;
		expect([1, 2, 3].map(() => limiter.hit('a', t))).toEqual([0, 0, 0]);
		expect(limiter.check('a', t)).toBe(60);
		expect(limiter.hit('a', t + 30_000)).toBe(30);
		expect(limiter.check('b', t)).toBe(0); // another client is not affected
		expect(limiter.check('a', t + 60_000)).toBe(0); // a new window
		expect(limiter.hit('a', t + 60_000)).toBe(0);
	});
});
