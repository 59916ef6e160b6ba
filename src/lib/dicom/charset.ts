/**
 * Decodes DICOM text values per Specific Character Set (0008,0005), PS3.3 C.12.1.1.2, onto the encodings browsers
 * and Node ship in TextDecoder. Names on a Greek, Hebrew or Japanese CD must read correctly on the timeline.
 */
const LABELS: Record<string, string> = {
	'': 'windows-1252',
	ISO_IR_6: 'windows-1252',
	ISO_IR_100: 'windows-1252',
	ISO_IR_101: 'iso-8859-2',
	ISO_IR_109: 'iso-8859-3',
	ISO_IR_110: 'iso-8859-4',
	ISO_IR_144: 'iso-8859-5',
	ISO_IR_127: 'iso-8859-6',
	ISO_IR_126: 'iso-8859-7',
	ISO_IR_138: 'iso-8859-8',
	ISO_IR_148: 'windows-1254',
	ISO_IR_166: 'windows-874',
	ISO_IR_13: 'shift_jis',
	ISO_IR_192: 'utf-8',
	GB18030: 'gb18030',
	GBK: 'gbk',
	ISO_2022_IR_6: 'windows-1252',
	ISO_2022_IR_100: 'windows-1252',
	ISO_2022_IR_101: 'iso-8859-2',
	ISO_2022_IR_144: 'iso-8859-5',
	ISO_2022_IR_127: 'iso-8859-6',
	ISO_2022_IR_126: 'iso-8859-7',
	ISO_2022_IR_138: 'iso-8859-8',
	ISO_2022_IR_148: 'windows-1254',
	ISO_2022_IR_13: 'shift_jis',
	ISO_2022_IR_87: 'iso-2022-jp',
	ISO_2022_IR_159: 'iso-2022-jp',
	ISO_2022_IR_149: 'euc-kr',
	ISO_2022_IR_58: 'gb18030'
};

const decoders = new Map<string, TextDecoder>();
function decoderFor(label: string): TextDecoder {
	let decoder = decoders.get(label);
	if (!decoder) {
		try {
			decoder = new TextDecoder(label);
		} catch {
			decoder = new TextDecoder('windows-1252');
		}
		decoders.set(label, decoder);
	}
	return decoder;
}

/** Picks a decoder for a (possibly multi-valued) Specific Character Set value. */
export function textDecoderFor(specificCharacterSet: string | undefined): TextDecoder {
	const terms = (specificCharacterSet ?? '').split('\\').map((t) =>
		t
			.trim()
			.replace(/[\s-]+/g, '_')
			.toUpperCase()
	);
	// With code extensions (ISO 2022), the first term is the default repertoire; the extension that carries the
	// non-ASCII text is the one that decides the decoder.
	const chosen = terms.find((t) => t && !/^ISO_2022_IR_6$|^ISO_IR_6$/.test(t)) ?? terms[0] ?? '';
	return decoderFor(LABELS[chosen] ?? 'windows-1252');
}

/** Strips ISO 2022 escape sequences a plain decoder would print, for the encodings that lack their own 2022 form. */
export function decodeText(bytes: Uint8Array, decoder: TextDecoder): string {
	let text = decoder.decode(bytes);
	// ESC (0x1b) starts every ISO 2022 escape sequence: matching it is the point.
	// eslint-disable-next-line no-control-regex
	if (decoder.encoding !== 'iso-2022-jp') text = text.replace(/\u001b[$()*+\-./][@-~]?[@-~]?/g, '');
	return text.replace(/\0/g, '').trim();
}
