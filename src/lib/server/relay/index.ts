import { resolve } from 'node:path';
import { DEFAULT_RELAY_LIMITS, RelayHttp } from './http';
import { RelayStore } from './store';

let relay: RelayHttp | undefined;

/**
 * The relay of this server process, on by default (embedded: SQLite + local disk under RADFOLIO_DATA_DIR).
 * RADFOLIO_RELAY_MAX_BYTES caps one share; a sweeper ends expired shares every minute.
 */
export function relayServer(env: Record<string, string | undefined>): RelayHttp {
	if (relay) return relay;
	const store = new RelayStore(resolve(env.RADFOLIO_DATA_DIR || 'data'));
	const maxBytes = Number(env.RADFOLIO_RELAY_MAX_BYTES) || DEFAULT_RELAY_LIMITS.maxBytes;
	relay = new RelayHttp(store, { ...DEFAULT_RELAY_LIMITS, maxBytes });
	store.sweep();
	setInterval(() => store.sweep(), 60_000).unref();
	return relay;
}

export { RelayHttp, DEFAULT_RELAY_LIMITS } from './http';
export { RelayStore, RelayError } from './store';
