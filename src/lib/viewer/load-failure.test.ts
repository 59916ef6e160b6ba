import { describe, expect, it } from 'vitest';
import { ViewerError } from './errors';
import { loadFailure } from './load-failure';

describe('loadFailure', () => {
	it('turns a JavaScript fault inside dwv into a reason for the stage it stopped at', () => {
		const fault = new TypeError('n.startsWith is not a function');
		const drawing = loadFailure(fault, 'drawing');
		expect(drawing).toMatchObject({ code: 'undrawable' });
		expect(drawing.cause).toBe(fault);
		expect(
			loadFailure(new RangeError('Invalid typed array length: 60928'), 'reading')
		).toMatchObject({ code: 'unreadable-header' });
		// Something thrown that is not even an Error.
		expect(loadFailure({ exception: 'x' }, 'reading')).toMatchObject({ code: 'unreadable-header' });
	});

	it("keeps dwv's own errors, which say what it found", () => {
		const refusal = new Error('Unsupported DICOM transfer syntax: 1.2.3');
		expect(loadFailure(refusal, 'reading')).toMatchObject({
			code: 'dwv-error',
			detail: 'Unsupported DICOM transfer syntax: 1.2.3'
		});
		const ours = new ViewerError('timeout');
		expect(loadFailure(ours, 'drawing')).toBe(ours);
	});
});
