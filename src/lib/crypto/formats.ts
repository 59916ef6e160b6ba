// The crypto folder's second door, for the server: byte encodings and the share stream's clear header, without
// the browser's key derivation worker or crypto worker pool behind the main door (index.ts).
export { concatBytes, fromBase64Url, toBase64Url } from './encoding';
export { SHARE_HEADER_MAX, parseShareHeader } from './share-stream';
