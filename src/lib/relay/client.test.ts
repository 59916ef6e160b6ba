import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelayClient } from './client';

afterEach(() => vi.unstubAllGlobals());

/** The relay answering `status` with `body` to every request. */
function answering(status: number, body: unknown) {
	vi.stubGlobal('fetch', async () => Response.json(body, { status }));
	return new RelayClient('https://relay.example/api/relay');
}

describe('relay client errors', () => {
	it.each([
		[
			410,
			{ error: 'this open has ended', reason: 'this open has ended', code: 'open-ended' },
			'open-ended'
		],
		[410, { error: 'this share has ended', reason: 'expired' }, 'expired'],
		[410, { error: 'this share has ended', reason: 'revoked' }, 'gone'],
		[429, { error: 'you have shared a lot…', code: 'quota' }, 'quota'],
		[429, { error: 'too many downloads; try again later' }, 'unavailable'],
		[404, { error: 'not found' }, 'not-found'],
		[413, { error: 'part too large' }, 'too-large'],
		[507, { error: 'the relay is full right now' }, 'full'],
		[503, {}, 'unavailable'],
		[400, { error: 'expiresInSeconds must be 60 … 2592000' }, 'refused']
	])('reads %i %j as %s, from codes and statuses only', async (status, body, code) => {
		await expect(answering(status, body).status('abc')).rejects.toMatchObject({ code, status });
	});

	it('a relay that cannot be reached is unavailable', async () => {
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('Failed to fetch');
		});
		await expect(new RelayClient('https://relay.example').status('abc')).rejects.toMatchObject({
			code: 'unavailable',
			status: null
		});
	});
});
