import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mutationsOf, zipCases, type FuzzCase } from './mutate';
import type { Outcome, Reply } from './drive';

/**
 * The parser fuzzer's driver (run by scripts/fuzz-dicom.js, which bundles this and worker.ts): seeds → mutated
 * cases → one worker thread at a time, each input under a time limit and a memory limit. An input that runs past
 * its CPU time is a hang (the worker is ended and replaced); one that allocates far more than its size could justify,
 * or kills its worker, is a memory failure; a thrown JavaScript error (or a refusal whose detail is one) is a leak.
 * Failures are grouped into classes by stage and message shape, with one reproducing input saved per class.
 */
export interface FuzzOptions {
	root: string;
	seedDirs: string[];
	seed: number;
	/** Randomised mutations per seed and per kind. */
	budget: number;
	timeoutMs: number;
	/** Worker heap limit (MB): a runaway heap ends the worker instead of the machine. */
	heapMb: number;
	/** An allocation above max(this, 64 × the input's size) is a failure (a length trusted before checking). */
	allocationLimit: number;
	out: string;
	workerPath: string;
	maxCases?: number;
	only?: RegExp;
}

interface Failure {
	class: string;
	name: string;
	path: string;
	detail: string;
}

function seedsFrom(dirs: string[]): { name: string; bytes: Uint8Array }[] {
	const seeds: { name: string; bytes: Uint8Array }[] = [];
	const walk = (dir: string, base: string) => {
		for (const entry of readdirSync(dir).sort()) {
			const full = join(dir, entry);
			const stat = statSync(full);
			if (stat.isDirectory()) walk(full, base);
			// Seeds up to 4 MB: each mutation copies the file, and the time limit is per input.
			else if (
				stat.size > 132 &&
				stat.size <= 4 * 1024 * 1024 &&
				!/\.(tsv|md|py|mjs|json|txt|gz|bz2|xz|zip)$/i.test(entry)
			) {
				seeds.push({ name: relative(base, full), bytes: new Uint8Array(readFileSync(full)) });
			}
		}
	};
	for (const dir of dirs) if (existsSync(dir)) walk(dir, join(dir, '..'));
	return seeds;
}

const shape = (text: string) =>
	text
		.replace(/\d+/g, 'N')
		.replace(/x[0-9a-f]{8}/gi, 'xTAG')
		.replace(/'[^']*'/g, "'…'")
		.slice(0, 140);

/**
 * CPU time an input may take: the limit, plus a millisecond per KB, plus three times what the intact seed took
 * (a 3 MB JPEG lossless mammogram takes dwv's decoder over ten seconds whole). The intact seed itself gets ten
 * times the base. The import alone must keep to the limit.
 */
const seedCost = new Map<string, number>();
const seedOf = (c: FuzzCase) => c.name.slice(0, c.name.indexOf('#'));
const limitFor = (c: FuzzCase, options: FuzzOptions) =>
	c.name.endsWith('#intact')
		? 10 * (options.timeoutMs + c.bytes.length / 1000)
		: options.timeoutMs + c.bytes.length / 1000 + 3 * (seedCost.get(seedOf(c)) ?? 0);

class Runner {
	#worker: Worker | null = null;
	#ready: Promise<void> | null = null;
	#pending: { resolve(r: Reply | { dead: string }): void } | null = null;
	/** The stage the worker said it entered last (see worker.ts enter()). */
	stage = '';
	constructor(private readonly options: FuzzOptions) {}

