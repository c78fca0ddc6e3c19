import { agreementReport } from '../stats/agreement-report.ts';
import { tablesReport } from '../stats/tables-report.ts';
import type {
	BootstrapOptions,
	Interval,
	Outcome,
	OutcomeLabel,
	TablesReport
} from '../stats/types.ts';
import { positionBias, type PositionBias } from '../study-stats/position-bias.ts';
import type { JudgmentRow } from '../study-stats/types.ts';

/** One stored judge judgment, with keys. */
export type JudgeRow = {
	judge: string;
	prompt: string;
	model: string;
	opponent: string;
	dimension: string;
	outcome: OutcomeLabel;
	grade: number | null;
	modelShownFirst: boolean;
};

export type JudgeAgreement = {
	dimension: string;
	/** "final labels" or a junior's pseudonym. */
	against: string;
	/** Pairs both the judge and `against` decided. */
	n: number;
	percent_agreement: number | null;
	cohen_kappa: number | null;
	cohen_kappa_ci95: Interval | null;
	gwet_ac1: number | null;
	gwet_ac1_ci95: Interval | null;
};

export type JudgeReport = {
	judge: string;
	n: number;
	agreement: JudgeAgreement[];
	position: PositionBias;
	/** The win / tie / loss cells and Bradley–Terry ranking the judge alone gives. */
	tables: TablesReport;
};

const CATEGORIES = ['loss', 'tie', 'win'];
const itemOf = (r: { prompt: string; model: string; opponent: string }) =>
	`${r.prompt}\u0000${r.model}\u0000${r.opponent}`;

/**
 * What each automatic judge would conclude, and how far it agrees with the humans (issue #16
 * §4): per dimension, Cohen's κ (unweighted) and Gwet's AC1 between the judge and the final
 * labels and between the judge and each junior, over the pairs both decided, with percentile
 * bootstrap intervals over prompts (the agreement engine of ARCHITECTURE §5 with two raters);
 * the judge's position bias (share of "first shown" among its non-tie choices, sign test); and
 * the win / tie / loss table the judge's outcomes alone give. Reads human rows; writes nothing
 * back: judges never enter the human statistics.
 */
export function judgeReports(
	judgeRows: readonly JudgeRow[],
	humans: readonly JudgmentRow[],
	finals: readonly Outcome[],
	bootstrap?: BootstrapOptions | null
): JudgeReport[] {
	const byJudge = new Map<string, JudgeRow[]>();
	for (const row of judgeRows) {
		let list = byJudge.get(row.judge);
		if (!list) byJudge.set(row.judge, (list = []));
		list.push(row);
	}
	const juniors = humans.filter((r) => r.role === 'junior' && r.stage === 'rating' && !r.isRepeat);
	const references: {
		against: string;
		rows: { item: string; dimension: string; prompt: string; label: string }[];
	}[] = [
		{
			against: 'final labels',
			rows: finals.map((o) => ({
				item: itemOf(o),
				dimension: o.dimension ?? '',
				prompt: o.prompt,
				label: o.outcome
			}))
		},
		...[...new Set(juniors.map((r) => r.rater))]
			.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
			.map((rater) => ({
				against: rater,
				rows: juniors
					.filter((r) => r.rater === rater)
					.map((r) => ({
						item: itemOf(r),
						dimension: r.dimension,
						prompt: r.prompt,
						label: r.outcome
					}))
			}))
	];

	return [...byJudge].map(([judge, rows]) => {
		const own = rows.map((r) => ({
			item: itemOf(r),
			dimension: r.dimension,
			prompt: r.prompt,
			label: r.outcome
		}));
		const judged = new Set(own.map((r) => `${r.dimension}\u0000${r.item}`));
		const agreement: JudgeAgreement[] = [];
		for (const reference of references) {
			const theirs = reference.rows.filter((r) => judged.has(`${r.dimension}\u0000${r.item}`));
			const decided = new Set(theirs.map((r) => `${r.dimension}\u0000${r.item}`));
			const mine = own.filter((r) => decided.has(`${r.dimension}\u0000${r.item}`));
			if (mine.length === 0) continue;
			// A rater name the judge cannot have: the two raters of this comparison.
			const ratings = [
				...mine.map((r) => ({ ...r, rater: '\u0000judge' })),
				...theirs.map((r) => ({ ...r, rater: reference.against }))
			];
			const report = agreementReport(ratings, { categories: CATEGORIES, bootstrap });
			for (const result of report.results) {
				agreement.push({
					dimension: result.dimension ?? '',
					against: reference.against,
					n: result.n_items_pairable,
					percent_agreement: result.percent_agreement,
					cohen_kappa: result.cohen_kappa?.unweighted ?? null,
					cohen_kappa_ci95: result.bootstrap?.ci95.cohen_kappa?.unweighted ?? null,
					gwet_ac1: result.gwet_ac1,
					gwet_ac1_ci95: result.bootstrap?.ci95.gwet_ac1 ?? null
				});
			}
		}
		const [position] = positionBias(
			rows.map((r) => ({
				rater: judge,
				stage: 'rating',
				outcome: r.outcome,
				modelOnLeft: r.modelShownFirst
			}))
		);
		return {
			judge,
			n: rows.length,
			agreement,
			position,
			tables: tablesReport(rows, { bootstrap })
		};
	});
}
