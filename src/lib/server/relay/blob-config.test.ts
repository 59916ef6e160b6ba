import { describe, expect, it } from 'vitest';
import { blobStoreConfigFromEnv } from './blob-config';

describe('RADFOLIO_BLOB_STORE', () => {
	it('is the local disk when unset or empty', () => {
		expect(blobStoreConfigFromEnv({})).toEqual({ kind: 'disk' });
		expect(blobStoreConfigFromEnv({ RADFOLIO_BLOB_STORE: ' ' })).toEqual({ kind: 'disk' });
	});

	it.each([
		['s3://radfolio-shares', 'radfolio-shares', ''],
		['s3://radfolio-shares/', 'radfolio-shares', ''],
		['s3://radfolio-shares/relay', 'radfolio-shares', 'relay/'],
		['s3://radfolio-shares//region-a/relay/', 'radfolio-shares', 'region-a/relay/']
	])('%s is bucket %s, keys under “%s”', (value, bucket, prefix) => {
		expect(blobStoreConfigFromEnv({ RADFOLIO_BLOB_STORE: value })).toMatchObject({
			kind: 's3',
			bucket,
			prefix
		});
	});

	it('takes the endpoint, the region (its own, else AWS_REGION) and path-style addressing', () => {
		const ceph = {
			RADFOLIO_BLOB_STORE: 's3://shares',
			RADFOLIO_S3_ENDPOINT: 'http://127.0.0.1:7480'
		};
		expect(blobStoreConfigFromEnv(ceph)).toMatchObject({
			endpoint: 'http://127.0.0.1:7480',
			region: 'us-east-1',
			forcePathStyle: true
		});
		expect(
			blobStoreConfigFromEnv({ ...ceph, RADFOLIO_S3_PATH_STYLE: 'false', AWS_REGION: 'eu-west-3' })
		).toMatchObject({ forcePathStyle: false, region: 'eu-west-3' });
		expect(
			blobStoreConfigFromEnv({
				RADFOLIO_BLOB_STORE: 's3://shares',
				RADFOLIO_S3_REGION: 'eu-central-1',
				AWS_REGION: 'eu-west-3'
			})
		).toMatchObject({ endpoint: undefined, region: 'eu-central-1', forcePathStyle: false });
	});

	it.each([
		['/var/radfolio/blobs', 'RADFOLIO_BLOB_STORE'],
		['https://s3.amazonaws.com/shares', 'RADFOLIO_BLOB_STORE'],
		['s3://Shares', 'RADFOLIO_BLOB_STORE'],
		['s3://ab', 'RADFOLIO_BLOB_STORE']
	])('stops the server on %s rather than keep shares on the local disk', (value, name) => {
		expect(() => blobStoreConfigFromEnv({ RADFOLIO_BLOB_STORE: value })).toThrow(name);
	});

	it('refuses an endpoint that is not an http(s) origin, and a path style that is not true or false', () => {
		const base = { RADFOLIO_BLOB_STORE: 's3://shares' };
		expect(() =>
			blobStoreConfigFromEnv({ ...base, RADFOLIO_S3_ENDPOINT: '127.0.0.1:7480' })
		).toThrow('RADFOLIO_S3_ENDPOINT');
		expect(() => blobStoreConfigFromEnv({ ...base, RADFOLIO_S3_PATH_STYLE: 'yes' })).toThrow(
			'RADFOLIO_S3_PATH_STYLE'
		);
	});
});
