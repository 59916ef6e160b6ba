import { gatewayConfigFromEnv, type GatewayConfig } from './config';
import { EnrollmentStore } from './enrollments.js';
import { DicomWebGateway } from './proxy';

export interface GatewayServer {
	config: GatewayConfig;
	store: EnrollmentStore;
	gateway: DicomWebGateway;
}

let server: GatewayServer | null | undefined;

/** The gateway of this server process, set up on first use from the environment; null when it is off. */
export function gatewayServer(env: Record<string, string | undefined>): GatewayServer | null {
	if (server !== undefined) return server;
	const config = gatewayConfigFromEnv(env);
	if (!config) return (server = null);
	const store = new EnrollmentStore(config.dataDir);
	store.sweep();
	server = { config, store, gateway: new DicomWebGateway(config, store) };
	return server;
}

/**
 * This gateway's DICOMweb root as patients' apps reach it: RADFOLIO_PUBLIC_URL when set (behind a TLS proxy), else
 * a path on whatever origin the app called. Never the request's Host header: that is the client's to write, and a
 * forged one would send patients' tokens (in an enrollment answer) or their apps (through rewritten RetrieveURLs)
 * to another server.
 */
export function publicDicomWebRoot(env: Record<string, string | undefined>): string {
	const base = env.RADFOLIO_PUBLIC_URL?.trim().replace(/\/+$/, '') ?? '';
	return `${base}/api/gateway/dicom-web`;
}

export { DicomWebGateway } from './proxy';
export { EnrollmentStore } from './enrollments.js';
