import { ViewerError } from './errors';

/**
 * Why a viewer load failed. dwv 0.36 throws JavaScript faults (a TypeError such as
 * "t.startsWith is not a function" when a header value is not the type it expects) both synchronously and from its
 * decoders' callbacks, where nothing of ours can catch them and the load never ends. While a load runs, the viewer
 * therefore also listens for uncaught errors on the page (watchUncaught) and ends the load at once with the reason
 * given here, instead of waiting for its timeout.
 */

/** How far the load got: dwv reports each file once it is read and decoded, then draws it. */
export type LoadStage = 'reading' | 'drawing';

/** Faults of the JavaScript engine, whose messages mean nothing to a patient (dwv's own errors say what it found). */
const FAULTS = new Set([
	'TypeError',
	'RangeError',
	'ReferenceError',
	'SyntaxError',
	'InternalError'
]);

export function loadFailure(error: unknown, stage: LoadStage): ViewerError {
	if (error instanceof ViewerError) return error;
	if (error instanceof Error && !FAULTS.has(error.name) && error.message.trim())
		return new ViewerError('dwv-error', error.message, { cause: error });
	// The fault stays attached for developers (the console shows the cause).
	return new ViewerError(stage === 'reading' ? 'unreadable-header' : 'undrawable', '', {
		cause: error
	});
}

/**
 * Calls `onError` with each error thrown and not caught anywhere on the page (a throw inside an event handler or a
 * worker's callback, or a rejected promise nobody handles) until the returned function is called. Error events
 * without an error object (a ResizeObserver loop notice, a failed script) are left alone.
 */
export function watchUncaught(onError: (error: unknown) => void): () => void {
	const onWindowError = (event: ErrorEvent) => {
		if (!event.error) return;
		event.preventDefault();
		onError(event.error);
	};
	const onRejection = (event: PromiseRejectionEvent) => {
		event.preventDefault();
		onError(event.reason);
	};
	globalThis.addEventListener('error', onWindowError);
	globalThis.addEventListener('unhandledrejection', onRejection);
	return () => {
		globalThis.removeEventListener('error', onWindowError);
		globalThis.removeEventListener('unhandledrejection', onRejection);
	};
}
