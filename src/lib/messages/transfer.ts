import { t } from '$lib/i18n';
import { RelayClientError } from '$lib/relay';
import { ShareOpenError } from '$lib/share';
import { errorMessage } from './errors';

/**
 * "Add a device" in words, for each side. The relay's failures mean something particular here: the pairing's
 * mailbox taken by another device, or the pairing ended; anything else says what it says everywhere.
 */
export function transferFailure(error: unknown, side: 'sender' | 'receiver'): string {
	if (side === 'receiver') {
		if (error instanceof RelayClientError && error.code === 'refused')
			return t(
				'This link was already answered by another device. Start again on your other device.'
			);
		if (error instanceof RelayClientError || error instanceof ShareOpenError)
			return t(
				'The Radfolio relay could not be reached, or the link ended. Start again on your other device.'
			);
	} else if (error instanceof RelayClientError) {
		return t('The Radfolio relay could not be reached, or the pairing ended. Start again.');
	}
	return errorMessage(error);
}
