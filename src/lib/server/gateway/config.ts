import { resolve } from 'node:path';
import { smartConfigFromEnv, type SmartConfig } from './smart-config';

/** How a gateway is set up, from the server's environment (README: "Provider gateway"). */
export interface GatewayConfig {
	/** The archive's DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web (no trailing slash). */
	archiveUrl: string;
	/** The Authorization header the archive wants; never sent anywhere else. */
	archiveAuthorization: string | null;
	/** Where gateway.sqlite lives. */
	dataDir: string;
	/** App origins allowed to call the gateway from another origin (CORS). The gateway's own origin always may. */
	corsOrigins: string[];
	/** The name a patient sees for this provider. */
	providerName: string;
	/** SMART Imaging Access: SMART access tokens beside enrollment tokens (smart-config.ts); null when off. */
	smart: SmartConfig | null;
	/** Study Instance UIDs the provider's policy withholds from every patient app (RADFOLIO_WITHHELD_STUDIES). */
	withheldStudies: ReadonlySet<string>;
}

type Env = Record<string, string | undefined>;

export const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);

/** Null when RADFOLIO_ARCHIVE_URL is not set: the gateway is off and its routes answer 404. */
export function gatewayConfigFromEnv(env: Env): GatewayConfig | null {
	const raw = env.RADFOLIO_ARCHIVE_URL?.trim();
	if (!raw) return null;
	const url = new URL(raw); // throws on a malformed setting, at the first request, loudly
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new Error('RADFOLIO_ARCHIVE_URL must be an http(s) URL');
	}
	const publicUrl = env.RADFOLIO_PUBLIC_URL?.trim();
	if (publicUrl) {
		// Links and rewritten URLs are built on it: a typo must stop the server, not send apps elsewhere.
		let parsed: URL | null = null;
		try {
			parsed = new URL(publicUrl);
		} catch {
			// reported below
		}
		if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.pathname.replace(/\/+$/, '') !== '')
			throw new Error(
				'RADFOLIO_PUBLIC_URL must be an http(s) origin, e.g. https://imaging.example'
			);
	}
	const user = env.RADFOLIO_ARCHIVE_USER ?? '';
	const password = env.RADFOLIO_ARCHIVE_PASSWORD ?? '';
	return {
		archiveUrl: url.href.replace(/\/+$/, ''),
		archiveAuthorization:
			user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null,
		dataDir: resolve(env.RADFOLIO_DATA_DIR || 'data'),
		corsOrigins: list(env.RADFOLIO_APP_ORIGINS),
		providerName: env.RADFOLIO_PROVIDER_NAME?.trim() || 'Imaging archive',
		smart: smartConfigFromEnv(env),
		withheldStudies: new Set(list(env.RADFOLIO_WITHHELD_STUDIES))
	};
}
