// Every word the interface says about codes, errors and outcomes, in the interface language ($lib/i18n).
export { errorMessage } from './errors';
export { formatBytes, formatDateTime } from './format';
export { MODALITY_NAMES, SKIP_REASONS, SOURCE_LABELS } from './labels';
export { SHARE_OPEN_WORDS, shareCreateFailure } from './share';
export { lastSyncText, syncOutcomeText } from './sync';
export { transferFailure } from './transfer';
export { viewerProblemText } from './viewer';
