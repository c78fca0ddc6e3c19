/**
 * The tables of the `tags` export and the study page's "Issues and harms" (issue #16 §2): the
 * long table of stored facts (one row per rater × pair × response × tag or harm, and per
 * dimension note), the rates per model with Wilson intervals, and agreement per tag.
 */
import type { Column, Table } from '../export/table.ts';
import { roundTo } from '../stats/round-to.ts';
import type { ModelReasonRates, Rate } from './reason-rates.ts';
import type { IssueTag } from './reasons.ts';
import type { TagAgreement } from './tag-agreement.ts';

const right = (key: string, label: string, group?: string): Column => ({
	key,
	label,
	align: 'right',
	group
});

export const REASON_COLUMNS: Column[] = [
	{ key: 'rater', label: 'rater' },
	{ key: 'prompt', label: 'prompt' },
	{ key: 'model', label: 'model' },
	{ key: 'opponent', label: 'opponent' },
	{ key: 'kind', label: 'kind' },
	{ key: 'key', label: 'key' },
	{ key: 'side', label: 'side' },
	{ key: 'response', label: 'response' },
	{ key: 'shown_as', label: 'shown_as' },
	{ key: 'value', label: 'value' }
];

/** One row per stored fact (records from services/reason-stats.ts). */
export function reasonLongTable(
	records: readonly {
		rater: string;
		prompt: string;
		model: string;
		opponent: string;
		kind: string;
		key: string;
		side: string;
		response: string;
		shownAs: string;
		value: string;
	}[]
): Table {
	return {
		caption:
			'Issue tags, harms and per-dimension notes (one row per rater, pair, response and tag)',
		columns: REASON_COLUMNS,
		rows: records.map(({ shownAs, ...r }) => ({ ...r, shown_as: shownAs }))
	};
}

/** A rate's row cells: count, n, rate, Wilson interval. */
function rateCells(rate: Rate) {
	return {
		count: rate.count,
		n: rate.n,
		rate: roundTo(rate.rate, 4),
		lo: roundTo(rate.interval?.[0], 4),
		hi: roundTo(rate.interval?.[1], 4)
	};
}

/** Per model and issue (each tag, harm mild or worse, harm severe): the rate with its interval. */
export function reasonRatesTable(
	rates: readonly ModelReasonRates[],
	tags: readonly IssueTag[],
	modelName: (key: string) => string = (key) => key
): Table {
	return {
		caption:
			'Issues and harms per model: share of its rated responses with each tag, and of its harm-rated responses rated mild or worse / severe (Wilson 95% CI)',
		columns: [
			{ key: 'model', label: 'Model' },
			{ key: 'issue', label: 'Issue' },
			right('count', 'Count'),
			right('n', 'N'),
			right('rate', 'Rate'),
			right('lo', 'low', 'Wilson 95% CI'),
			right('hi', 'high', 'Wilson 95% CI')
		],
		rows: rates.flatMap((m) => [
			...tags.map((tag) => ({
				model: modelName(m.model),
				issue: tag.label,
				...rateCells(m.tags[tag.key])
			})),
			...(m.harm
				? [
						{
							model: modelName(m.model),
							issue: 'Harm: mild or worse',
							...rateCells(m.harm.mildOrWorse)
						},
						{ model: modelName(m.model), issue: 'Harm: severe', ...rateCells(m.harm.severe) }
					]
				: [])
		])
	};
}

/** Agreement between raters on each tag's presence per response. */
export function tagAgreementTable(
	rows: readonly ({ key: string; label: string } & TagAgreement)[]
): Table {
	return {
		caption:
			'Agreement on issue tags: presence per response over responses with two or more ratings (Cohen’s κ between the first and second rater; Gwet’s AC1)',
		columns: [
			{ key: 'issue', label: 'Issue' },
			right('n', 'Responses'),
			right('tagged', 'Tagged'),
			right('agreement', 'Agreement'),
			right('kappa', 'Cohen κ'),
			right('ac1', 'Gwet AC1')
		],
		rows: rows.map((r) => ({
			issue: r.label,
			n: r.n,
			tagged: r.tagged,
			agreement: roundTo(r.observed, 4),
			kappa: roundTo(r.kappa.value, 4),
			ac1: roundTo(r.ac1.value, 4)
		}))
	};
}
