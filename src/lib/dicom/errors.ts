/** Why a file was not imported. $lib/messages turns the code into words; `detail` says what was found. */
export type DicomErrorCode =
	| 'not-dicom'
	| 'truncated'
	| 'unreadable-header'
	| 'missing-uid'
	| 'directory'
	| 'too-large'
	| 'zip-bomb'
	| 'zip-damaged';

export class DicomError extends Error {
	readonly code: DicomErrorCode;
	readonly detail: string;
	constructor(code: DicomErrorCode, detail = '') {
		super(detail ? `${code}: ${detail}` : code);
		this.name = 'DicomError';
		this.code = code;
		this.detail = detail;
	}
}
