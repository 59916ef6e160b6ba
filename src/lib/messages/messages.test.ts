import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError, syncOutcome } from '$lib/archive';
import { locale } from '$lib/i18n';
import { RelayClientError } from '$lib/relay';
import { ShareOpenError } from '$lib/share';
import { VaultError, type SyncOutcome } from '$lib/vault';
import { errorMessage } from './errors';
import { shareCreateFailure } from './share';
import { lastSyncText, syncOutcomeText } from './sync';
import { viewerProblemText } from './viewer';

afterEach(() => locale.choose('browser'));

const counts = { updatedStudies: 0, storedFiles: 0, incompleteStudies: 0, unreadFiles: 0 };

describe('errors in words', () => {
	it('says every coded error in the interface language, with its parameters', () => {
		locale.choose('en');
		expect(errorMessage(new ArchiveError('busy', { status: 503 }))).toBe(
			'The provider is busy (503).'
		);
		expect(errorMessage(new RelayClientError('full', 507))).toMatch(/full right now/);
		expect(errorMessage(new ShareOpenError('bad-link'))).toMatch(/^This link is incomplete/);
		locale.choose('es');
		expect(errorMessage(new ArchiveError('busy', { status: 503 }))).toBe(
			'El centro está ocupado (503).'
		);
		expect(errorMessage(new VaultError('wrong-passphrase'))).toMatch(/^Frase de contraseña/);
	});

	it('calls a full disk a full disk wherever it comes from (the browser’s own error, or wrapped by Dexie)', () => {
		locale.choose('en');
		const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		expect(errorMessage(full)).toBe(
			'Your device is out of storage space for Radfolio. Free some space and try again.'
		);
		expect(errorMessage(Object.assign(new Error('wrapped'), { inner: full }))).toMatch(
			/out of storage space/
		);
	});

	it('calls the browser’s storage failing what it is, not damage and not "unchanged"', () => {
		locale.choose('en');
		const unreadable = new DOMException('The requested file could not be read', 'NotReadableError');
		for (const error of [
			unreadable,
			Object.assign(new Error('Transaction aborted'), {
				inner: new DOMException('Failed to write blobs (InvalidBlob)', 'DataError')
			}),
			new VaultError('read-failed', 'chunk', { cause: unreadable })
		])
			expect(errorMessage(error)).toMatch(/^Your browser’s storage failed to give back/);
		expect(errorMessage(new VaultError('damaged'))).toMatch(/changed or damaged/);
	});

	it('never shows the text of an error without a code', () => {
		locale.choose('en');
		expect(errorMessage(new Error('TypeError: x is undefined at foo.js:1'))).toBe(
			'Something went wrong. Your stored data is unchanged.'
		);
	});
});

describe('creating a link', () => {
	it('says no link was made, then why', () => {
		locale.choose('en');
		expect(shareCreateFailure(new RelayClientError('unavailable'))).toMatch(
			/^The link could not be created: the sharing service could not be reached/
		);
		// The relay's own refusals already say so.
		expect(shareCreateFailure(new RelayClientError('full', 507))).toMatch(
			/^The sharing service is full/
		);
	});
});

describe('viewer problems', () => {
	it('names the compression, and keeps what a decoder said as technical detail', () => {
		locale.choose('es');
		expect(viewerProblemText({ code: 'no-decoder', compression: 'JPEG XL' })).toBe(
			'su compresión (JPEG XL) no tiene decodificador en esta versión de Radfolio'
		);
		locale.choose('en');
		expect(viewerProblemText({ code: 'decode-failed', detail: 'OpenJPEG: codestream error' })).toBe(
			'its image data could not be decoded (OpenJPEG: codestream error)'
		);
	});
});

describe('sync outcomes', () => {
	it('are stored as codes and said in the language of the moment they are shown', () => {
		const outcome = syncOutcome({
			stored: 3,
			updatedStudies: 1,
			incompleteStudies: 0,
			skipped: [],
			otherPatient: [],
			cancelled: false,
			error: new ArchiveError('busy', { status: 503 })
		});
		expect(outcome).toEqual({
			code: 'paused',
			updatedStudies: 1,
			storedFiles: 3,
			incompleteStudies: 0,
			unreadFiles: 0,
			reason: { source: 'provider', code: 'busy', status: 503 }
		});
		// Round trip through JSON, as the sealed providers row keeps it.
		const stored = JSON.parse(JSON.stringify(outcome)) as SyncOutcome;
		locale.choose('en');
		expect(syncOutcomeText(stored)).toBe(
			'Stopped: the provider is busy (503). It will resume by itself — 1 study updated (3 new files) so far'
		);
		locale.choose('es');
		expect(syncOutcomeText(stored)).toBe(
			'Detenida: el centro está ocupado (503). Seguirá sola: 1 estudio actualizado (3 archivos nuevos) hasta ahora'
		);
	});

	it('says a reason code from a newer Radfolio in general words, and older stored sentences as they are', () => {
		locale.choose('en');
		expect(
			syncOutcomeText({
				code: 'failed',
				...counts,
				reason: { source: 'provider', code: 'from-the-future' }
			})
		).toBe('Failed: something went wrong');
		expect(lastSyncText({ message: 'Up to date' })).toBe('Up to date');
		expect(lastSyncText({ outcome: { code: 'up-to-date', ...counts } })).toBe('Up to date');
	});
});
