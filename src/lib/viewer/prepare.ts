import { codecFor, codecName } from '$lib/dicom';
import { CODEC_WASM } from './codec-assets';
import { ViewerError } from './errors';
import type { PrepareReply, PrepareRequest } from './prepare-protocol';

/**
 * Turns a stored file into what dwv decodes, in a decoding worker (prepare.worker.ts): compressed pixels that dwv
 * cannot decode, or decodes wrongly or slowly, become native pixels; headers dwv would refuse are adjusted (see
 * sanitizeForViewer). Returns a fresh, exactly-sized ArrayBuffer for dwv. A decode that makes no progress for
 * `stallMs` ends: its worker is terminated (the loop really stops) and the file gets a precise reason.
 */
export const STALL_MS = 20_000;

export interface PrepareOptions {
	/** How long one frame (or loading the codec) may take before the decode is abandoned. */
	stallMs?: number;
}

interface Job {
	request: PrepareRequest;
	transfer: Transferable[];
	stallMs: number;
	resolve(buffer: ArrayBuffer): void;
	reject(error: Error): void;
}

interface Slot {
	worker: Worker;
	job: Job | null;
	timer: ReturnType<typeof setTimeout> | null;
	frame: { done: number; total: number };
}

/** Two cores are common on phones: leave one to the page. */
const POOL_SIZE = Math.max(1, Math.min(3, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));
const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

function what(transferSyntax: string): string {
	const codec = codecFor(transferSyntax);
	return codec ? `its ${codecName(codec)} pixels` : 'its pixels';
}

function stallReason(slot: Slot, job: Job): string {
	const seconds = job.stallMs / 1000;
	const { done, total } = slot.frame;
	const where =
		total > 1
			? `frame ${done + 1} of ${total}`
			: total === 1
				? 'its one frame'
				: codecFor(job.request.transferSyntax)
					? 'loading the decoder'
					: 'reading its header and pixels';
	return `decoding ${what(job.request.transferSyntax)} stopped: ${where} did not finish within ${seconds} s`;
}

function spawn(): Slot {
	const worker = new Worker(new URL('./prepare.worker.ts', import.meta.url), { type: 'module' });
	const slot: Slot = { worker, job: null, timer: null, frame: { done: 0, total: 0 } };
	worker.onmessage = (event: MessageEvent<PrepareReply>) => {
		const job = slot.job;
		const reply = event.data;
		if (!job || reply.id !== job.request.id) return;
		if (reply.type === 'progress') {
			slot.frame = { done: reply.done, total: reply.total };
			arm(slot, job);
			return;
		}
		finish(slot);
		if (reply.type === 'done') job.resolve(reply.buffer);
		else job.reject(new ViewerError('decode-failed', reply.message));
	};
	// The worker itself failed (its script did not load, it ran out of memory): retire it.
	worker.onerror = (event) => {
		event.preventDefault();
		const job = slot.job;
		retire(slot);
		job?.reject(
			new ViewerError(
				'decode-failed',
				`the decoder stopped unexpectedly (${event.message || 'no detail'})`
			)
		);
	};
	slots.push(slot);
	return slot;
}

function arm(slot: Slot, job: Job) {
	if (slot.timer) clearTimeout(slot.timer);
	slot.timer = setTimeout(() => {
		const reason = stallReason(slot, job);
		retire(slot);
		job.reject(new ViewerError('decode-stalled', reason));
	}, job.stallMs);
}

/** Ends a worker for good: terminate() stops whatever loop it is in. */
function retire(slot: Slot) {
	if (slot.timer) clearTimeout(slot.timer);
	slot.worker.terminate();
	slots.splice(slots.indexOf(slot), 1);
	slot.job = null;
	pump();
}

function finish(slot: Slot) {
	if (slot.timer) clearTimeout(slot.timer);
	slot.timer = null;
	slot.job = null;
	pump();
}

function pump() {
	while (queue.length) {
		const slot = slots.find((s) => !s.job) ?? (slots.length < POOL_SIZE ? spawn() : undefined);
		if (!slot) return;
		const job = queue.shift()!;
		slot.job = job;
		slot.frame = { done: 0, total: 0 };
		arm(slot, job);
		slot.worker.postMessage(job.request, job.transfer);
	}
}

export function prepareForViewer(
	bytes: Uint8Array,
	transferSyntax: string,
	options: PrepareOptions = {}
): Promise<ArrayBuffer> {
	// One copy into the worker: a view of part of a larger buffer is copied out and moved, a whole buffer is
	// cloned (the caller keeps its bytes either way).
	const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
	const own = whole ? bytes : bytes.slice();
	const codec = codecFor(transferSyntax);
	return new Promise((resolve, reject) => {
		queue.push({
			request: {
				id: nextId++,
				bytes: own,
				transferSyntax,
				wasmUrl: codec ? CODEC_WASM[codec] : undefined
			},
			transfer: whole ? [] : [own.buffer],
			stallMs: options.stallMs ?? STALL_MS,
			resolve,
			reject
		});
		pump();
	});
}
