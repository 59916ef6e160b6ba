import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** An incremental SHA-256 (noble): for hashing a stream as it passes, one chunk at a time. */
export const createSha256 = () => sha256.create();

export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes);
