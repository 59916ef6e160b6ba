/**
 * User-timing marks at the moments a patient waits through when opening a study. DevTools' Performance panel
 * shows them, and the benchmarks (bench/pairs/p3-open.js) read them to say where an open's time goes. A mark is
 * a name and a time: never patient data.
 */
export type Moment =
	| 'opening-begun'
	| 'study-page'
	| 'series-listed'
	| 'viewer-mounted'
	| 'first-image-read'
	/** The image a study opens on read and decrypted by its opening (before any viewer may have asked for it). */
	| 'cover-read'
	| 'first-image-shown'
	/** The passphrase's key derived (Argon2id done): a cold start's unlock ends here. */
	| 'key-derived';

export function mark(moment: Moment): void {
	performance.mark(`radfolio:${moment}`);
}
