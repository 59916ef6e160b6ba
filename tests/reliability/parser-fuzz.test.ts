import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { handle, type Outcome } from '../fuzz/drive';
import { mutationsOf, type FuzzCase } from '../fuzz/mutate';
import { RELIABILITY_SCALE, reportRow } from './report';

/**
 * R1, the parser fuzzer's smoke run: a slice of scripts/fuzz-dicom.js's mutations of the committed class files
 * (the fuzz-*.fuzz files it found among them), driven in-process through the same code (tests/fuzz/drive.ts: import,
 * viewer preparation, dwv, de-identification, report and dose readers). No input may leak a JavaScript error's
 * text or take longer than a hang would. The full run, with time and memory limits per input in a worker
 * thread and the public corpus as seeds, is `nice -n 19 node scripts/fuzz-dicom.js`.
 */
const CLASSES = join(import.meta.dirname, '../fixtures/classes');
/**
 * Wall time, in-process (no CPU clock per thread on Node 20): about 1 s at most on a quiet machine, but a full
 * suite on two shared cores has slowed one input past 4 s. The hangs the fuzzer found took 20 s to minutes.
 */
const PER_INPUT_MS = 15_000;

function sample(): FuzzCase[] {
	const seeds = readdirSync(CLASSES)
		.filter((n) => /\.(dcm|fuzz)$/.test(n) && statSync(join(CLASSES, n)).size < 64 * 1024)
		.sort();
	const cases: FuzzCase[] = [];
	const perSeed = 6 * RELIABILITY_SCALE;
	seeds.forEach((name, i) => {
		const all = [
			...mutationsOf(`classes/${name}`, new Uint8Array(readFileSync(join(CLASSES, name))), {
				seed: 20261207 + i,
				budget: 2
			})
		];
		// Spread over the kinds of mutation (truncation first, then flips, lengths, VRs, sequences, syntaxes …).
		const step = Math.max(1, Math.floor(all.length / perSeed));
		for (let k = 0; k < all.length && cases.length < (i + 1) * perSeed; k += step)
			cases.push(all[k]!);
	});
	return cases;
}

describe('R1: parser fuzz smoke', () => {
	it('mutated class files are read or refused with a reason, each in bounded time', async () => {
		// dwv logs every oddity of a damaged file ("Badly sized pixel buffer"): not this test's output.
		for (const level of ['log', 'warn', 'info'] as const) {
			vi.spyOn(console, level).mockImplementation(() => {});
		}
		const cases = sample();
		expect(cases.length).toBeGreaterThan(100);
		const leaks: string[] = [];
		let slowest = { ms: 0, name: '' };
		for (const c of cases) {
			const started = performance.now();
			const outcomes: Outcome[] = await handle(c.path, c.bytes);
			const ms = performance.now() - started;
			if (ms > slowest.ms) slowest = { ms, name: c.name };
			for (const o of outcomes) {
				if (o.kind === 'leak') leaks.push(`${c.name} (${o.stage}): ${o.name}: ${o.message}`);
			}
		}
		expect(leaks).toEqual([]);
		expect(slowest.ms, slowest.name).toBeLessThan(PER_INPUT_MS);
		reportRow('R1-fuzz', {
			check: 'R1 parser fuzz smoke (mutated class files through import, viewer, dwv, share)',
			cases: cases.length,
			passed: cases.length - leaks.length,
			lost: 0,
			notes: `slowest ${slowest.ms.toFixed(0)} ms (${slowest.name})`
		});
	}, 300_000);
});
