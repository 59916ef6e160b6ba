import { parentPort } from 'node:worker_threads';
import { handle, importMs, onStage, outcomeOf, type Reply } from './drive';

/**
 * One fuzz worker thread (scripts/fuzz-dicom.js): runs one input at a time through drive.ts and answers with its
 * outcomes and the largest single buffer allocated; it reports each stage it enters, so the main thread, which
 * times every input and ends this worker when one runs too long, can say where it hung.
 */
// dwv logs every oddity it meets ("Badly sized pixel buffer"): thousands of lines for a fuzz run.
if (parentPort) console.log = console.warn = console.info = console.debug = () => {};

/** The largest ArrayBuffer asked for while an input runs (a trusted length shows up as a huge one). */
let maxAllocation = 0;
const note = (n: unknown) => {
	if (typeof n === 'number' && n > maxAllocation) maxAllocation = n;
};
const OriginalArrayBuffer = ArrayBuffer;
globalThis.ArrayBuffer = new Proxy(OriginalArrayBuffer, {
	construct(target, args, newTarget) {
		note(args[0]);
		return Reflect.construct(target, args, newTarget) as object;
	}
});
for (const name of [
	'Uint8Array',
	'Int16Array',
	'Uint16Array',
	'Float32Array',
	'Uint32Array'
] as const) {
	const Original = globalThis[name] as unknown as { BYTES_PER_ELEMENT: number } & (new (
		...args: unknown[]
	) => object);
	(globalThis as Record<string, unknown>)[name] = new Proxy(Original, {
		construct(target, args, newTarget) {
			if (typeof args[0] === 'number') note(args[0] * Original.BYTES_PER_ELEMENT);
			return Reflect.construct(target, args, newTarget) as object;
		}
	});
}

onStage((stage) => parentPort?.postMessage({ stage }));

if (parentPort)
	parentPort.on('message', (message: { id: number; path: string; bytes: Uint8Array }) => {
		maxAllocation = 0;
		const started = performance.now();
		const cpu = process.cpuUsage();
		const cpuMs = () => {
			const used = process.cpuUsage(cpu);
			return (used.user + used.system) / 1000;
		};
		handle(message.path, message.bytes).then(
			(outcomes) =>
				parentPort!.postMessage({
					id: message.id,
					outcomes,
					maxAllocation,
					importMs,
					ms: performance.now() - started,
					cpuMs: cpuMs()
				} satisfies Reply),
			(error: unknown) =>
				parentPort!.postMessage({
					id: message.id,
					outcomes: [outcomeOf('harness', error)],
					maxAllocation,
					importMs,
					ms: performance.now() - started,
					cpuMs: cpuMs()
				} satisfies Reply)
		);
	});
parentPort?.postMessage({ ready: true });
