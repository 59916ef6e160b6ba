// The benchmark harness: runs measure pairs (Radfolio vs a raw baseline) alternately, several times, in one run,
// and reports medians and the ratio per pair. Ratios hold on a noisy shared machine; absolute times move.
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORES } from './cpu.js';

/**
 * Whether a row is picked by `--only` (comma-separated ids): its own id, or an id it extends with a dash — "P6"
 * picks P6-import and P6-view, "P10" picks P10-2048 but not P10t-2048, "P1" does not pick P10.
 */
export function pickedBy(only, id) {
	return !only || only.split(',').some((o) => id === o || id.startsWith(`${o}-`));
}

export const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * @typedef {{ id: string, title: string, target: number, unit?: string,
 *   setup?: () => Promise<void>, teardown?: () => Promise<void>,
 *   radfolio: (rep: number) => Promise<number>, baseline: (rep: number) => Promise<number>,
 *   bound?: { title: string, measure: (rep: number) => Promise<number> },
 *   extra?: { id: string, title: string, unit?: string, measure: (rep: number) => Promise<number> }[] }} Pair
 *
 * `extra` are figures measured alongside in the same page (e.g. a floor under another measure), reported as a row
 * of its own with no target.
 *
 * `bound` measures a floor under the Radfolio side that no code change short of a different design can pass
 * (e.g. the vault's crypto alone, with no storage); the table shows it next to the baseline.
 *
 * A side may return `{ ms, cpu }` instead of milliseconds, `cpu` from bench/cpu.js's meter around the same timed
 * region: the table then shows the CPU-seconds each side used, by whom, and the CPU bound (CPU-seconds ÷ cores).
 */

/** The rep whose time is the median one, with its CPU figures. */
function medianRun(runs) {
	const sorted = [...runs].sort((x, y) => x.ms - y.ms);
	return sorted[(sorted.length - 1) >> 1];
}

/** Runs each pair `reps` times, alternating which side goes first, and returns one row per pair. */
export async function runPairs(/** @type {Pair[]} */ pairs, reps) {
	const rows = [];
	for (const pair of pairs) {
		console.log(`\n${pair.id} ${pair.title}`);
		const a = [];
		const b = [];
		const ratios = [];
		const bounds = [];
		const extras = (pair.extra ?? []).map(() => []);
		const cpuRuns = [];
		try {
			await pair.setup?.();
			for (let rep = 0; rep < reps; rep++) {
				let ra;
				let rb;
				const run = async (side) => {
					const out = await side(rep);
					return typeof out === 'number' ? { ms: out, cpu: null } : out;
				};
				if (rep % 2 === 0) {
					ra = await run(pair.radfolio);
					rb = await run(pair.baseline);
				} else {
					rb = await run(pair.baseline);
					ra = await run(pair.radfolio);
				}
				if (ra.cpu && rb.cpu) cpuRuns.push({ a: ra, b: rb });
				ra = ra.ms;
				rb = rb.ms;
				a.push(ra);
				b.push(rb);
				ratios.push(ra / rb);
				const bound = pair.bound ? await pair.bound.measure(rep) : null;
				for (const [k, extra] of (pair.extra ?? []).entries())
					extras[k].push(await extra.measure(rep));
				if (bound !== null) bounds.push(bound);
				console.log(
					`  rep ${rep + 1}: radfolio ${ra.toFixed(0)} ms, baseline ${rb.toFixed(0)} ms, ratio ${(ra / rb).toFixed(2)}` +
						(bound === null ? '' : `; ${pair.bound.title} ${bound.toFixed(0)} ms`)
				);
			}
		} finally {
			await pair.teardown?.();
		}
		const ratio = median(ratios);
		const cpuA = cpuRuns.length ? medianRun(cpuRuns.map((r) => r.a)) : null;
		const cpuB = cpuRuns.length ? medianRun(cpuRuns.map((r) => r.b)) : null;
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
			...(bounds.length
				? {
						bound: {
							title: pair.bound.title,
							ms: median(bounds),
							ratio: median(bounds) / median(b)
						}
					}
				: {}),
			...(cpuA
				? {
						cpu: {
							cores: CORES,
							radfolio: { ms: cpuA.ms, ...cpuA.cpu },
							baseline: { ms: cpuB.ms, ...cpuB.cpu },
							// Radfolio's CPU spread perfectly over every core, against the baseline's median time.
							boundRatio: cpuA.cpu.total / CORES / (median(b) / 1000)
						}
					}
				: {}),
			reps
		});
		for (const [k, extra] of (pair.extra ?? []).entries()) {
			const values = extras[k];
			if (!values.length) continue;
			rows.push({
				id: extra.id,
				title: extra.title,
				value: median(values),
				min: Math.min(...values),
				max: Math.max(...values),
				unit: extra.unit ?? 'ms',
				target: null,
				pass: true,
				reps
			});
		}
	}
	return rows;
}

/**
 * @typedef {{ id: string, title: string, target: number, unit: string, setup?: () => Promise<void>,
 *   teardown?: () => Promise<void>, measure: (rep: number) => Promise<number>, reps?: number }} Single
 */

