import { describe, expect, it } from 'vitest';
import { ByteBudget, FailureBackoff, RateLimiter } from './rate-limit';

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

describe('RateLimiter.refund', () => {
	it('takes back an attempt that turned out not to count', () => {
		const limiter = new RateLimiter(2, 60_000);
		const t = 1_000_000;
		limiter.hit('a', t);
		limiter.refund('a', t);
		limiter.hit('a', t);
		expect(limiter.hit('a', t)).toBe(0);
		expect(limiter.hit('a', t)).toBe(60);
	});
});

describe('FailureBackoff', () => {
	it('delays failures only past its threshold, more as they grow, and never past its cap', () => {
		const backoff = new FailureBackoff(3, 1000);
		const t = 5_000_000;
		expect(backoff.delayNow(t)).toBe(0);
		for (let i = 0; i < 3; i++) void backoff.fail('x', t);
		expect(backoff.delayNow(t)).toBe(200);
		for (let i = 0; i < 10; i++) void backoff.fail(`c${i}`, t);
		expect(backoff.delayNow(t)).toBe(1000);
		expect(backoff.delayNow(t + 61_000)).toBe(0); // a minute later the window is empty
	});

	it('holds one delayed answer per client at a time', async () => {
		const backoff = new FailureBackoff(0, 50);
		const pending = backoff.fail('x');
		expect(backoff.busy('x')).toBe(true);
		expect(backoff.busy('y')).toBe(false);
		await pending;
		expect(backoff.busy('x')).toBe(false);
	});
});

describe('ByteBudget', () => {
	it('lets a key use `limit` bytes per window', () => {
		const budget = new ByteBudget(100, 60_000);
		const t = 1_000_000;
		expect(budget.left('a', t)).toBe(100);
		budget.spend('a', 70, t);
		expect(budget.left('a', t)).toBe(30);
		expect(budget.left('b', t)).toBe(100);
		budget.spend('a', 50, t);
		expect(budget.left('a', t)).toBe(0);
		expect(budget.left('a', t + 60_000)).toBe(100);
	});
});

describe('RateLimiter under a flood of new keys', () => {
	it('stays bounded in memory and keeps answering', () => {
		const limiter = new RateLimiter(1, 3_600_000);
		const t = 1_000_000;
		for (let i = 0; i < 60_000; i++) limiter.hit(`k${i}`, t);
		// The newest key is still counted: its second hit is over the limit.
		expect(limiter.hit('k59999', t)).toBeGreaterThan(0);
		expect(limiter.check('k0', t)).toBe(0); // the oldest was let go
	});
});
