import { describe, expect, it } from 'vitest';
import { LOAD_FAILURE_REASONS, loadFailure } from './load-failure';

describe('loadFailure', () => {
	it('turns a JavaScript fault inside dwv into a reason for the stage it stopped at', () => {
		const fault = new TypeError('n.startsWith is not a function');
		const drawing = loadFailure(fault, 'drawing');
		expect(drawing.message).toBe(LOAD_FAILURE_REASONS.drawing);
		expect(drawing.cause).toBe(fault);
		expect(
			loadFailure(new RangeError('Invalid typed array length: 60928'), 'reading').message
		).toBe(LOAD_FAILURE_REASONS.reading);
		// Something thrown that is not even an Error.
		expect(loadFailure({ exception: 'x' }, 'reading').message).toBe(LOAD_FAILURE_REASONS.reading);
	});

	it("keeps dwv's own errors, which say what it found", () => {
		const refusal = new Error('Unsupported DICOM transfer syntax: 1.2.3');
		expect(loadFailure(refusal, 'reading')).toBe(refusal);
	});
});
