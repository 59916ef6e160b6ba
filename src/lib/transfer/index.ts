export { DeviceSender, TransferError } from './send';
export { DeviceReceiver } from './receive';
export { parseTransferLink, transferLink, type TransferLink } from './link';
