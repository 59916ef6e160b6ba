import { BlockList, isIP } from 'node:net';

/**
 * Which client a request comes from, for rate limits and quotas (never stored, never logged).
 *
 * Without a proxy it is the connection's peer address. Behind a TLS reverse proxy every connection comes from the
 * proxy, and one client's ten wrong enrollment codes would lock out every patient; so the operator names the proxies
 * in RADFOLIO_TRUSTED_PROXIES (addresses or CIDR ranges, e.g. "127.0.0.1 ::1" for a proxy on the same machine).
 * For a connection from a trusted proxy, X-Forwarded-For is read from the right, skipping trusted proxies; the first
 * address that is not one is the client. Nobody else's X-Forwarded-For is believed: anyone can write that header.
 *
 * Refused as ambiguous (the server does not start): adapter-node's own ADDRESS_HEADER or XFF_DEPTH beside
 * RADFOLIO_TRUSTED_PROXIES (two settings deciding who the client is), and a malformed entry. At run time, a request
 * through a trusted proxy that does not say who its client is gets 400: a proxy set up to forward must forward.
 *
 * IPv6 clients are counted by their /56 (one subscriber's usual allocation), so one home cannot step around a
 * limit by changing the low bits of its addresses.
 */
export interface ClientAddressConfig {
	trusted: BlockList | null;
}

export class ClientAddressError extends Error {
	readonly status = 400;
	constructor(message: string) {
		super(message);
		this.name = 'ClientAddressError';
	}
}

type Env = Record<string, string | undefined>;

export function clientAddressConfig(env: Env): ClientAddressConfig {
	const entries = (env.RADFOLIO_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean);
	if (!entries.length) return { trusted: null };
	if (env.ADDRESS_HEADER || env.XFF_DEPTH) {
		throw new Error(
			'RADFOLIO_TRUSTED_PROXIES and adapter-node’s ADDRESS_HEADER/XFF_DEPTH are both set: keep only RADFOLIO_TRUSTED_PROXIES'
		);
	}
	const trusted = new BlockList();
	for (const entry of entries) {
		const [address = '', bits, ...rest] = entry.split('/');
		const family = isIP(address);
		const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
		if (
			!family ||
			rest.length ||
			(bits !== undefined && !/^\d{1,3}$/.test(bits)) ||
			prefix > (family === 6 ? 128 : 32)
		) {
			throw new Error(
				`RADFOLIO_TRUSTED_PROXIES: “${entry}” is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`
			);
		}
		trusted.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
	}
	return { trusted };
}

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as the IPv4 address it is. */
function plain(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? mapped[1]! : address;
}

function isTrusted(trusted: BlockList, address: string): boolean {
	const family = isIP(address);
	return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The key limits count by: the IPv4 address, or the /56 of an IPv6 one — what an ISP usually gives one subscriber
 * (a /64 per device would let one home step around every limit 256 times over).
 */
export function limitKey(address: string): string {
	const ip = plain(address);
	if (isIP(ip) !== 6) return ip;
	// Expand "::" so the first four groups are in hand, then keep 56 bits: three groups and the high byte of the 4th.
	const [head = '', tail = ''] = ip.split('::');
	const left = head ? head.split(':') : [];
	const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
	const groups = [
		...left,
		...Array(Math.max(0, 8 - left.length - right.length)).fill('0'),
		...right
	];
	const fourth = (parseInt(groups[3] ?? '0', 16) & 0xff00).toString(16);
	return `${groups
		.slice(0, 3)
		.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
		.join(':')}:${fourth}::/56`;
}

let warnedUntrustedForward = false;

/**
 * The client's address for `peer` (the connection's address, as adapter-node's getClientAddress gives it when its
 * own ADDRESS_HEADER is not set) and the request's headers.
 */
export function clientAddress(peer: string, headers: Headers, config: ClientAddressConfig): string {
	const from = plain(peer);
	if (!config.trusted || !isTrusted(config.trusted, from)) {
		if (!config.trusted && !warnedUntrustedForward && headers.has('x-forwarded-for')) {
			// Likely a proxy nobody told this server about: every client then shares its address. Said once; the
			// addresses themselves are never logged.
			warnedUntrustedForward = true;
			console.warn(
				'radfolio: requests carry X-Forwarded-For but RADFOLIO_TRUSTED_PROXIES is not set, so all clients behind that proxy share one rate limit (README: Configuration)'
			);
		}
		return from;
	}
	const chain = (headers.get('x-forwarded-for') ?? '')
		.split(',')
		.map((a) => plain(a.trim()))
		.filter(Boolean);
	if (!chain.length || chain.some((a) => !isIP(a))) {
		throw new ClientAddressError('the proxy did not say which client this request is from');
	}
	for (let i = chain.length - 1; i >= 0; i--) {
		if (!isTrusted(config.trusted, chain[i]!)) return chain[i]!;
	}
	return chain[0]!;
}

let cached: { env: Env; config: ClientAddressConfig } | null = null;

/** The config of this server process, read once from its environment. */
export function serverClientAddressConfig(env: Env): ClientAddressConfig {
	if (cached?.env !== env) cached = { env, config: clientAddressConfig(env) };
	return cached.config;
}
