import { resolve } from 'node:path';
import { DEFAULT_RELAY_LIMITS, RelayHttp, type RelayLimits } from './http';
import { RelayStore } from './store';

let relay: RelayHttp | undefined;

/**
 * The relay's limits from the environment (README: "Configuration"), each a whole number of bytes:
 * RADFOLIO_RELAY_MAX_BYTES (one share), RADFOLIO_RELAY_CLIENT_BYTES (what one client uploads in a day),
 * RADFOLIO_RELAY_STORE_BYTES (every live share together). A malformed value stops the server rather than
 * silently running without the limit.
 */
export function relayLimitsFromEnv(env: Record<string, string | undefined>): RelayLimits {
	const read = (name: string, fallback: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		if (!/^[1-9][0-9]{0,15}$/.test(raw))
			throw new Error(`${name} must be a whole number of bytes, not “${raw}”`);
		return Number(raw);
	};
	return {
		...DEFAULT_RELAY_LIMITS,
		maxBytes: read('RADFOLIO_RELAY_MAX_BYTES', DEFAULT_RELAY_LIMITS.maxBytes),
		clientBytesPerDay: read('RADFOLIO_RELAY_CLIENT_BYTES', DEFAULT_RELAY_LIMITS.clientBytesPerDay),
		storeBytes: read('RADFOLIO_RELAY_STORE_BYTES', DEFAULT_RELAY_LIMITS.storeBytes)
	};
}

/**
 * The relay of this server process, on by default (embedded: SQLite + local disk under RADFOLIO_DATA_DIR). A
 * sweeper ends expired shares, lapsed opens and abandoned uploads every minute.
 */
export function relayServer(env: Record<string, string | undefined>): RelayHttp {
	if (relay) return relay;
	const limits = relayLimitsFromEnv(env);
	const store = new RelayStore(resolve(env.RADFOLIO_DATA_DIR || 'data'));
	relay = new RelayHttp(store, limits);
	store.sweep();
	setInterval(() => store.sweep(), 60_000).unref();
	return relay;
}

export { RelayHttp, DEFAULT_RELAY_LIMITS, type RelayLimits } from './http';
export { RelayStore, RelayError } from './store';
