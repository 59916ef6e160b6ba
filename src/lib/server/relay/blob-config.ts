import type { S3Client } from '@aws-sdk/client-s3';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import { DiskBlobStore, type BlobStore } from './blobs';
import type { S3BlobStore } from './s3-blobs';

/**
 * Where the relay keeps share ciphertext, chosen once at start-up (README: "Configuration"):
 *   RADFOLIO_BLOB_STORE=s3://bucket/prefix → an S3-compatible object store, shared by any number of instances, with
 *     RADFOLIO_S3_ENDPOINT (absent: AWS itself), RADFOLIO_S3_REGION (else AWS_REGION, else us-east-1),
 *     RADFOLIO_S3_PATH_STYLE (true/false; true by default when an endpoint is given, as Ceph and MinIO want), and
 *     credentials the way every AWS SDK finds them (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, a profile, a role);
 *   unset → part files on the local disk under RADFOLIO_DATA_DIR/blobs.
 * A malformed value stops the server instead of silently keeping shares on a local disk.
 */
export type BlobStoreConfig =
	| { kind: 'disk' }
	| {
			kind: 's3';
			bucket: string;
			prefix: string;
			endpoint: string | undefined;
			region: string;
			forcePathStyle: boolean;
	  };

export function blobStoreConfigFromEnv(env: Record<string, string | undefined>): BlobStoreConfig {
	const raw = env.RADFOLIO_BLOB_STORE?.trim();
	if (!raw) return { kind: 'disk' };
	const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(raw);
	if (!match)
		throw new Error(
			`RADFOLIO_BLOB_STORE must be s3://bucket or s3://bucket/prefix (or unset, for the local disk), not “${raw}”`
		);
	// Keys are `<prefix><share>/<part>`: a prefix names a folder, so it ends with one slash.
	const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
	const endpoint = env.RADFOLIO_S3_ENDPOINT?.trim() || undefined;
	if (endpoint && !/^https?:\/\/[^/]+\/?$/.test(endpoint))
		throw new Error(`RADFOLIO_S3_ENDPOINT must be an http(s) origin, not “${endpoint}”`);
	const pathStyle = env.RADFOLIO_S3_PATH_STYLE?.trim();
	if (pathStyle && pathStyle !== 'true' && pathStyle !== 'false')
		throw new Error(`RADFOLIO_S3_PATH_STYLE must be true or false, not “${pathStyle}”`);
	return {
		kind: 's3',
		bucket: match[1]!,
		prefix: prefix ? `${prefix}/` : '',
		endpoint,
		region:
			env.RADFOLIO_S3_REGION?.trim() ||
			env.AWS_REGION?.trim() ||
			env.AWS_DEFAULT_REGION?.trim() ||
			'us-east-1',
		forcePathStyle: pathStyle ? pathStyle === 'true' : Boolean(endpoint)
	};
}

/**
 * An S3 client for the relay: connections kept and enough of them for many downloads at once. Credentials: the AWS
 * default chain (environment, profile, role) unless given.
 */
export async function relayS3Client(
	config: Extract<BlobStoreConfig, { kind: 's3' }>,
	credentials?: { accessKeyId: string; secretAccessKey: string }
): Promise<S3Client> {
	// Loaded only when asked for: the embedded server (`npm start`) never loads the AWS SDK.
	const { S3Client } = await import('@aws-sdk/client-s3');
	const agent = { keepAlive: true, maxSockets: 512 };
	return new S3Client({
		credentials,
		endpoint: config.endpoint,
		region: config.region,
		forcePathStyle: config.forcePathStyle,
		// Checksums only where S3 demands them (DeleteObjects): a streamed body cannot be hashed before it is sent, and
		// Ceph refuses the chunked-checksum encoding the SDK uses otherwise (411 MissingContentLength).
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
		requestHandler: {
			httpAgent: new HttpAgent(agent),
			httpsAgent: new HttpsAgent(agent),
			connectionTimeout: 10_000,
			requestTimeout: 300_000
		}
	});
}

/**
 * The blob store the environment names; an S3 bucket is checked (reachable with these credentials) before the server
 * takes its first request.
 */
export async function blobStoreFromEnv(
	env: Record<string, string | undefined>,
	dataDir: string
): Promise<BlobStore> {
	const config = blobStoreConfigFromEnv(env);
	if (config.kind === 'disk') return new DiskBlobStore(join(dataDir, 'blobs'));
	const { S3BlobStore } = await import('./s3-blobs');
	const store: S3BlobStore = new S3BlobStore({
		client: await relayS3Client(config),
		bucket: config.bucket,
		prefix: config.prefix
	});
	await store.check();
	return store;
}
