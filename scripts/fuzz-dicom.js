// The DICOM parser fuzzer: real files mutated (bit flips, truncation at every element boundary, absurd lengths,
// open and 10,000-deep sequences, VR changes, every claimed transfer syntax, fragment tables past the end, sizes
// claiming gigabytes, looping DICOMDIR offsets, zips claiming huge sizes) and driven through the app's own import
// and viewer-preparation code, each input under a time and memory limit (tests/fuzz/). Not part of `npm test`:
// the regressions it found are tests of their own. Run it niced, it takes both cores' spare time:
//
//   nice -n 19 node scripts/fuzz-dicom.js                       seeds: tests/fixtures/classes, pydicom's test
//                                                               files, ../shared/dicom when present
//   nice -n 19 node scripts/fuzz-dicom.js --budget 40 --seed 7  more mutations per seed, another seed
//   node scripts/fuzz-dicom.js --only 'zip' --max 200           cases whose name matches, at most 200
//
// Exit status 1 when any failure class was found; the summary and one input per class go to --out.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
	options: {
		seed: { type: 'string', default: '20261207' },
		budget: { type: 'string', default: '12' },
		timeout: { type: 'string', default: '2000' },
		max: { type: 'string' },
		only: { type: 'string' },
		out: { type: 'string', default: '/tmp/radfolio-fuzz' },
		seeds: { type: 'string', multiple: true }
	}
});

// Bundled with the app's own aliases so Node runs the TypeScript sources as they are; packages stay external and
// load from node_modules (the WASM codecs find their .wasm beside them).
const cache = join(root, 'node_modules/.cache/radfolio-fuzz');
mkdirSync(cache, { recursive: true });
await build({
	input: { main: join(root, 'tests/fuzz/main.ts'), worker: join(root, 'tests/fuzz/worker.ts') },
	cwd: root,
	resolve: { alias: { $lib: join(root, 'src/lib') } },
	external: (id) => !/^[./\0]|^\$lib/.test(id) && !id.startsWith(root),
	platform: 'node',
	output: { dir: cache, format: 'esm', entryFileNames: '[name].mjs' },
	logLevel: 'warn'
});

const { fuzz } = await import(pathToFileURL(join(cache, 'main.mjs')).href);
const summary = await fuzz({
	root,
	seedDirs: args.seeds?.map((s) => resolve(s)) ?? [
		join(root, 'tests/fixtures/classes'),
		'/usr/lib/python3/dist-packages/pydicom/data/test_files',
		join(root, '../shared/dicom')
	],
	seed: Number(args.seed),
	budget: Number(args.budget),
	timeoutMs: Number(args.timeout),
	heapMb: 768,
	allocationLimit: 256 * 1024 * 1024,
	out: args.out,
	workerPath: join(cache, 'worker.mjs'),
	maxCases: args.max ? Number(args.max) : undefined,
	only: args.only ? new RegExp(args.only) : undefined
});
const { refusals, ...rest } = summary;
console.log(JSON.stringify(rest, null, 1));
console.log(`${Object.keys(refusals).length} kinds of refusal (all in ${args.out}/summary.json)`);
process.exit(summary.classes.length ? 1 : 0);
