// The benchmark harness: runs measure pairs (Radfolio vs a raw baseline) alternately, several times, in one run,
// and reports medians and the ratio per pair. Ratios hold on a noisy shared machine; absolute times move.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * @typedef {{ id: string, title: string, target: number, unit?: string,
 *   setup?: () => Promise<void>, teardown?: () => Promise<void>,
 *   radfolio: (rep: number) => Promise<number>, baseline: (rep: number) => Promise<number> }} Pair
 */

/** Runs each pair `reps` times, alternating which side goes first, and returns one row per pair. */
export async function runPairs(/** @type {Pair[]} */ pairs, reps) {
	const rows = [];
	for (const pair of pairs) {
		console.log(`\n${pair.id} ${pair.title}`);
		const a = [];
		const b = [];
		const ratios = [];
		try {
			await pair.setup?.();
			for (let rep = 0; rep < reps; rep++) {
				let ra;
				let rb;
				if (rep % 2 === 0) {
					ra = await pair.radfolio(rep);
					rb = await pair.baseline(rep);
				} else {
					rb = await pair.baseline(rep);
					ra = await pair.radfolio(rep);
				}
				a.push(ra);
				b.push(rb);
				ratios.push(ra / rb);
				console.log(
					`  rep ${rep + 1}: radfolio ${ra.toFixed(0)} ms, baseline ${rb.toFixed(0)} ms, ratio ${(ra / rb).toFixed(2)}`
				);
			}
		} finally {
			await pair.teardown?.();
		}
		const ratio = median(ratios);
		rows.push({
			id: pair.id,
			title: pair.title,
			radfolioMs: median(a),
			baselineMs: median(b),
			ratio,
			ratioMin: Math.min(...ratios),
			ratioMax: Math.max(...ratios),
			target: pair.target,
			pass: ratio <= pair.target,
			reps
		});
	}
	return rows;
}

export function machine() {
	return {
		cores: cpus().length,
		cpu: cpus()[0]?.model ?? 'unknown',
		loadavg: loadavg().map((l) => +l.toFixed(2)),
		node: process.version
	};
}

export function table(rows) {
	const header =
		'| # | measure | Radfolio median | baseline median | ratio median [min–max] | target | result |';
	const lines = [header, '|---|---|---|---|---|---|---|'];
	for (const r of rows) {
		lines.push(
			`| ${r.id} | ${r.title} | ${r.radfolioMs.toFixed(0)} ms | ${r.baselineMs.toFixed(0)} ms | ${r.ratio.toFixed(2)} [${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}] | ≤ ${r.target}x | ${r.pass ? 'pass' : 'FAIL'} |`
		);
	}
	return lines.join('\n');
}

export function writeResults(dir, rows, extra = {}) {
	mkdirSync(dir, { recursive: true });
	const info = { date: new Date().toISOString(), machine: machine(), ...extra };
	writeFileSync(join(dir, 'latest.json'), JSON.stringify({ ...info, rows }, null, 1) + '\n');
	const md = `# Radfolio benchmarks\n\n${info.date} · ${info.machine.cores} cores (${info.machine.cpu}) · load ${info.machine.loadavg.join(' ')} · Node ${info.machine.node}\n\n${table(rows)}\n`;
	writeFileSync(join(dir, 'latest.md'), md);
}
