/**
 * A fixed-window counter per client key, in memory only: enough to make guessing enrollment codes (or, later,
 * hammering the relay) pointless, without writing anyone's address anywhere.
 */
export class RateLimiter {
	readonly #windows = new Map<string, { count: number; resetAt: number }>();
	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Seconds to wait when this key is over the limit, else 0; counts nothing. */
	check(key: string, now = Date.now()): number {
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now || window.count < this.limit) return 0;
		return Math.ceil((window.resetAt - now) / 1000);
	}

	/** Counts one attempt; returns seconds to wait when over the limit, else 0. */
	hit(key: string, now = Date.now()): number {
		if (this.#windows.size > 50_000) this.#sweep(now);
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now) {
			this.#windows.set(key, { count: 1, resetAt: now + this.windowMs });
			return 0;
		}
		window.count++;
		return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
	}

	#sweep(now: number) {
		for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
	}
}

/**
 * Bytes per client key in a fixed window, in memory only (like RateLimiter): how much one client may upload to the
 * relay in a day, so one address cannot fill the store for everyone.
 */
export class ByteBudget {
	readonly #windows = new Map<string, { used: number; resetAt: number }>();
	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Bytes this key may still use now. */
	left(key: string, now = Date.now()): number {
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now) return this.limit;
		return Math.max(0, this.limit - window.used);
	}

	spend(key: string, bytes: number, now = Date.now()) {
		if (this.#windows.size > 50_000)
			for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now)
			this.#windows.set(key, { used: bytes, resetAt: now + this.windowMs });
		else window.used += bytes;
	}
}
