import { t, type Message } from '$lib/i18n';
import { RelayClientError } from '$lib/relay';
import type { ShareOpenCode } from '$lib/share';
import { errorMessage } from './errors';

/**
 * What the recipient of a link reads when it cannot be opened. `key-removed` is no failure of the share: this page
 * already read the link's key and took it out of the address bar, and was then reloaded.
 */
export const SHARE_OPEN_WORDS: Record<ShareOpenCode | 'key-removed', Message> = {
	'key-removed':
		'For your privacy, this page removed the link’s key from the address bar once it had read it, so it cannot open the study again by itself. Open the link again from the message you received it in.',
	expired: 'This link has expired. Ask the sender for a new one.',
	gone: 'This shared study is no longer available: the sender revoked it, or it was opened as many times as allowed.',
	'not-found': 'This shared study is no longer available.',
	damaged:
		'This shared study is damaged: it was changed or cut short on the way, so nothing of it is shown. Ask the sender for a new link.',
	'wrong-passphrase': 'Wrong passphrase. Check it with the sender and try again.',
	'needs-passphrase': 'This shared study is protected by a passphrase.',
	'unknown-version':
		'This shared study was made by a newer version of Radfolio. Open it with an up-to-date Radfolio.',
	'kdf-too-costly':
		'This shared study asks for more memory to unlock than Radfolio allows, so nothing of it was opened: it was not made by Radfolio, or it was altered. Ask the sender for a new link.',
	'bad-link':
		'This link is incomplete: the part after “#” is missing or changed, so the study is damaged beyond opening. Copy the whole link again.',
	unavailable:
		'The sharing service could not be reached, or is busy. Check your connection and try again in a moment.',
	'no-space':
		'This device is out of storage space: the shared study needs room on it while it is open. Nothing is wrong with the link. Free some space, then press “Open shared study” again.',
	'device-error':
		'This browser’s storage failed while it opened the shared study on this device, so nothing of it is shown. Nothing shows the link is damaged: open it in another browser or on another device. If the link could be opened only once, ask the sender for a new one.',
	busy: 'Someone else is opening this link right now. If that is not you on another device, the link may have reached someone else: tell the sender. Otherwise try again in a few minutes.'
};

/**
 * Why "Create link" made no link. The relay's own refusals (full, this connection's daily quota, too large) already
 * say that no link was made and what to do; anything else says it first, then why.
 */
export function shareCreateFailure(error: unknown): string {
	const said = errorMessage(error);
	if (error instanceof RelayClientError && ['full', 'quota', 'too-large'].includes(error.code))
		return said;
	if (error instanceof DOMException && error.name === 'AbortError') return said;
	const reason = said.replace(/\.$/, '');
	return t('The link could not be created: {reason}.', {
		reason: reason.charAt(0).toLowerCase() + reason.slice(1)
	});
}
