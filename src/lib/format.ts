/**
 * One way to write counts and times on every page (issue 17 item 14): plural forms from
 * Intl.PluralRules rather than "(s)" or a hand-written `=== 1`, and one date format that names
 * its time zone, so a screenshot says when it was taken wherever it is read.
 */
const plural = new Intl.PluralRules('en');

/** "1 pair", "3 pairs"; `many` for nouns whose plural is not noun + "s". */
export function countOf(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en')} ${plural.select(n) === 'one' ? one : many}`;
}

/** The noun alone, in the form that goes with n ("1 senior", "2 seniors" without the number). */
export function nounFor(n: number, one: string, many = `${one}s`): string {
	return plural.select(n) === 'one' ? one : many;
}

/** "30 Nov 2026, 10:58 UTC": day first (unambiguous), 24-hour clock, the zone named. */
export const dateTime = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZoneName: 'short'
});

/** "30 Nov 2026": the date part of dateTime, where the time is shown apart. */
export const dayOf = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric'
});

/** "10:58 UTC": for times within the day the page was loaded. */
export const timeOfDay = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	timeZoneName: 'short'
});
