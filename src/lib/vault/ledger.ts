import type { RadfolioDb, SettingsRow, StudyRow } from './db';
import { ROW_VERSION } from './db';
import { VaultError } from './errors';
import { contexts, type VaultSession } from './session';

/**
 * The ledger: which revision of each mutable row is the current one. Study rows and the sealed meta rows
 * (settings, providers, shares) are rewritten in place; each write of row format 2 takes a new revision, names it
 * in the row's sealed context, and records it here in the same transaction. An older sealed copy of the row put
 * back by someone who can write IndexedDB then no longer opens ('tampered'). Series, instance and chunk rows are
 * written once per id and are bound to their parents and their write instead (rows.ts).
 *
 * Format 1, sealed in the meta row "ledger" under the context "ledger" (the row's own `v` is 1):
 *
 *   { v: 1, next, upgraded, meta: { settings?, providers?, shares? }, studies: { <study id>: revision },
 *     chunks? }
 *
 * `next` is the next revision to hand out: revisions are never reused, so a row deleted and written again cannot
 * be replaced by its earlier self. A study's revision 0 marks one the patient deleted: its rows put back are
 * refused, and importing it again gives it a new revision. `upgraded` is true once every row of format 1 found
 * was re-sealed as format 2 (upgrade.ts). A vault made by this version starts upgraded. `chunks` (optional, added
 * with chunk records of version 2; older versions keep it as they read and write the ledger whole): 2 once a pass
 * of reseal.ts found every image chunk of version 2 (a vault made since starts so), absent before.
 *
 * Rows of format 1 (db.ts) are read only where no copy of them can have been sealed as format 2: a study or meta
 * row the ledger has no revision for (a vault not yet upgraded, or a study an older Radfolio still open in another
 * tab wrote since: it cannot read format 2, so it writes only studies new to it, sealed again at the next unlock),
 * and series and instance rows under such a study (rows.ts). An older copy put back of a row that was upgraded is
 * refused. One exception: the settings, which that older Radfolio writes without reading them first; an older copy
 * of them can only bring back an older auto-lock delay.
 *
 * What it cannot see: the ledger is itself a row, so putting back an older copy of the ledger together with the
 * rows of that time (the whole database, or every mutable row at once) is not detected. See docs/security-vault.md.
 */
export interface LedgerRecord {
	v: 1;
	next: number;
	upgraded: boolean;
	meta: Partial<Record<MetaName, number>>;
	studies: Record<string, number>;
	/** The chunk record version every image chunk had at the end of the last re-sealing pass (reseal.ts). */
	chunks?: number;
}
export type MetaName = 'settings' | 'providers' | 'shares';
export const LEDGER_ID = 'ledger';

export function newLedger(upgraded: boolean): LedgerRecord {
	return { v: 1, next: 1, upgraded, meta: {}, studies: {} };
}

/** The ledger as stored, or null in a vault that has none yet (made before row format 2, not yet upgraded). */
export async function readLedger(db: RadfolioDb, s: VaultSession): Promise<LedgerRecord | null> {
	const row = await db.meta.get(LEDGER_ID);
	if (!row || row.id !== LEDGER_ID) return null;
	return s.openRecord<LedgerRecord>(contexts.ledger, row.v, (row as SettingsRow).payload);
}

export async function writeLedger(db: RadfolioDb, s: VaultSession, ledger: LedgerRecord) {
	await db.meta.put({ id: LEDGER_ID, v: 1, payload: s.sealRecord(contexts.ledger, ledger) });
}

/** Takes the next revision (the caller writes the ledger back in the same transaction). */
export function takeRevision(ledger: LedgerRecord): number {
	return ledger.next++;
}

/** A study's revision 0: deleted by the patient. */
export const REMOVED = 0;

/** Whether rows of format 1 under this study may be read: it has never been sealed as format 2 nor deleted. */
export const legacyStudy = (ledger: LedgerRecord | null, studyId: string) =>
	ledger?.studies[studyId] === undefined;

/**
 * Opens a study row as the ledger says it must be: format 2 at the ledger's revision; format 1 only when the ledger
 * has no revision for it (one it has was sealed as format 2 or deleted: an older copy is back).
 */
export function openStudyRow<T extends { v: number }>(
	s: VaultSession,
	row: StudyRow,
	ledger: LedgerRecord | null
): T {
	const revision = ledger?.studies[row.id];
	if (row.v < ROW_VERSION) {
		if (revision !== undefined) throw new VaultError('tampered', 'study row of format 1');
		return s.openRecord<T>(contexts.study(row.id), row.v, row.payload);
	}
	if (row.v === ROW_VERSION && !revision)
		throw new VaultError(
			'tampered',
			revision === REMOVED ? 'study removed' : 'study not in the ledger'
		);
	return s.openRecord<T>(contexts.study2(row.id, revision ?? 0), row.v, row.payload);
}

/** Seals a study record at a new revision, recorded in `ledger` (written back by the caller). */
export function sealStudyRow(
	s: VaultSession,
	ledger: LedgerRecord,
	id: string,
	record: unknown
): StudyRow {
	const revision = takeRevision(ledger);
	ledger.studies[id] = revision;
	return { id, v: ROW_VERSION, payload: s.sealRecord(contexts.study2(id, revision), record) };
}

/** Same as openStudyRow, for a sealed meta row. */
export function openMetaRow<T extends { v: number }>(
	s: VaultSession,
	row: SettingsRow,
	ledger: LedgerRecord | null,
	newest = 1
): T {
	const name = row.id as MetaName;
	const revision = ledger?.meta[name];
	if (row.v < ROW_VERSION) {
		if (revision !== undefined && name !== 'settings')
			throw new VaultError('tampered', `${name} row of format 1`);
		return s.openRecord<T>(contexts[name], row.v, row.payload, newest);
	}
	if (row.v === ROW_VERSION && revision === undefined)
		throw new VaultError('tampered', `${name} not in the ledger`);
	return s.openRecord<T>(contexts.meta(name, revision ?? 0), row.v, row.payload, newest);
}

export function sealMetaRow(
	s: VaultSession,
	ledger: LedgerRecord,
	name: MetaName,
	record: unknown
): SettingsRow {
	const revision = takeRevision(ledger);
	ledger.meta[name] = revision;
	return { id: name, v: ROW_VERSION, payload: s.sealRecord(contexts.meta(name, revision), record) };
}

/**
 * Reads a sealed meta row with the ledger, in one transaction, and opens it; undefined when there is none.
 * Writing one: `putMetaRecord`.
 */
export async function getMetaRecord<T extends { v: number }>(
	db: RadfolioDb,
	s: VaultSession,
	name: MetaName,
	/** The newest format of this record its reader knows: a newer one is refused ('schema-too-new'). */
	newest = 1
): Promise<T | undefined> {
	const [row, ledger] = await db.transaction('r', db.meta, () =>
		Promise.all([db.meta.get(name), readLedger(db, s)])
	);
	if (!row || row.id !== name) return undefined;
	return openMetaRow<T>(s, row as SettingsRow, ledger, newest);
}

export async function putMetaRecord(
	db: RadfolioDb,
	s: VaultSession,
	name: MetaName,
	record: unknown
): Promise<void> {
	await db.transaction('rw', db.meta, async () => {
		const ledger = (await readLedger(db, s)) ?? newLedger(false);
		await db.meta.put(sealMetaRow(s, ledger, name, record));
		await writeLedger(db, s, ledger);
	});
}
