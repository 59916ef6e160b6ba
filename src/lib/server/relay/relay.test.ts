import { memoryLimits } from '../rate-limit';
import { relaySuite } from '../../../../tests/fixtures/relay-suite';
import { Mailboxes } from './mailboxes';
import { RelayStore } from './store';

// The relay's HTTP API on the embedded relay: SQLite, part files, limits in memory. The same suite runs on
// PostgreSQL in tests/integration/relay-postgres.test.ts.
relaySuite('SQLite', () => ({
	store: async (dir, ticketServes) => new RelayStore(dir, undefined, ticketServes),
	mailboxes: async (store, maxOpen) => new Mailboxes((store as RelayStore).db, maxOpen),
	limits: () => memoryLimits,
	reset: async () => {}
}));
