import { databaseFromEnv, serverPostgres } from '../db';
import { memoryLimits, type Backoff, type LimitStore, type Limiter } from '../rate-limit';
import type { Awaitable } from '../relay/records';
import { gatewayConfigFromEnv, type GatewayConfig } from './config';
import { EnrollmentStore, loadGatewaySecret, type TokenRow } from './enrollments.js';
import { PgEnrollmentStore } from './pg-enrollments.js';
import { DicomWebGateway, type PatientTokens } from './proxy';
import { EitherTokens, SmartTokens } from './smart-tokens';

/**
 * Enrollment codes and patient tokens: SQLite (EnrollmentStore, enrollments.js, synchronous) or PostgreSQL
 * (PgEnrollmentStore, pg-enrollments.js); both pass the same contract suite.
 */
export interface Enrollments extends PatientTokens {
	createCode(
		patientId: string,
		options?: { hours?: number; now?: number }
	): Awaitable<{ code: string; expiresAt: number }>;
	redeem(
		code: string,
		now?: number
	): Awaitable<{ token: string; id: string; patientId: string } | null>;
	revoke(which: { id?: string; patientId?: string }, now?: number): Awaitable<number>;
	listTokens(patientId?: string): Awaitable<TokenRow[]>;
	sweep(now?: number): Awaitable<number>;
	close(): void;
}

export interface GatewayServer {
	config: GatewayConfig;
	store: Enrollments;
	gateway: DicomWebGateway;
	/** SMART access tokens (SMART Imaging Access), when RADFOLIO_SMART_ISSUER is set. */
	smart: SmartTokens | null;
	/** Failed enrollment exchanges per client: ten per ten minutes. */
	attempts: Limiter;
	/** Failed exchanges of all clients together slow down (see FailureBackoff). */
	backoff: Backoff;
}

let server: GatewayServer | null | undefined;
let starting: Promise<GatewayServer | null> | undefined;

/**
 * Failed SMART tokens per client: thirty per ten minutes. An app renews its token before it expires, so a client
 * sees a failure when a grant ends, not dozens; each unknown token costs the EHR an introspection request.
 */
export const SMART_FAILURES = { limit: 30, windowMs: 10 * 60_000 };

function assemble(config: GatewayConfig, store: Enrollments, limits: LimitStore): GatewayServer {
	const smart = config.smart
		? new SmartTokens(config.smart, fetch, {
				failures: limits.limiter('smart-failures', SMART_FAILURES.limit, SMART_FAILURES.windowMs)
			})
		: null;
	return {
		config,
		store,
		// Enrollment tokens keep working unchanged; SMART tokens reach the same routes behind the same checks.
		gateway: new DicomWebGateway(config, smart ? new EitherTokens(store, smart) : store),
		smart,
		attempts: limits.limiter('enroll-attempts', 10, 10 * 60_000),
		backoff: limits.backoff('enroll-failures')
	};
}

/**
 * The gateway of this server process from the environment; null when it is off. Embedded (SQLite) it is set up here
 * on first use; on PostgreSQL it is opened at start-up (startGateway) and this returns it.
 */
export function gatewayServer(env: Record<string, string | undefined>): GatewayServer | null {
	if (server !== undefined) return server;
	const config = gatewayConfigFromEnv(env);
	if (!config) return (server = null);
	if (databaseFromEnv(env).kind === 'postgres')
		throw new Error(
			'the gateway on PostgreSQL is opened at start-up (startGateway), not on first use'
		);
	const store = new EnrollmentStore(config.dataDir);
	store.sweep();
	return (server = assemble(config, store, memoryLimits));
}

/** Opens the gateway at start-up (on PostgreSQL: migrations, and the secret checked against the database). */
export async function startGateway(
	env: Record<string, string | undefined>
): Promise<GatewayServer | null> {
	const database = databaseFromEnv(env);
	if (server !== undefined || database.kind === 'sqlite') return gatewayServer(env);
	starting ??= (async () => {
		const config = gatewayConfigFromEnv(env);
		if (!config) return (server = null);
		const { pool, limits } = await serverPostgres(database.url);
		const store = await PgEnrollmentStore.open(pool, loadGatewaySecret(env, config.dataDir));
		await store.sweep();
		return (server = assemble(config, store, limits));
	})();
	return starting;
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

/** This gateway's imaging FHIR base (SMART Imaging Access) beside its DICOMweb root. */
export function publicFhirRoot(env: Record<string, string | undefined>): string {
	const base = env.RADFOLIO_PUBLIC_URL?.trim().replace(/\/+$/, '') ?? '';
	return `${base}/api/gateway/fhir`;
}

export { DicomWebGateway } from './proxy';
export { EnrollmentStore } from './enrollments.js';
export { PgEnrollmentStore } from './pg-enrollments.js';
