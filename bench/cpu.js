// Where a measured run spends the machine's CPU. On this 2-core machine several benchmarks are CPU-bound: the page,
// its crypto workers, Chromium's storage and network services, the app server and Orthanc all share two cores. A
// run that keeps both cores busy cannot finish faster than (CPU-seconds it needs) ÷ (cores), whatever its code
// overlaps; this meter measures that bound in the same run as the wall time, and names who used the CPU.
//
// Linux only (/proc). Total busy time comes from /proc/stat (user + nice + system + irq + softirq of every core,
// so work of processes that exit within the interval counts too); the parts come from each thread's
// utime + stime in /proc/<pid>/task/<tid>/stat, grouped by what the process is.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICK = 100; // USER_HZ: clock ticks per second of /proc times on Linux.

function machineBusyTicks() {
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
	const [user, nice, system, , , irq, softirq] = fields.map(Number);
	return user + nice + system + irq + softirq;
}

/** What a process is, for the report: its kind from the command line, and for the page its thread. */
function partOf(cmdline, threadName, isMainThread) {
	if (cmdline.includes('chromium')) {
		if (cmdline.includes('--type=renderer')) {
			// Chromium's renderer main thread keeps the process's name ("chromium"); workers are named.
			if (isMainThread) return 'page main thread';
			if (threadName.startsWith('DedicatedWorker')) return 'page workers (crypto)';
			return 'page, other threads (V8 GC and compile, IPC)';
		}
		if (cmdline.includes('storage.mojom.StorageService')) return 'Chromium storage (IndexedDB)';
		if (cmdline.includes('network.mojom.NetworkService')) return 'Chromium network';
		if (cmdline.includes('--type=')) return 'Chromium, other processes';
		return 'Chromium browser process (blobs, IPC)';
	}
	if (/\bOrthanc\b/i.test(cmdline)) return 'Orthanc';
	if (cmdline.includes('scripts/start.js') || cmdline.includes('build/index.js'))
		return 'app server (Node)';
	if (cmdline.startsWith('curl')) return 'curl';
	return null; // the benchmark driver and everything else: counted in the total only
}

function threadTicks() {
	const out = new Map();
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		let cmdline;
		let tids;
		try {
			cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
			tids = readdirSync(`/proc/${pid}/task`);
		} catch {
			continue; // exited meanwhile
		}
		if (!cmdline) continue;
		for (const tid of tids) {
			try {
				const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const close = stat.lastIndexOf(')');
				const name = stat.slice(stat.indexOf('(') + 1, close);
				const part = partOf(cmdline, name, tid === pid);
				if (!part) continue;
				const fields = stat.slice(close + 2).split(' ');
				// Fields after the name start at state (3rd of stat(5)): utime is the 14th, stime the 15th.
				out.set(`${pid}/${tid}`, { part, ticks: Number(fields[11]) + Number(fields[12]) });
			} catch {
				// the thread ended meanwhile
			}
		}
	}
	return out;
}

/**
 * Starts measuring; `stop()` returns CPU-seconds used since: `total` (the whole machine) and `parts` (by who).
 * Threads that exist only at the end count from zero (they started within the interval).
 */
export function cpuMeter() {
	const busy = machineBusyTicks();
	const threads = threadTicks();
	return {
		stop() {
			const total = (machineBusyTicks() - busy) / TICK;
			const parts = {};
			for (const [key, { part, ticks }] of threadTicks()) {
				const used = (ticks - (threads.get(key)?.ticks ?? 0)) / TICK;
				if (used > 0) parts[part] = (parts[part] ?? 0) + used;
			}
			const named = Object.values(parts).reduce((n, s) => n + s, 0);
			if (total - named > 0.01) parts['other (driver, system)'] = total - named;
			return { total, parts };
		}
	};
}

/** Runs `fn` (which returns the measured milliseconds) under a meter: `{ ms, cpu }` for the harness. */
export async function metered(fn) {
	const meter = cpuMeter();
	const ms = await fn();
	return { ms, cpu: meter.stop() };
}

export const CORES = cpus().length;
