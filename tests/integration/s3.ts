import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { relayS3Client } from '../../src/lib/server/relay/blob-config';
import { s3Installed, startS3 } from '../../scripts/s3.js';

export type S3Server = Awaited<ReturnType<typeof startS3>>;

/**
 * A throwaway S3-compatible server from the project's own script (scripts/s3.js: Ceph's RADOS Gateway on a
 * single-node cluster). When it cannot start the error says why and the tests that need it FAIL: `npm test` installs
 * Ceph (scripts/ensure-system.js), so a missing server is a broken setup, never a reason to skip.
 */
export async function testS3(options: { memoryBytes?: number } = {}): Promise<S3Server> {
	if (!s3Installed())
		throw new Error(
			'Ceph is not installed, so the S3 half of these tests cannot run: apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common (npm test does it as root)'
		);
	const server = await startS3(options);
	console.log(`Ceph RADOS Gateway started in ${server.startMs} ms (${server.dir})`);
	return server;
}

/** The environment that points a Radfolio server at `bucket` on that server (prefix optional). */
export function s3Env(server: S3Server, bucket: string, prefix = 'shares') {
	return {
		RADFOLIO_BLOB_STORE: `s3://${bucket}/${prefix}`,
		RADFOLIO_S3_ENDPOINT: server.endpoint,
		RADFOLIO_S3_REGION: server.region,
		AWS_ACCESS_KEY_ID: server.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.secretAccessKey
	};
}

/** A client as the relay makes one, with the server's credentials. */
export function s3Client(server: S3Server): Promise<S3Client> {
	return relayS3Client(
		{
			kind: 's3',
			bucket: 'unused',
			prefix: '',
			endpoint: server.endpoint,
			region: server.region,
			forcePathStyle: true
		},
		{ accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
	);
}

/** A new, empty bucket on that server; returns its name. */
export async function freshBucket(client: S3Client): Promise<string> {
	const bucket = `rf-${randomBytes(6).toString('hex')}`;
	await client.send(new CreateBucketCommand({ Bucket: bucket }));
	return bucket;
}
