import type { LoadResult } from './load';

/** One line of figures for the reliability table. */
export function loadLoadFigures(result: LoadResult, clients: number, shareBytes: number): string {
	const mb = (n: number) => n.toFixed(0);
	const parts = [
		`uploads ${mb(result.uploads.throughput)} MB/s, p99 ${mb(result.uploads.p99ms)} ms`,
		`downloads ${mb(result.downloads.throughput)} MB/s, p99 ${mb(result.downloads.p99ms)} ms`
	];
	if (result.retrieves)
		parts.push(
			`retrieves ${mb(result.retrieves.throughput)} MB/s, p99 ${mb(result.retrieves.p99ms)} ms`
		);
	parts.push(
		`server RSS ${mb(result.baseRssMiB)} → peak ${mb(result.peakRssMiB)} MiB while moving ${mb((2 * clients * shareBytes) / 1024 / 1024)} MiB`
	);
	return parts.join('; ');
}
