import { DicomError } from './errors';
import type { DecodedFrame } from './native-pixels';

/**
 * A decoder for 12-bit greyscale JPEG (ISO 10918-1 extended sequential, Huffman coded: DICOM 1.2.840.10008.1.2.4.51
 * with Bits Stored > 8), written here because no maintained WASM build decodes 12-bit JPEG (the libjpeg-turbo build
 * is 8-bit only) and dwv's JavaScript decoder applies the 8-bit level shift to 12-bit data: every sample comes out
 * 15 or 16 too high (measured against dcmtk and GDCM on pydicom's JPGExtended.dcm). The inverse DCT is the
 * "islow" integer algorithm of the IJG library (Loeffler, Ligtenberg and Moschytz, 13-bit constants, one extra
 * bit of precision in the first pass at 12 bits), the one dcmtk and GDCM decode with, so the samples come out
 * identical to theirs. Colour and arithmetic-coded 12-bit JPEG are refused with a reason.
 */

/** Zig-zag order: the natural position of the k-th coefficient in a block. */
const ZIGZAG = [
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
	13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
	45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
];

interface Huffman {
	/** Code lengths 1..16 → (first code, index of its first value, count). */
	lookup: Map<number, number>[];
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
	const lookup: Map<number, number>[] = [];
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		const map = new Map<number, number>();
		for (let i = 0; i < counts[length - 1]!; i++) map.set(code++, values[k++]!);
		lookup.push(map);
		code <<= 1;
	}
	return { lookup };
}

