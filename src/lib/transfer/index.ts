export { DeviceSender } from './send';
export { TransferError, type TransferErrorCode } from './errors';
export { DeviceReceiver } from './receive';
export { parseTransferLink, transferLink, type TransferLink } from './link';
