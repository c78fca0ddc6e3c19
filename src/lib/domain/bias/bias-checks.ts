import type { JudgmentRow } from '../study-stats/types.ts';
import type { BootstrapOptions, Outcome } from '../stats/types.ts';
import { lengthBias, type LengthBias, type LengthRow } from './length-bias.ts';
import type { StyleFeatures } from './style-features.ts';
import { styleControlledBradleyTerry, type StyleControlReport } from './style-controlled-bt.ts';

export type BiasChecks = {
	/** Per rater (juniors' ratings and seniors' independent judgments), all raters, final labels. */
	length: LengthBias[];
	styleControl: StyleControlReport | null;
	/** Pairs left out because an answer's text (so its length) is unknown. */
	missingStyle: number;
};

/** `${prompt}\u0000${model}`: the key of an answer's style features. */
export const styleKey = (prompt: string, model: string) => `${prompt}\u0000${model}`;

/**
 * The length and style checks of a study's "Bias checks" (issue #16 §5); position bias is
 * `positionBias` of the study statistics. Repeats and seniors' final (post-vote) judgments stay
 * out of the per-rater rows: each rater's first, independent choice is what could be biased.
 */
export function biasChecks(
	judgments: readonly JudgmentRow[],
	finals: readonly Outcome[],
	styles: ReadonlyMap<string, StyleFeatures>,
	bootstrap?: BootstrapOptions | null
): BiasChecks {
	let missingStyle = 0;
	const styled = <T extends { prompt: string; model: string; opponent: string }>(row: T) => {
		const a = styles.get(styleKey(row.prompt, row.model));
		const b = styles.get(styleKey(row.prompt, row.opponent));
		if (!a || !b) {
			missingStyle++;
			return null;
		}
		return { ...row, modelStyle: a, opponentStyle: b };
	};
	const toLength = (row: {
		outcome: Outcome['outcome'];
		modelStyle: StyleFeatures;
		opponentStyle: StyleFeatures;
	}): LengthRow => ({
		outcome: row.outcome,
		modelLength: row.modelStyle.length,
		opponentLength: row.opponentStyle.length
	});

	const byRater = new Map<string, LengthRow[]>();
	const all: LengthRow[] = [];
	for (const row of judgments) {
		if (row.stage === 'final' || row.isRepeat) continue;
		const s = styled(row);
		if (!s) continue;
		let list = byRater.get(row.rater);
		if (!list) byRater.set(row.rater, (list = []));
		const lengthRow = toLength(s);
		list.push(lengthRow);
		all.push(lengthRow);
	}
	const styledFinals = finals.flatMap((o) => styled(o) ?? []);
	const raters = [...byRater.keys()].sort((a, b) =>
		a.localeCompare(b, undefined, { numeric: true })
	);
	return {
		length: [
			...raters.map((rater) => lengthBias(rater, byRater.get(rater)!)),
			...(all.length ? [lengthBias('all raters', all)] : []),
			...(styledFinals.length ? [lengthBias('final labels', styledFinals.map(toLength))] : [])
		],
		styleControl: styledFinals.length
			? styleControlledBradleyTerry(styledFinals, { bootstrap })
			: null,
		missingStyle
	};
}