/** Measures with an absolute target and no baseline (bytes, MiB, ms): the median of `reps` runs. */
export async function runSingles(/** @type {Single[]} */ singles, reps) {
	const rows = [];
	for (const single of singles) {
		console.log(`\n${single.id} ${single.title}`);
		const values = [];
		try {
			await single.setup?.();
			// A measure may pin its own count (P6 imports a whole GiB once).
			for (let rep = 0; rep < (single.reps ?? reps); rep++) {
				values.push(await single.measure(rep));
				console.log(`  rep ${rep + 1}: ${values.at(-1).toFixed(1)} ${single.unit}`);
			}
		} finally {
			await single.teardown?.();
		}
		const value = median(values);
		rows.push({
			id: single.id,
			title: single.title,
			value,
			min: Math.min(...values),
			max: Math.max(...values),
			unit: single.unit,
			target: single.target,
			pass: value <= single.target,
			reps: single.reps ?? reps
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
		if (r.unit) {
			lines.push(
				`| ${r.id} | ${r.title} | ${r.value.toFixed(1)} ${r.unit} [${r.min.toFixed(1)}–${r.max.toFixed(1)}] | — | — | ${r.target === null ? '—' : `≤ ${r.target} ${r.unit}`} | ${r.target === null ? 'info' : r.pass ? 'pass' : 'FAIL'} |`
			);
			continue;
		}
		lines.push(
			`| ${r.id} | ${r.title} | ${r.radfolioMs.toFixed(0)} ms | ${r.baselineMs.toFixed(0)} ms | ${r.ratio.toFixed(2)} [${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}] | ≤ ${r.target}x | ${r.pass ? 'pass' : 'FAIL'} |`
		);
	}
	const bounds = rows.filter((r) => r.bound);
	if (bounds.length) {
		lines.push(
			'',
			'| # | floor under the Radfolio side | median | floor / baseline |',
			'|---|---|---|---|'
		);
		for (const r of bounds)
			lines.push(
				`| ${r.id} | ${r.bound.title} | ${r.bound.ms.toFixed(0)} ms | ${r.bound.ratio.toFixed(2)} |`
			);
	}
	const metered = rows.filter((r) => r.cpu);
	if (metered.length) {
		lines.push(
			'',
			`| # | CPU-seconds used, Radfolio (its median run) | of which | baseline | Radfolio's CPU ÷ ${metered[0].cpu.cores} cores | that / baseline time |`,
			'|---|---|---|---|---|---|'
		);
		for (const r of metered) {
			const { radfolio: ra, baseline: rb } = r.cpu;
			const parts = Object.entries(ra.parts)
				.sort((x, y) => y[1] - x[1])
				.filter(([, s]) => s >= 0.02)
				.map(([name, s]) => `${name} ${s.toFixed(2)}`)
				.join('; ');
			lines.push(
				`| ${r.id} | ${ra.total.toFixed(2)} s in ${(ra.ms / 1000).toFixed(2)} s (${((100 * ra.total) / (r.cpu.cores * (ra.ms / 1000))).toFixed(0)}% of the machine) | ${parts} | ${rb.total.toFixed(2)} s in ${(rb.ms / 1000).toFixed(2)} s | ${((ra.total / r.cpu.cores) * 1000).toFixed(0)} ms | ${r.cpu.boundRatio.toFixed(2)} |`
			);
		}
	}
	return lines.join('\n');
}

/**
 * Writes the table as Markdown and JSON. A run of some measures (`--only`) replaces those rows and keeps the
 * others from the last full run, each row with the date and machine load of the run that measured it.
 */
export function writeResults(dir, rows, extra = {}) {
	mkdirSync(dir, { recursive: true });
	const info = { date: new Date().toISOString(), machine: machine(), ...extra };
	const file = join(dir, 'latest.json');
	const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { rows: [] };
	const stamped = rows.map((r) => ({ ...r, at: info.date, loadavg: info.machine.loadavg }));
	const merged = [
		...stamped,
		...(previous.rows ?? [])
			.filter((r) => !rows.some((n) => n.id === r.id))
			.map((r) => ({ at: previous.date, loadavg: previous.machine?.loadavg, ...r }))
	].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
	writeFileSync(file, JSON.stringify({ ...info, rows: merged }, null, 1) + '\n');
	// One line per run that measured some of the rows.
	const byRun = new Map();
	for (const r of merged) {
		const key = `${r.at} (load ${(r.loadavg ?? []).join(' ')})`;
		byRun.set(key, [...(byRun.get(key) ?? []), r.id]);
	}
	const runs = [...byRun].map(([run, ids]) => `${ids.join(', ')}: ${run}`);
	const md = `# Radfolio benchmarks\n\n${info.machine.cores} cores (${info.machine.cpu}) · Node ${info.machine.node} · \`npm run bench\`\n\n${table(merged)}\n\nMeasured: ${runs.join('; ')}.\n`;
	writeFileSync(join(dir, 'latest.md'), md);
}
