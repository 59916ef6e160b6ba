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
 * Brings rows of format 1 (db.ts) up to format 2, after unlock: each is opened as before and sealed again as
 * format 2. Instance and series records are small, so this is cheap; chunks are not re-sealed (a whole vault's
 * images): an upgraded instance row keeps `w: null` and its chunks their first context, with the sealed size and
 * chunk count now the ones readers trust.
 *
 * A vault made before format 2: every row, then the ledger says the vault is upgraded. After that, only what an
 * older Radfolio still open in another tab may have written since (ledger.ts): studies the ledger has never had,
 * with their series and instances, and the settings; one transaction, so readers never see that study half done.
 *
 * What it binds is what the rows say at that moment: a row changed before its upgrade is sealed as it was found
 * (see docs/security-vault.md). A row that does not open, or whose size and chunk count disagree, is left as it
 * is, and refused once the vault is upgraded. Interrupted (the vault locked, the tab closed), it goes on at the
 * next unlock; every step is one transaction, so readers see each row in one format or the other.
 */
const META: MetaName[] = ['settings', 'providers', 'shares'];
const PAGE = 200;

export async function upgradeRows(db: RadfolioDb, s: VaultSession): Promise<void> {
	// Most unlocks: one look, nothing to do. The study and meta rows are few and small.
	const [found, studies, meta] = await db.transaction('r', db.meta, db.studies, () =>
		Promise.all([readLedger(db, s), db.studies.toArray(), db.meta.toArray()])
	);
	const older = (row: { v: number }) => row.v < ROW_VERSION;
	if (found?.upgraded && !studies.some(older) && !meta.some(older)) return;
	if (!found?.upgraded) return upgradeAll(db, s);
	await db.transaction('rw', [db.meta, db.studies, db.series, db.instances], async () => {
		const ledger = (await readLedger(db, s)) ?? newLedger(true);
		const strays = await resealMutable(db, s, ledger);
		for (const studyId of strays) {
			const series = await db.series.where('studyId').equals(studyId).toArray();
			const resealed = series
				.filter(older)
				.flatMap((row) => kept(() => resealSeries(s, row)) ?? []);
			await db.series.bulkPut(resealed);
			const own = new Set(series.map((row) => row.id));
			const instances = await db.instances.where('studyId').equals(studyId).toArray();
			await db.instances.bulkPut(
				instances
					.filter((row) => older(row) && own.has(row.seriesId))
					.flatMap((row) => kept(() => resealInstance(s, row)) ?? [])
			);
		}
		await writeLedger(db, s, ledger);
	});
}

async function upgradeAll(db: RadfolioDb, s: VaultSession): Promise<void> {
	await db.transaction('rw', db.meta, db.studies, async () => {
		const ledger = (await readLedger(db, s)) ?? newLedger(false);
		await resealMutable(db, s, ledger);
		await writeLedger(db, s, ledger);
	});
	await resealPages(db, db.series, (row) => resealSeries(s, row));
	await resealPages(db, db.instances, (row) => resealInstance(s, row));
	await db.transaction('rw', db.meta, async () => {
		const ledger: LedgerRecord = (await readLedger(db, s)) ?? newLedger(false);
		ledger.upgraded = true;
		await writeLedger(db, s, ledger);
	});
}

/**
 * Re-seals the meta and study rows of format 1 the ledger has no revision for (the settings whatever it has), in
 * the caller's transaction; returns the ids of the studies re-sealed. A format-1 row the ledger already has a
 * revision for is an older copy put back: left to be refused.
 */
async function resealMutable(db: RadfolioDb, s: VaultSession, ledger: LedgerRecord) {
	for (const name of META) {
		const row = await db.meta.get(name);
		if (!row || row.id !== name || row.v >= ROW_VERSION) continue;
		if (ledger.meta[name] !== undefined && name !== 'settings') continue;
		const record = kept(() => s.openRecord<{ v: number }>(contexts[name], row.v, row.payload));
		if (record) await db.meta.put(sealMetaRow(s, ledger, name, record));
	}
	const resealed: string[] = [];
	for (const row of await db.studies.toArray()) {
		if (row.v >= ROW_VERSION || ledger.studies[row.id] !== undefined) continue;
		const record = kept(() =>
			s.openRecord<{ v: number }>(contexts.study(row.id), row.v, row.payload)
		);
		if (!record) continue;
		await db.studies.put(sealStudyRow(s, ledger, row.id, record));
		resealed.push(row.id);
	}
	return resealed;
}

const resealSeries = (s: VaultSession, row: SeriesRow) =>
	sealSeriesRow(s, row.id, row.studyId, openSeriesRow(s, row, true));

function resealInstance(s: VaultSession, row: InstanceRow): InstanceRow {
	const { record, storage } = openInstanceRow(s, row, true);
	return sealInstanceRow(s, { ...row, record }, storage);
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
