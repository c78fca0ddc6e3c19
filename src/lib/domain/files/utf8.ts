/**
 * Strict UTF-8 decoding: a file that is not valid UTF-8 is refused with the place of the first
 * bad byte, instead of the bad bytes silently becoming U+FFFD (what `readFileSync(f, 'utf8')`
 * and `File.text()` do). Validity as in the WHATWG Encoding Standard's UTF-8 decoder.
 */
export type Utf8Result =
	| { ok: true; text: string }
	| { ok: false; byte: number; line: number; column: number; message: string };

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
	try {
		return { ok: true, text: fatal.decode(bytes) };
	} catch {
		const byte = firstInvalidByte(bytes);
		let line = 1;
		let lineStart = 0;
		for (let i = 0; i < byte; i++)
			if (bytes[i] === 10) {
				line++;
				lineStart = i + 1;
			}
		const column = byte - lineStart + 1;
		return {
			ok: false,
			byte,
			line,
			column,
			message: `not valid UTF-8: invalid byte 0x${bytes[byte]?.toString(16).padStart(2, '0') ?? '??'} at byte ${byte} (line ${line}, byte ${column} of the line); save the file as UTF-8`
		};
	}
}

/** The offset of the first byte that does not start or continue a well-formed sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (b >= 0xc2 && b <= 0xdf) need = 1;
		else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			if (b === 0xe0) lo = 0xa0;
			if (b === 0xed) hi = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			if (b === 0xf0) lo = 0x90;
			if (b === 0xf4) hi = 0x8f;
		} else return i;
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
		}
		i += need + 1;
	}
	return bytes.length;
}