	#spawn() {
		const worker = new Worker(this.options.workerPath, {
			resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: 64 }
		});
		this.#worker = worker;
		this.#ready = new Promise((resolve, reject) => {
			worker.once('message', () => resolve());
			worker.once('error', reject);
		});
		worker.on('message', (m: Reply | { stage: string }) => {
			if ('id' in m) this.#pending?.resolve(m);
			else if ('stage' in m) this.stage = m.stage;
		});
		worker.on('error', (error) =>
			this.#pending?.resolve({ dead: `${error.name}: ${error.message}` })
		);
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#worker = null;
			this.#pending?.resolve({ dead: `worker exited (${code})` });
		});
	}

	/**
	 * Runs one case. The limit is CPU time, not wall time: niced under a full test suite on two shared cores, a
	 * one-second decode can take twenty seconds of wall time. The process's CPU time (its main thread idles while
	 * the worker runs) is checked whenever the wall-clock limit passes; a case is a hang once it has used its limit
	 * of CPU, or twenty times the limit of wall time.
	 */
	async run(
		c: FuzzCase,
		id: number
	): Promise<Reply | { dead: string } | { hang: number; stage?: string }> {
		return this.#once(c, id, limitFor(c, this.options));
	}

	async #once(
		c: FuzzCase,
		id: number,
		limit: number
	): Promise<Reply | { dead: string } | { hang: number; stage?: string }> {
		if (!this.#worker) this.#spawn();
		await this.#ready;
		const worker = this.#worker!;
		const answer = new Promise<Reply | { dead: string }>(
			(resolve) => (this.#pending = { resolve })
		);
		const started = performance.now();
		worker.postMessage({ id, path: c.path, bytes: c.bytes });
		const cpu = process.cpuUsage();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<{ hang: number }>((resolve) => {
			const check = () => {
				const used = process.cpuUsage(cpu);
				const cpuMs = (used.user + used.system) / 1000;
				const wall = performance.now() - started;
				if (cpuMs >= limit || wall >= 20 * limit) resolve({ hang: cpuMs });
				else timer = setTimeout(check, Math.max(50, limit - cpuMs));
			};
			timer = setTimeout(check, limit);
		});
		this.stage = '';
		const result = await Promise.race([answer, timeout]);
		clearTimeout(timer);
		this.#pending = null;
		if (!('id' in result)) {
			this.#worker = null;
			await worker.terminate();
		}
		return result;
	}

	async close() {
		await this.#worker?.terminate();
	}
}

function classify(
	c: FuzzCase,
	result: Reply | { dead: string } | { hang: number; stage?: string },
	options: FuzzOptions
): Failure[] {
	const failure = (klass: string, detail: string): Failure => ({
		class: klass,
		name: c.name,
		path: c.path,
		detail
	});
	if ('hang' in result)
		return [
			failure(
				`hang in ${result.stage}`,
				`no answer after ${Math.round(result.hang)} ms of CPU (limit ${Math.round(limitFor(c, options))})`
			)
		];
	if ('dead' in result) return [failure(`crash: ${shape(result.dead)}`, result.dead)];
	const failures: Failure[] = [];
	if (result.importMs > options.timeoutMs) {
		failures.push(failure('slow import', `import took ${Math.round(result.importMs)} ms`));
	}
	const limit = Math.max(options.allocationLimit, 64 * c.bytes.length);
	if (result.maxAllocation > limit) {
		failures.push(
			failure(
				'memory: allocation far beyond the input',
				`${result.maxAllocation} bytes for a ${c.bytes.length}-byte input`
			)
		);
	}
	for (const o of result.outcomes as Outcome[]) {
		if (o.kind !== 'leak') continue;
		const where =
			o.stack
				?.split('\n')
				.find((l) => /src\/lib|node_modules/.test(l))
				?.trim() ?? '';
		failures.push(
			failure(`leak ${o.stage}: ${o.name}: ${shape(o.message)}`, `${o.message} ${where}`)
		);
	}
	return failures;
}

export async function fuzz(options: FuzzOptions) {
	mkdirSync(options.out, { recursive: true });
	const seeds = seedsFrom(options.seedDirs);
	const runner = new Runner(options);
	const classes = new Map<string, { count: number; first: Failure }>();
	const outcomes = { ok: 0, refused: 0, failed: 0 };
	const refusals = new Map<string, number>();
	let id = 0;
	let slowest = { ms: 0, name: '' };
	const started = performance.now();
	const all = function* () {
		for (const [i, seed] of seeds.entries()) {
			yield* mutationsOf(seed.name, seed.bytes, { seed: options.seed + i, budget: options.budget });
		}
		yield* zipCases(
			seeds.filter((s) => s.bytes.length < 600_000),
			options.seed
		);
	};
	/** Written every 500 inputs too, so a run stopped early still says what it found. */
	const summarise = () => {
		const summary = {
			seeds: seeds.length,
			inputs: id,
			...outcomes,
			seconds: Math.round((performance.now() - started) / 1000),
			slowest,
			classes: [...classes].map(([k, v]) => ({
				class: k,
				count: v.count,
				example: v.first.name,
				detail: v.first.detail.slice(0, 400)
			})),
			refusals: Object.fromEntries([...refusals].sort((a, b) => b[1] - a[1]))
		};
		writeFileSync(join(options.out, 'summary.json'), JSON.stringify(summary, null, 1));
		return summary;
	};
	for (const c of all()) {
		if (options.only && !options.only.test(c.name)) continue;
		if (options.maxCases !== undefined && id >= options.maxCases) break;
		id++;
		const result = await runner.run(c, id);
		if (c.name.endsWith('#intact') && 'cpuMs' in result) seedCost.set(seedOf(c), result.cpuMs);
		if ('hang' in result) result.stage = runner.stage;
		else if ('dead' in result) result.dead = `${result.dead} in ${runner.stage}`;
		if ('ms' in result && result.ms > slowest.ms) slowest = { ms: result.ms, name: c.name };
		const failures = classify(c, result, options);
		if (failures.length) outcomes.failed++;
		else if ('outcomes' in result && result.outcomes.some((o) => o.kind === 'refused'))
			outcomes.refused++;
		else outcomes.ok++;
		if ('outcomes' in result) {
			for (const o of result.outcomes)
				if (o.kind === 'refused')
					refusals.set(
						`${o.stage} ${o.code}: ${shape(o.detail)}`,
						(refusals.get(`${o.stage} ${o.code}: ${shape(o.detail)}`) ?? 0) + 1
					);
		}
		for (const f of failures) {
			const known = classes.get(f.class);
			if (known) known.count++;
			else {
				classes.set(f.class, { count: 1, first: f });
				const file = join(options.out, `class-${classes.size}.bin`);
				writeFileSync(file, c.bytes);
				console.log(
					`NEW CLASS ${classes.size}: ${f.class}\n    ${f.name}\n    ${f.detail.slice(0, 300)}\n    saved ${file}`
				);
			}
		}
		if (id % 500 === 0) summarise();
		if (id % 500 === 0)
			console.log(
				`… ${id} inputs, ${classes.size} classes, ${((performance.now() - started) / 1000).toFixed(0)} s`
			);
	}
	await runner.close();
	return summarise();
}
