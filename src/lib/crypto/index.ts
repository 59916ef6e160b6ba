// The only door to cryptography in Radfolio: NaCl secretbox (tweetnacl, or libsodium where it proves byte-identical),
// Argon2id and HKDF are composed here and nowhere else.
export { CryptoError, type CryptoErrorCode } from './errors';
export {
	ENVELOPE_VERSION,
	KEY_BYTES,
	envelopeOverhead,
	open,
	openJson,
	randomBytes,
	seal,
	sealJson,
	wipe
} from './envelope';
export {
	DEFAULT_KDF,
	KDF_MAXIMUM,
	SALT_BYTES,
	TEST_KDF,
	checkKdfCost,
	checkStoredKdf,
	deriveKey,
	warmKdf,
	type KdfParams
} from './kdf';
export {
	constantTimeEqual,
	createMac,
	deriveVaultKeys,
	newMasterKey,
	opaqueId,
	type VaultKeys
} from './keys';
export { secretboxImplementation, useFastSecretbox } from './secretbox';
export { createChunkCipher, type ChunkCipher, type ChunkItem } from './chunk-cipher';
export { CHUNK_RECORD_VERSION, chunkRecordOverhead } from './chunk-record';
export {
	createBulkCipher,
	createInlineCipher,
	warmBulkCipher,
	type BulkCipher,
	type StoredOpening
} from './bulk';
export { concatBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding';
export {
	SHARE_CHUNK_BYTES,
	SHARE_STREAM_VERSION,
	ShareChunkError,
	decryptShareStream,
	encryptShareStream,
	newShareKey,
	parseShareHeader,
	shareStreamSize,
	type ShareEncryptOptions
} from './share-stream';
export {
	PAIRING_PUBLIC_BYTES,
	PAIRING_VERSION,
	confirmationCode,
	newPairingKeyPair,
	pairingKeys,
	type PairingKeyPair,
	type PairingKeys
} from './pairing';
export { createSha256, toHex } from './hash';
export { createPageCipher, type PageCipher } from './page-cipher';
