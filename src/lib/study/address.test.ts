import { describe, expect, it } from 'vitest';
import { studyFragment, studyIdIn } from './address';

describe('study page addresses', () => {
	it('carry the id in the fragment, so the request is the /study shell’s whatever the study', () => {
		const url = new URL(`https://radfolio.example/study${studyFragment('a b/c&d=#')}`);
		expect(url.pathname + url.search).toBe('/study');
		expect(studyIdIn(url)).toBe('a b/c&d=#');
	});

	it('still open from an address of the older form (?id=…)', () => {
		expect(studyIdIn(new URL('https://radfolio.example/study?id=xyz'))).toBe('xyz');
	});

	it('name no study when there is no id', () => {
		expect(studyIdIn(new URL('https://radfolio.example/study'))).toBeNull();
		expect(studyIdIn(new URL('https://radfolio.example/study#main'))).toBeNull();
	});
});
