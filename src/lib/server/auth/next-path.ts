/**
 * Where to send someone after signing in, from the `?next=` parameter: only a path on this site.
 * The check is made on what a URL parser makes of the value (browsers drop tabs and newlines
 * and read `\` as `/`, so `/\t/evil.example` means `//evil.example`), and the parsed, normalised
 * path is what is returned, so the browser cannot read it differently.
 */
const MAX_LENGTH = 2048;
// C0 controls, DEL, C1 controls, and the backslash that WHATWG URL parsing treats as `/`.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

export function safeNextPath(next: string | null | undefined, origin: string): string | null {
	if (!next || next.length > MAX_LENGTH || UNSAFE.test(next)) return null;
	if (!next.startsWith('/') || next.startsWith('//')) return null;
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return null;
	}
	if (url.origin !== origin) return null;
	const path = url.pathname + url.search + url.hash;
	// `/..//evil.example` normalises to `//evil.example`, a protocol-relative URL.
	if (!path.startsWith('/') || path.startsWith('//') || UNSAFE.test(path)) return null;
	return path;
}
