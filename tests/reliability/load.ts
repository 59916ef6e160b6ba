import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { asSharePart } from '../fixtures/share-header';

/**
 * R5: load on the real server. Relay: `clients` senders each upload a share of `shareBytes` at once (create, parts,
 * complete, as the app does: part 0 opens with a share-stream header), then every share is downloaded by its own
 * recipient, `clients` at once, with autocannon: each recipient starts an open first and downloads under its ticket,
 * and says it has everything after (neither is in the timed figures, which count the ciphertext's transfer only).
 * Gateway: autocannon runs `clients` concurrent WADO-RS retrieves of a whole study. The server's resident memory is
 * sampled throughout (/proc), so a server that buffered whole shares or studies would show.
 */
export interface LoadFigures {
	requests: number;
	errors: number;
	/** MB/s of payload moved. */
	throughput: number;
	p99ms: number;
}

export interface LoadResult {
	uploads: LoadFigures;
	downloads: LoadFigures;
	retrieves: LoadFigures | null;
	peakRssMiB: number;
	baseRssMiB: number;
}

const MiB = 1024 * 1024;

function rssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

export async function loadServer(options: {
	base: string;
	pid: number;
	clients: number;
	shareBytes: number;
	/** For the gateway: a patient token and one of the patient's study UIDs; null skips it. */
	gateway: { token: string; studyUid: string } | null;
}): Promise<LoadResult> {
	const { base, pid, clients, shareBytes } = options;
	const baseRssMiB = rssMiB(pid);
	let peakRssMiB = baseRssMiB;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peakRssMiB = Math.max(peakRssMiB, rssMiB(pid));
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	try {
		// Uploads: every sender at once, 8 MiB parts in order, as the app sends them.
		const partBytes = 8 * MiB;
		// What the relay takes: a share stream's header at the start of part 0.
		const payload = asSharePart(new Uint8Array(shareBytes).map((_, i) => (i * 131) & 255));
		const durations: number[] = [];
		let uploadErrors = 0;
		const started = performance.now();
		const shares = await Promise.all(
			Array.from({ length: clients }, async () => {
				const t0 = performance.now();
				try {
					const created = await fetch(`${base}/api/relay/shares`, {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({ expiresInSeconds: 3600, maxOpens: null })
					});
					if (created.status !== 201) throw new Error(`create ${created.status}`);
					const share = (await created.json()) as { id: string; ownerToken: string };
					const auth = { Authorization: `Bearer ${share.ownerToken}` };
					for (let i = 0; i * partBytes < shareBytes; i++) {
						const r = await fetch(`${base}/api/relay/shares/${share.id}/parts/${i}`, {
							method: 'PUT',
							headers: { ...auth, 'Content-Type': 'application/octet-stream' },
							body: payload.subarray(i * partBytes, (i + 1) * partBytes) as BodyInit
						});
						await r.arrayBuffer();
						if (!r.ok) throw new Error(`part ${r.status}`);
					}
					const done = await fetch(`${base}/api/relay/shares/${share.id}/complete`, {
						method: 'POST',
						headers: auth
					});
					if (!done.ok) throw new Error(`complete ${done.status}`);
					durations.push(performance.now() - t0);
					return share.id;
				} catch {
					uploadErrors++;
					return null;
				}
			})
		);
		const uploadSeconds = (performance.now() - started) / 1000;
		const uploads: LoadFigures = {
			requests: clients,
			errors: uploadErrors,
			throughput: (clients * shareBytes) / MiB / uploadSeconds,
			p99ms: percentile(durations, 99)
		};

		// Downloads: each share opened by one recipient, all at once, the counted way: an open started (its ticket),
		// the ciphertext downloaded under the ticket, then the open spent.
		const ids = shares.filter((id): id is string => !!id);
		let openErrors = 0;
		const opened = await Promise.all(
			ids.map(async (id) => {
				const r = await fetch(`${base}/api/relay/shares/${id}/open`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: '{}'
				}).catch(() => null);
				if (r?.status !== 201) {
					openErrors++;
					await r?.body?.cancel();
					return null;
				}
				return { id, ticket: ((await r.json()) as { ticket: string }).ticket };
			})
		);
		const tickets = opened.filter((o): o is { id: string; ticket: string } => !!o);
		let nextRecipient = 0;
		const downloadRun = tickets.length
			? await autocannon({
					url: base,
					connections: tickets.length,
					amount: tickets.length,
					timeout: 120,
					// autocannon starts every connection on its first request: each gets its own share and ticket here.
					setupClient: (client) => {
						const { id, ticket } = tickets[nextRecipient++ % tickets.length]!;
						client.setRequest({
							method: 'GET',
							path: `/api/relay/shares/${id}/blob`,
							headers: { Authorization: `Bearer ${ticket}` }
						});
					}
				})
			: null;
		const acknowledged = await Promise.all(
			tickets.map(async ({ id, ticket }) => {
				const r = await fetch(`${base}/api/relay/shares/${id}/opened`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${ticket}` }
				}).catch(() => null);
				await r?.body?.cancel();
				return r?.status === 204;
			})
		);
		const downloads: LoadFigures = {
			requests: downloadRun?.requests.total ?? 0,
			errors:
				openErrors +
				acknowledged.filter((ok) => !ok).length +
				(downloadRun ? downloadRun.errors + downloadRun.timeouts + (downloadRun.non2xx ?? 0) : 0),
			throughput: downloadRun
				? downloadRun.throughput.total / MiB / Math.max(0.001, downloadRun.duration)
				: 0,
			p99ms: downloadRun?.latency.p99 ?? 0
		};

		let retrieves: LoadFigures | null = null;
		if (options.gateway) {
			const run = await autocannon({
				url: `${base}/api/gateway/dicom-web/studies/${options.gateway.studyUid}`,
				connections: clients,
				amount: clients * 2,
				timeout: 120,
				headers: {
					Authorization: `Bearer ${options.gateway.token}`,
					Accept: 'multipart/related; type="application/dicom"'
				}
			});
			retrieves = {
				requests: run.requests.total,
				errors: run.errors + run.timeouts + (run.non2xx ?? 0),
				throughput: run.throughput.total / MiB / Math.max(0.001, run.duration),
				p99ms: run.latency.p99
			};
		}
		return { uploads, downloads, retrieves, peakRssMiB, baseRssMiB };
	} finally {
		sampling = false;
		await sampler;
	}
}
