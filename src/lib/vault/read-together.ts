import Dexie, { type Table } from 'dexie';
import type { RadfolioDb } from './db';

/**
 * Runs reads in one read-only transaction (one consistent view of the stores) and resolves with their result as
 * soon as they are done, not when the transaction commits: Dexie's transaction() waits for the commit event, which
 * reaches a busy page's thread late (measured while opening a study: 25 ms behind the page's own render, with
 * the first image's bytes already read and waiting).
 */
export function readTogether<T>(
	db: RadfolioDb,
	tables: Table[],
	reads: () => Promise<T>
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		db.transaction('r', tables, async () => {
			const result = await reads();
			// Resolved outside the transaction's zone: the caller's next reads must not join a finished one.
			Dexie.ignoreTransaction(() => resolve(result));
		}).catch(reject);
	});
}