class BitReader {
	#bytes: Uint8Array;
	#at: number;
	#buffer = 0;
	#bits = 0;
	/** The data ran into a marker: what follows until a restart is not there (IJG's insufficient_data). */
	#dry = false;
	constructor(bytes: Uint8Array, at: number) {
		this.#bytes = bytes;
		this.#at = at;
	}
	get position() {
		return this.#at;
	}
	get dry() {
		return this.#dry;
	}
	bit(): number {
		if (!this.#bits) {
			let byte = this.#bytes[this.#at];
			if (byte === undefined) throw new DicomError('truncated', 'its 12-bit JPEG data ends early');
			if (byte !== 0xff) this.#at++;
			else if (this.#bytes[this.#at + 1] === 0)
				this.#at += 2; // a stuffed 0xFF data byte
			else {
				byte = 0; // a marker where data should be: zeros, as IJG feeds, and stay before it
				this.#dry = true;
			}
			this.#buffer = byte;
			this.#bits = 8;
		}
		this.#bits--;
		return (this.#buffer >> this.#bits) & 1;
	}
	bits(n: number): number {
		let v = 0;
		for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
		return v;
	}
	decode(table: Huffman): number {
		let code = 0;
		for (let length = 0; length < 16; length++) {
			code = (code << 1) | this.bit();
			const value = table.lookup[length]!.get(code);
			if (value !== undefined) return value;
		}
		throw new DicomError('unreadable-header', 'its 12-bit JPEG data has a bad Huffman code');
	}
	/** Skips to the restart marker that ends an interval. */
	restart() {
		this.#bits = 0;
		while (this.#at + 1 < this.#bytes.length) {
			if (this.#bytes[this.#at] === 0xff && (this.#bytes[this.#at + 1]! & 0xf8) === 0xd0) {
				this.#at += 2;
				// As IJG: an interval that is empty (another marker at once) stays dry.
				this.#dry = this.#bytes[this.#at] === 0xff && this.#bytes[this.#at + 1] !== 0;
				return;
			}
			this.#at++;
		}
	}
}

/** A value of `size` bits, made signed as F.2.2.1 says. */
function extend(value: number, size: number): number {
	return size && value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
}

// IJG islow constants: FIX(x) = round(x * 2^13).
const CONST_BITS = 13;
const PASS1_BITS = 1; // 12-bit samples
const F_0_298 = 2446;
const F_0_390 = 3196;
const F_0_541 = 4433;
const F_0_765 = 6270;
const F_0_899 = 7373;
const F_1_175 = 9633;
const F_1_501 = 12299;
const F_1_847 = 15137;
const F_1_961 = 16069;
const F_2_053 = 16819;
const F_2_562 = 20995;
const F_3_072 = 25172;

/** (x + 2^(n-1)) >> n, on numbers exact beyond 32 bits. */
function descale(x: number, n: number): number {
	return Math.floor((x + 2 ** (n - 1)) / 2 ** n);
}

/** One 1-D islow pass over 8 values at `at`, step `step`; returns the 8 outputs before descaling. */
function idct1d(v: Float64Array, at: number, step: number, out: Float64Array) {
	const z2e = v[at + 2 * step]!;
	const z3e = v[at + 6 * step]!;
	const z1 = (z2e + z3e) * F_0_541;
	const t2 = z1 - z3e * F_1_847;
	const t3 = z1 + z2e * F_0_765;
	const t0 = (v[at]! + v[at + 4 * step]!) * 2 ** CONST_BITS;
	const t1 = (v[at]! - v[at + 4 * step]!) * 2 ** CONST_BITS;
	const t10 = t0 + t3;
	const t13 = t0 - t3;
	const t11 = t1 + t2;
	const t12 = t1 - t2;
	let o0 = v[at + 7 * step]!;
	let o1 = v[at + 5 * step]!;
	let o2 = v[at + 3 * step]!;
	let o3 = v[at + step]!;
	let z1o = o0 + o3;
	let z2o = o1 + o2;
	let z3o = o0 + o2;
	let z4o = o1 + o3;
	const z5 = (z3o + z4o) * F_1_175;
	o0 *= F_0_298;
	o1 *= F_2_053;
	o2 *= F_3_072;
	o3 *= F_1_501;
	z1o *= -F_0_899;
	z2o *= -F_2_562;
	z3o = z3o * -F_1_961 + z5;
	z4o = z4o * -F_0_390 + z5;
	o0 += z1o + z3o;
	o1 += z2o + z4o;
	o2 += z2o + z3o;
	o3 += z1o + z4o;
	out[0] = t10 + o3;
	out[7] = t10 - o3;
	out[1] = t11 + o2;
	out[6] = t11 - o2;
	out[2] = t12 + o1;
	out[5] = t12 - o1;
	out[3] = t13 + o0;
	out[4] = t13 - o0;
}

/** Dequantized coefficients (natural order) → 64 samples, level-shifted and clamped to 12 bits. */
function inverseDct(coefficients: Float64Array, samples: Uint16Array) {
	const work = new Float64Array(64);
	const line = new Float64Array(8);
	for (let column = 0; column < 8; column++) {
		idct1d(coefficients, column, 8, line);
		for (let row = 0; row < 8; row++) {
			work[row * 8 + column] = descale(line[row]!, CONST_BITS - PASS1_BITS);
		}
	}
	for (let row = 0; row < 8; row++) {
		idct1d(work, row * 8, 1, line);
		for (let column = 0; column < 8; column++) {
			const value = descale(line[column]!, CONST_BITS + PASS1_BITS + 3) + 2048;
			samples[row * 8 + column] = value < 0 ? 0 : value > 4095 ? 4095 : value;
		}
	}
}

interface Frame {
	precision: number;
	height: number;
	width: number;
	componentCount: number;
	quantTable: number;
}

/**
 * `size` is what the DICOM header says (Columns × Rows): the viewer's size cap was checked against it, so a frame
 * header that says otherwise is refused before its pixels are allocated (65535 × 65535 would be 8.6 GB).
 */
export function decodeJpeg12(
	jpeg: Uint8Array,
	size: { width: number; height: number }
): DecodedFrame {
	if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
		throw new DicomError('unreadable-header', 'its JPEG data does not start with a JPEG header');
	}
	const quant: (Uint16Array | undefined)[] = [];
	const dc: (Huffman | undefined)[] = [];
	const ac: (Huffman | undefined)[] = [];
	let frame: Frame | null = null;
	let restartInterval = 0;
	let at = 2;
	for (;;) {
		while (jpeg[at] === 0xff && jpeg[at + 1] === 0xff) at++;
		if (jpeg[at] !== 0xff || at + 4 > jpeg.length) {
			throw new DicomError('truncated', 'its 12-bit JPEG data ends before its scan');
		}
		const marker = jpeg[at + 1]!;
		const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
		const segment = jpeg.subarray(at + 4, at + 2 + length);
		at += 2 + length;
		if (marker === 0xdb) {
			for (let p = 0; p < segment.length;) {
				const wide = segment[p]! >> 4;
				const id = segment[p]! & 15;
				const table = new Uint16Array(64);
				for (let k = 0; k < 64; k++) {
					table[ZIGZAG[k]!] = wide
						? (segment[p + 1 + 2 * k]! << 8) | segment[p + 2 + 2 * k]!
						: segment[p + 1 + k]!;
				}
				quant[id] = table;
				p += 1 + (wide ? 128 : 64);
			}
		} else if (marker === 0xc4) {
			for (let p = 0; p < segment.length;) {
				const counts = segment.subarray(p + 1, p + 17);
				const total = counts.reduce((n, c) => n + c, 0);
				const table = buildHuffman(counts, segment.subarray(p + 17, p + 17 + total));
				(segment[p]! >> 4 ? ac : dc)[segment[p]! & 15] = table;
				p += 17 + total;
			}
		} else if (marker === 0xdd) {
			restartInterval = (segment[0]! << 8) | segment[1]!;
		} else if (marker === 0xc0 || marker === 0xc1) {
			frame = {
				precision: segment[0]!,
				height: (segment[1]! << 8) | segment[2]!,
				width: (segment[3]! << 8) | segment[4]!,
				componentCount: segment[5]!,
				quantTable: segment[8]!
			};
			if (frame.width !== size.width || frame.height !== size.height) {
				throw new DicomError(
					'truncated',
					`its JPEG frame header says ${frame.width}×${frame.height}, not the ${size.width}×${size.height} its header says`
				);
			}
			if (frame.componentCount !== 1) {
				throw new DicomError('unreadable-header', '12-bit colour JPEG is not supported');
			}
		} else if (
			marker >= 0xc2 &&
			marker <= 0xcf &&
			marker !== 0xc4 &&
			marker !== 0xc8 &&
			marker !== 0xcc
		) {
			throw new DicomError(
				'unreadable-header',
				'its JPEG process (progressive, lossless or arithmetic coded) is not supported at 12 bits'
			);
		} else if (marker === 0xda) {
			if (!frame) throw new DicomError('unreadable-header', 'its JPEG data has no frame header');
			const tables = segment[2]!;
			return decodeScan(jpeg, at, frame, {
				quant: quant[frame.quantTable],
				dc: dc[tables >> 4],
				ac: ac[tables & 15],
				restartInterval
			});
		}
	}
}

function decodeScan(
	jpeg: Uint8Array,
	at: number,
	frame: Frame,
	tables: { quant?: Uint16Array; dc?: Huffman; ac?: Huffman; restartInterval: number }
): DecodedFrame {
	const { quant, dc, ac, restartInterval } = tables;
	if (!quant || !dc || !ac) {
		throw new DicomError('unreadable-header', 'its JPEG data lacks a table its scan uses');
	}
	const blocksWide = Math.ceil(frame.width / 8);
	const blocksHigh = Math.ceil(frame.height / 8);
	const out = new Uint16Array(frame.width * frame.height);
	const reader = new BitReader(jpeg, at);
	const coefficients = new Float64Array(64);
	const samples = new Uint16Array(64);
	let previousDc = 0;
	let block = 0;
	const place = (by: number, bx: number) => {
		for (let y = 0; y < 8; y++) {
			const row = by * 8 + y;
			if (row >= frame.height) break;
			for (let x = 0; x < 8; x++) {
				const column = bx * 8 + x;
				if (column < frame.width) out[row * frame.width + column] = samples[y * 8 + x]!;
			}
		}
	};
	for (let by = 0; by < blocksHigh; by++) {
		for (let bx = 0; bx < blocksWide; bx++, block++) {
			if (restartInterval && block && block % restartInterval === 0) {
				reader.restart();
				previousDc = 0;
			}
			coefficients.fill(0);
			if (reader.dry) {
				// Out of data: IJG leaves the rest of the interval's blocks at zero, uniform grey, and decodes
				// nothing, so a few bytes claiming a large image cost no more than its grey.
				samples.fill(2048);
				place(by, bx);
				continue;
			}
			const size = reader.decode(dc);
			previousDc += extend(reader.bits(size), size);
			coefficients[0] = previousDc * quant[0]!;
			for (let k = 1; k < 64;) {
				const rs = reader.decode(ac);
				const run = rs >> 4;
				const bits = rs & 15;
				if (!bits) {
					if (run !== 15) break; // end of block
					k += 16;
					continue;
				}
				k += run;
				if (k > 63) throw new DicomError('unreadable-header', 'its 12-bit JPEG data is damaged');
				const position = ZIGZAG[k]!;
				coefficients[position] = extend(reader.bits(bits), bits) * quant[position]!;
				k++;
			}
			inverseDct(coefficients, samples);
			place(by, bx);
		}
	}
	return {
		pixels: new Uint8Array(out.buffer),
		width: frame.width,
		height: frame.height,
		bitsPerSample: frame.precision,
		componentCount: 1,
		isSigned: false
	};
}
