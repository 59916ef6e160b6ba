import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One row of the reliability table (`npm run test:reliability` prints them all). Checks write their row when
 * RELIABILITY_REPORT names a directory; under plain `npm test` they only assert.
 */
export interface ReliabilityRow {
	check: string;
	cases: number;
	passed: number;
	/** Studies or instances that were stored before and could not be read back after (must be 0). */
	lost: number;
	notes?: string;
}

export const RELIABILITY_SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE) || 1);

export function reportRow(id: string, row: ReliabilityRow) {
	const dir = process.env.RELIABILITY_REPORT;
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${id}.json`), JSON.stringify({ id, ...row }));
}
