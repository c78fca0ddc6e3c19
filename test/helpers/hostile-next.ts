/**
 * Hostile `?next=` values for the sign-in redirect, shared by the unit and browser tests, as
 * `url.searchParams.get('next')` returns them (already percent-decoded once).
 */
export const HOSTILE_NEXT: (string | null)[] = [
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r/evil.example',
	'/\r\nSet-Cookie: x=1',
	'\t//evil.example',
	'//evil.example',
	'///evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'\\/evil.example',
	'https://evil.example',
	'https:evil.example',
	'http:/evil.example',
	'javascript:alert(1)',
	'JavaScript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.example',
	' /studies',
	'/..//evil.example',
	'/./\t/evil.example',
	'/\u0000/evil.example',
	'/\u0085/evil.example',
	'/' + 'a'.repeat(5000),
	'',
	null
];
