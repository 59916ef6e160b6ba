import type { EntityTable } from 'dexie';
import { ROW_VERSION, type InstanceRow, type RadfolioDb, type SeriesRow } from './db';
import { VaultError } from './errors';
import {
	newLedger,
	readLedger,
	sealMetaRow,
	sealStudyRow,
	writeLedger,
	type LedgerRecord,
	type MetaName
} from './ledger';
import { openInstanceRow, openSeriesRow, sealInstanceRow, sealSeriesRow } from './rows';
import { contexts, type VaultSession } from './session';

/**
 * Brings a vault made before row format 2 (db.ts) up to it, after unlock: every row of format 1 is opened as
 * before and sealed again as format 2, then the ledger says the vault is upgraded and format 1 is refused from then
 * on. Instance and series records are small, so this is cheap; chunks are not re-sealed (a whole vault's images):
 * an upgraded instance row keeps `w: null` and its chunks their first context, with the sealed size and chunk
 * count now the ones readers trust.
 *
 * What it binds is what the rows say at that moment: a row changed before its upgrade is sealed as it was found
 * (see docs/security-vault.md). A row that does not open, or whose size and chunk count disagree, is left as it
 * is, and refused once the vault is upgraded. Interrupted (the vault locked, the tab closed), it goes on at the
 * next unlock; every step is one transaction, so readers see each row in one format or the other.
 */
const META: MetaName[] = ['settings', 'providers', 'shares'];
const PAGE = 200;

export async function upgradeRows(db: RadfolioDb, s: VaultSession): Promise<void> {
	// Most unlocks: one read, nothing to do.
	if ((await readLedger(db, s))?.upgraded) return;
	// The mutable rows and the ledger together: few and small.
	await db.transaction('rw', db.meta, db.studies, async () => {
		const ledger = (await readLedger(db, s)) ?? newLedger(false);
		for (const name of META) {
			const row = await db.meta.get(name);
			// A format-1 row the ledger already has a revision for is an older copy put back: left to be refused.
			if (!row || row.id !== name || row.v >= ROW_VERSION || ledger.meta[name] !== undefined)
				continue;
			const record = kept(() => s.openRecord<{ v: number }>(contexts[name], row.v, row.payload));
			if (record) await db.meta.put(sealMetaRow(s, ledger, name, record));
		}
		for (const row of await db.studies.toArray()) {
			if (row.v >= ROW_VERSION || ledger.studies[row.id] !== undefined) continue;
			const record = kept(() =>
				s.openRecord<{ v: number }>(contexts.study(row.id), row.v, row.payload)
			);
			if (record) await db.studies.put(sealStudyRow(s, ledger, row.id, record));
		}
		await writeLedger(db, s, ledger);
	});
	await resealPages(db, db.series, (row: SeriesRow) =>
		sealSeriesRow(s, row.id, row.studyId, openSeriesRow(s, row, true))
	);
	await resealPages(db, db.instances, (row: InstanceRow) => {
		const { record, storage } = openInstanceRow(s, row, true);
		return sealInstanceRow(s, { ...row, record }, storage);
	});
	await db.transaction('rw', db.meta, async () => {
		const ledger: LedgerRecord = (await readLedger(db, s)) ?? newLedger(false);
		ledger.upgraded = true;
		await writeLedger(db, s, ledger);
	});
}

/** Re-seals a table's format-1 rows, a page (by primary key) per transaction. */
async function resealPages<R extends { id: string; v: number }>(
	db: RadfolioDb,
	table: EntityTable<R, 'id'>,
	reseal: (row: R) => R
): Promise<void> {
	let after: string | null = null;
	for (;;) {
		const from: string | null = after;
		const rows = await db.transaction('rw', table, async (): Promise<R[]> => {
			const page: R[] = await (
				from === null ? table.orderBy(':id') : table.where(':id').above(from)
			)
				.limit(PAGE)
				.toArray();
			const resealed = page.flatMap((row) => {
				if (row.v >= ROW_VERSION) return [];
				const next = kept(() => reseal(row));
				return next ? [next] : [];
			});
			if (resealed.length) await table.bulkPut(resealed);
			return page;
		});
		if (rows.length < PAGE) return;
		after = rows[rows.length - 1]!.id;
	}
}

/** The value, or null when the row does not open or does not hold together (it stays as it is, refused later). */
function kept<T>(make: () => T): T | null {
	try {
		return make();
	} catch (error) {
		if (error instanceof VaultError && (error.code === 'damaged' || error.code === 'tampered'))
			return null;
		throw error;
	}
}
