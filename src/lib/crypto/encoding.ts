// Byte helpers shared by every format Radfolio writes. No dependencies.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
	return textEncoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
	return textDecoder.decode(bytes);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	let length = 0;
	for (const part of parts) length += part.length;
	const out = new Uint8Array(length);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64URL.length; i++) BASE64URL_LOOKUP[BASE64URL.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding: safe in URL paths, fragments and IndexedDB keys. */
export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
		out +=
			BASE64URL[n >> 18]! +
			BASE64URL[(n >> 12) & 63]! +
			BASE64URL[(n >> 6) & 63]! +
			BASE64URL[n & 63]!;
	}
	const rest = bytes.length - i;
	if (rest === 1) {
		const n = bytes[i]! << 16;
		out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]!;
	} else if (rest === 2) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
		out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]!;
	}
	return out;
}

export function fromBase64Url(text: string): Uint8Array {
	if (text.length % 4 === 1) throw new Error('Invalid base64url: impossible length');
	const out = new Uint8Array(Math.floor((text.length * 3) / 4));
	let bits = 0;
	let value = 0;
	let o = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const digit = code < 128 ? BASE64URL_LOOKUP[code]! : -1;
		if (digit < 0) throw new Error(`Invalid base64url character at ${i}`);
		value = (value << 6) | digit;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (value >> bits) & 0xff;
		}
	}
	return out;
}
