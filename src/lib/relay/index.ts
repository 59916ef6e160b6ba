export {
	RelayClient,
	RelayClientError,
	type CreatedShare,
	type RelayErrorCode,
	type ShareOpen,
	type ShareStatus
} from './client';
export { MailboxClient, type MailboxSlot, type OpenedMailbox } from './mailbox-client';
