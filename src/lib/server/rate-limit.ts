/**
 * The limits' counters as the relay and the gateway use them. In memory (the classes below) for one instance; in
 * PostgreSQL (pg-limits.ts) when several instances must share them. Both pass the same contract suite.
 */
export type Awaitable<T> = T | Promise<T>;

/** Attempts per key in a fixed window. */
export interface Limiter {
	/** Counts one attempt; returns seconds to wait when over the limit, else 0. */
	hit(key: string, now?: number): Awaitable<number>;
	/** Seconds to wait when this key is over the limit, else 0; counts nothing. */
	check(key: string, now?: number): Awaitable<number>;
	/** Takes back one attempt counted by `hit`. */
	refund(key: string, now?: number): Awaitable<void>;
}

/**
 * Bytes per key in a fixed window. Bytes are counted in the window that reserved them: what a reservation did not
 * use goes back to that window only (release), so a window that ends while an upload is read never lends its
 * reservation to the next one.
 */
export interface Budget {
	left(key: string, now?: number): Awaitable<number>;
	/**
	 * Takes up to `wanted` bytes of what this key has left, in one step, if at least `minimum` are left; returns what
	 * it took (0: refused, nothing taken).
	 */
	reserve(key: string, wanted: number, minimum: number, now?: number): Awaitable<number>;
	/**
	 * Gives back `bytes` of a reservation made at `reservedAt`, to the window that was live then, if it still is
	 * (never below zero). Once that window has ended, the bytes ended with it: handing them to the new window would
	 * let it overshoot by as much.
	 */
	release(key: string, bytes: number, reservedAt: number, now?: number): Awaitable<void>;
	/** Adds bytes (≥ 0) to the key's use in the live window. */
	spend(key: string, bytes: number, now?: number): Awaitable<void>;
}

/** Failed guesses of all clients together slow each failure's answer down (see FailureBackoff). */
export interface Backoff {
	busy(key: string, now?: number): Awaitable<boolean>;
	fail(key: string, now?: number): Promise<void>;
	delayNow(now?: number): Awaitable<number>;
}

/** Makes the counters of one deployment, each under its own name. */
export interface LimitStore {
	limiter(name: string, limit: number, windowMs: number): Limiter;
	budget(name: string, limit: number, windowMs: number): Budget;
	backoff(name: string, threshold?: number, maxDelayMs?: number, windowMs?: number): Backoff;
}

/** Counters in this process's memory: one instance (the embedded default). */
export const memoryLimits: LimitStore = {
	limiter: (_name, limit, windowMs) => new RateLimiter(limit, windowMs),
	budget: (_name, limit, windowMs) => new ByteBudget(limit, windowMs),
	backoff: (_name, threshold, maxDelayMs, windowMs) =>
		new FailureBackoff(threshold, maxDelayMs, windowMs)
};

/**
 * A fixed-window counter per client key, in memory only: enough to make guessing enrollment codes (or, later,
 * hammering the relay) pointless, without writing anyone's address anywhere.
 */
/** Keys a limiter keeps at most: past it, expired windows go, then the oldest (IPv6 gives an attacker many keys). */
const MAX_KEYS = 50_000;

export class RateLimiter implements Limiter {
	readonly #windows = new Map<string, { count: number; resetAt: number }>();
	#sweptAt = 0;
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
		if (this.#windows.size > MAX_KEYS) this.#sweep(now);
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now) {
			this.#windows.set(key, { count: 1, resetAt: now + this.windowMs });
			return 0;
		}
		window.count++;
		return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
	}

	/** Takes back one attempt counted by `hit` (it turned out not to be the kind this limit counts). */
	refund(key: string, now = Date.now()) {
		const window = this.#windows.get(key);
		if (window && window.resetAt > now && window.count > 0) window.count--;
	}

	/**
	 * At most once a second (a full pass per request would let a flood of new keys cost a pass each), then the
	 * oldest windows if that was not enough: a key forgotten early gets a fresh window, which only costs the limit
	 * some strictness under a flood that already spreads over that many addresses.
	 */
	#sweep(now: number) {
		if (now - this.#sweptAt >= 1000) {
			this.#sweptAt = now;
			for (const [key, window] of this.#windows)
				if (window.resetAt <= now) this.#windows.delete(key);
		}
		for (const key of this.#windows.keys()) {
			if (this.#windows.size <= MAX_KEYS * 0.9) break;
			this.#windows.delete(key);
		}
	}
}

/**
 * Bytes per client key in a fixed window, in memory only (like RateLimiter): how much one client may upload to the
 * relay in a day, so one address cannot fill the store for everyone.
 */
export class ByteBudget implements Budget {
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

	reserve(key: string, wanted: number, minimum: number, now = Date.now()): number {
		const left = this.left(key, now);
		const taken = Math.min(wanted, left);
		if (taken < minimum || taken <= 0) return 0;
		this.spend(key, taken, now);
		return taken;
	}

	release(key: string, bytes: number, reservedAt: number, now = Date.now()) {
		const window = this.#windows.get(key);
		// The window that held the reservation: still live, and begun no later than the reservation.
		if (!window || window.resetAt <= now || window.resetAt - this.windowMs > reservedAt) return;
		window.used = Math.max(0, window.used - Math.max(0, bytes));
	}

	spend(key: string, bytes: number, now = Date.now()) {
		if (!(bytes >= 0))
			throw new RangeError('spend adds bytes; give a reservation back with release');
		if (this.#windows.size > MAX_KEYS)
			for (const [k, w] of this.#windows)
				if (w.resetAt <= now || this.#windows.size > MAX_KEYS * 0.9) this.#windows.delete(k);
		const window = this.#windows.get(key);
		if (!window || window.resetAt <= now)
			this.#windows.set(key, { used: bytes, resetAt: now + this.windowMs });
		else window.used += bytes;
	}
}

/**
 * A back-off over every client together, for failed guesses (enrollment codes): past `threshold` failures in the
 * last minute, each failure is answered only after a delay that grows with the rate (up to `maxDelayMs`), and a
 * client may have one delayed answer pending at a time. It never refuses a right answer and never refuses anyone
 * outright, so it cannot be used to lock everyone out; it only slows guessing down when many clients guess at once
 * (behind a proxy nobody configured, a carrier's NAT, a botnet).
 */
export class FailureBackoff implements Backoff {
	readonly #failures: number[] = [];
	readonly #pending = new Set<string>();
	constructor(
		readonly threshold = 30,
		readonly maxDelayMs = 10_000,
		readonly windowMs = 60_000
	) {}

	#recent(now: number) {
		while (this.#failures.length && this.#failures[0]! <= now - this.windowMs)
			this.#failures.shift();
		return this.#failures.length;
	}

	/** Whether this client already waits for a delayed answer (a second one in parallel is refused: 429). */
	busy(key: string): boolean {
		return this.#pending.has(key);
	}

	/** Records a failure; resolves when its answer may go out. */
	async fail(key: string, now = Date.now()): Promise<void> {
		this.#failures.push(now);
		if (this.#failures.length > 100_000) this.#failures.splice(0, 50_000);
		const over = this.#recent(now) - this.threshold;
		if (over <= 0) return;
		const delay = Math.min(this.maxDelayMs, over * 200);
		this.#pending.add(key);
		try {
			await new Promise((resolve) => setTimeout(resolve, delay));
		} finally {
			this.#pending.delete(key);
		}
	}

	/** The delay a failure would get now, in ms (for tests and the operator's curiosity). */
	delayNow(now = Date.now()): number {
		return Math.max(0, Math.min(this.maxDelayMs, (this.#recent(now) + 1 - this.threshold) * 200));
	}
}
