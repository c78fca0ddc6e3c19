/**
 * The statistics' diagnostic notes (machine keys such as "cohen_kappa.unweighted: undefined in
 * 10 of 1000 bootstrap resamples…") as a researcher reads them (issue 17 items 1 and 2): display
 * names, one short sentence per dimension, the details kept for on demand.
 */
import { nounFor } from '../../format.ts';

export const COEFFICIENT_NAMES: Record<string, string> = {
	percent_agreement: '% agreement',
	cohen_kappa: 'Cohen’s κ',
	'cohen_kappa.unweighted': 'Cohen’s κ',
	'cohen_kappa.linear': 'Cohen’s κ (linear)',
	'cohen_kappa.quadratic': 'Cohen’s κ (quadratic)',
	scott_pi: 'Scott’s π',
	fleiss_kappa: 'Fleiss’ κ',
	fleiss_kappa_generalized: 'Fleiss’ κ (generalized)',
	'krippendorff_alpha.nominal': 'α nominal',
	'krippendorff_alpha.ordinal': 'α ordinal',
	'krippendorff_alpha.interval': 'α interval',
	'krippendorff_alpha.ratio': 'α ratio',
	gwet_ac1: 'Gwet’s AC1',
	'gwet_ac2.linear': 'Gwet’s AC2 (linear)',
	'gwet_ac2.quadratic': 'Gwet’s AC2 (quadratic)'
};

const RESAMPLES = /^([\w.]+): undefined in (\d+) of (\d+) bootstrap resamples/;

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One agreement row's notes: a sentence for the page and each note with display names. */
export function agreementNotesInWords(
	notes: readonly string[],
	shown: ReadonlySet<string>
): { summary: string; details: string[] } | null {
	if (notes.length === 0) return null;
	const resampled: { key: string; missing: number; of: number }[] = [];
	const undefinedNotes: string[] = [];
	for (const note of notes) {
		const m = RESAMPLES.exec(note);
		if (m) resampled.push({ key: m[1], missing: Number(m[2]), of: Number(m[3]) });
		else undefinedNotes.push(note);
	}
	const name = (key: string) => COEFFICIENT_NAMES[key] ?? key;
	const parts: string[] = [];
	const undefinedShown = undefinedNotes.filter((n) =>
		n
			.split(':')[0]
			.split(', ')
			.some((k) => shown.has(k))
	);
	if (undefinedShown.length)
		parts.push(
			`${listInWords(undefinedShown.map((n) => n.split(':')[0].split(', ').map(name).join(', ')))} cannot be computed here (details below)`
		);
	const visible = resampled.filter((r) => shown.has(r.key));
	if (visible.length) {
		const most = Math.max(...visible.map((r) => r.missing));
		parts.push(
			`the intervals of ${listInWords(visible.map((r) => name(r.key)))} leave out up to ${most} of ${visible[0].of} resamples in which the coefficient is undefined`
		);
	}
	// Notes only on coefficients the page does not show stay in the export.
	if (parts.length === 0) return null;
	const hidden = resampled.length - visible.length + undefinedNotes.length - undefinedShown.length;
	if (hidden > 0)
		parts.push(`${hidden} more ${nounFor(hidden, 'note')} on coefficients only in the export`);
	const summary = parts.join('; ');
	const details = [
		...undefinedNotes.map((n) => {
			const [keys, ...reason] = n.split(': ');
			return `${keys.split(', ').map(name).join(', ')}: ${reason.join(': ')}`;
		}),
		...resampled.map(
			(r) =>
				`${name(r.key)}: undefined in ${r.missing} of ${r.of} bootstrap resamples (every rating in the resample the same, or chance agreement 1); the 95 % interval is taken over the other ${r.of - r.missing}.`
		)
	];
	return { summary: summary.charAt(0).toUpperCase() + summary.slice(1) + '.', details };
}

/** Bradley–Terry's note on resamples without estimable strengths, in words; null for others. */
export function rankingResampleNote(note: string): string | null {
	const m = /not estimable in (\d+) of (\d+) bootstrap resamples/.exec(note);
	return m
		? `In ${m[1]} of ${m[2]} bootstrap resamples the strengths could not be estimated (a model won or lost everything there); the intervals are taken over the other ${Number(m[2]) - Number(m[1])}.`
		: null;
}
